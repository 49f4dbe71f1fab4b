"""Stage 3, presentation: what a reader sees, made from the score sheet and nothing else.

Number formatting (``numbers``), generator-neutral tables (``tables``) and their HTML
(``table_html``), the chart, the record of corrections, and the page bindings (``bindings``: a
page's Markdown as a Jinja template run in ``sandbox``); ``cjk`` is the Markdown extension the
site and the PDF share; ``page_source`` splits a page file into the generator's front matter and
the body the engine binds.
"""
