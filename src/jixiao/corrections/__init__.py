"""Beside the pipeline: what a change does to published figures, read from git.

``against`` is ``jixiao check --against`` (a published figure changed without a revision record),
``diff`` the pull-request comment (``jixiao diff``), ``git`` the project as it was at a revision.
"""
