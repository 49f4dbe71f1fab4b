"""Stage 2, scoring: every criterion through its rule, summed up the indicator tree, checked against what was printed.

``sheets`` finds, loads and scores an evaluation; ``score`` builds its ``ScoreSheet``; ``rules/``
holds one module per scoring rule and the registry they join; ``formula`` is the safe arithmetic
that derived facts, rates and the ``formula`` rule share.
"""
