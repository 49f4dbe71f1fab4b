"""jixiao (绩效): budget performance-evaluation reports as data, pages and PDFs.

The package is the engine; it runs without MkDocs. Data flows one way, folder by folder:
``data`` (read and validate) → ``scoring`` → ``presentation`` (tables, bound pages) → ``integrity``
(checks) → ``outputs`` (open data, PDF) → ``build`` (the site around any generator);
``corrections`` and ``tools`` stand beside. ARCHITECTURE.md draws the tree.
"""

__version__ = "0.1.0"
