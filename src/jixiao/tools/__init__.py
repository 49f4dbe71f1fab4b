"""Beside the pipeline: commands that write data rather than read it, and the terminal's score sheet.

``scaffold`` (``jixiao new``), ``survey_import`` (``jixiao import survey``), ``editions``
(``jixiao publish``, mike), ``score_text`` (``jixiao score``'s columns).
"""
