"""Stage 1, data: the files under ``scores/<id>/`` read with their line numbers and validated into models.

Nothing here computes a score: ``sources`` reads YAML and CSV exactly (``Decimal``, lines kept),
``model`` and ``load`` validate them (every problem a finding with file and line), and the small
modules beside say what the data means on its own: dates as precise as the report, the
commissioner's administrative level, money's one rounding rule, masked contacts, the consent gate,
text a spreadsheet would run, symbolic links that would lead out of the repository.
"""
