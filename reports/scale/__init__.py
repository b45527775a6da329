"""Synthetic data at realistic volumes, and the page benchmark that measures against it.

`seed_scale` fills a database with `small` or `decade` data (reports.scale.generate); the
`benchmark_pages` command times every page on it (reports.scale.pages). They are the project's
own way of seeing how it behaves with ten years of data; tests use smaller sizes of the same
generator to pin query counts.
"""
