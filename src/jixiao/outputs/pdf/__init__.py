"""One PDF per evaluation: the report's own layout, archival (PDF/A-3) and reproducible.

``document`` turns a build's data and narrative into one HTML document, ``render``
runs WeasyPrint on it (local files only), ``cache`` keeps rendered PDFs keyed by
everything they depend on, ``parallel`` renders what the cache lacks in worker
processes, and ``publish`` places the PDFs into the built site.
Importing this package does not import WeasyPrint; ``publish`` does.
"""
