""""Did you mean" hints for unknown ids, fields and types."""

from __future__ import annotations

import difflib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterable


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """Return ``"; có phải là 'x'?"`` for the closest choice, or an empty string."""
    pool = sorted(set(choices))
    close = difflib.get_close_matches(word, pool, n=1, cutoff=0.6)
    if not close and "." in word:
        # ids are dotted: compare the last part too ("tb.app.lgps" vs "tb.app.lgsp").
        tails = {choice.rsplit(".", 1)[-1]: choice for choice in pool}
        hit = difflib.get_close_matches(word.rsplit(".", 1)[-1], list(tails), n=1, cutoff=0.75)
        close = [tails[hit[0]]] if hit else []
    return f"; có phải là '{close[0]}'?" if close else ""


def known(choices: Iterable[str], limit: int = 12) -> str:
    """Return ``"các giá trị hợp lệ: 'a', 'b', …"`` for short lists, empty for long ones."""
    pool = sorted(set(choices))
    if not pool or len(pool) > limit:
        return ""
    return "; các giá trị hợp lệ: " + ", ".join(f"'{c}'" for c in pool)
