"""The periodic summary as DOCX, PDF and XLSX, all drawn from one content dict.

Layout values live in `layout.py` only; the renderers take the content dict built by
`reports.selectors.summaries.summary_document` and return bytes.
"""

FORMATS = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def render(fmt: str, content: dict) -> bytes:
    if fmt == "docx":
        from .docx import render_docx

        return render_docx(content)
    if fmt == "pdf":
        from .pdf import render_pdf

        return render_pdf(content)
    if fmt == "xlsx":
        from .xlsx import render_xlsx

        return render_xlsx(content)
    raise ValueError(f"unknown format {fmt!r}")
