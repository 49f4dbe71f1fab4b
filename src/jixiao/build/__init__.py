"""Stage 6, build: the site, around whatever generator turns Markdown into HTML (MkDocs, Zensical).

``start`` computes every evaluation's part (``evaluation``, in ``workers``) and the site-wide pages
(``site_pages``, ``catalogue``, ``search``) into a ``BuildState``, or restores them from ``cache``;
``project`` writes the state out as a plain project for the generator; ``finish`` completes the
generator's site (``html_cache``, open data, ``pdfs``, ``sitemap``, Pagefind, ``checksums``, the
personal-data scan). ``urls`` is where pages are served; ``cache_folders`` backs ``jixiao cache``.
"""
