"""Integrity checks for public disclosure, one module per check.

``narrative`` (typed figures vs data, reading ``claims`` and ``referents``), ``names`` (name
variants), ``arithmetic`` (sums, shares, grades as typed), ``privacy`` (personal data), ``safety``
(script, third-party resources, files outside the docs folder), ``templating`` (template code the
sandbox refuses), ``placeholders`` (template text left in a published evaluation) and
``publication`` (the consent gate's finding); ``checks`` composes them, ``published`` searches the
finished site, ``command`` is ``jixiao check``. ``jixiao check`` and the site build run the same
functions: ``check_evaluation`` for an evaluation's data and pages, ``check_pages`` for every
page's HTML, ``check_narrative_file`` for an imported hand-typed report.
"""
