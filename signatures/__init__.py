"""The signed copy of an issued periodic summary: a digitally signed PDF, verified, or a scan of
the signed paper; and the office's optional seal on the PDF it issues."""
