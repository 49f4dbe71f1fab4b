"""The circled numbers (①②③…) that reports number criteria and listed problems with."""


def circled(n: int) -> str:
    """①…⑳ for criterion numbers, as the reports write them; (21) and on beyond."""
    return chr(0x2460 + n - 1) if 1 <= n <= 20 else f"({n})"
