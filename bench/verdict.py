"""Each benchmark's targets printed the same way: the figure, then OK or MISSED."""


def report(heading: str, checks: list[tuple[str, bool]]) -> int:
    """Print the heading and each check; return how many were missed (a benchmark exits 1 on any)."""
    print(heading)
    for text, ok in checks:
        print(f"    {text}: {'OK' if ok else 'MISSED'}")
    return sum(not ok for _text, ok in checks)
