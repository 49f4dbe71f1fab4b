"""jixiao (绩效): budget performance-evaluation reports as data, pages and PDFs.

The package is the engine; it runs without MkDocs. Data flows one way:
load (``load``) → validate (``validate``) → score (``score``) → render → publish.
"""

__version__ = "0.1.0"
