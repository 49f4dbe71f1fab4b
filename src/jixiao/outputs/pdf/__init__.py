"""One PDF per evaluation: the report's own layout, archival (PDF/A-3) and reproducible.

``document`` turns a build's data and narrative into one HTML document, ``render`` runs
WeasyPrint on it (local files only), ``parallel`` renders several in worker processes,
``publish`` renders what the build's cache lacks and keeps it in ``cache`` (``.cache/pdf/``),
``environment`` says what of the machine a PDF's bytes depend on, ``links`` where a PDF lives
in the site. Importing this package does not import WeasyPrint; ``publish`` does, when it renders.
"""
