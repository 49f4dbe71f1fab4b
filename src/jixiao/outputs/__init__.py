"""Stage 5, outputs: what a reader downloads, made from one evaluation's score sheet and pages.

``opendata`` (CSV, one XLSX workbook, JSON, ``datapackage.json``), ``score_json`` (the score sheet as
plain data) and ``pdf/`` (the archival PDF). They take a build's pages and sheets as plain data,
never the build itself.
"""
