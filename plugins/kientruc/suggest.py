""""Did you mean" hints for unknown ids, fields and types, and slug suggestions for bad ids."""

from __future__ import annotations

import difflib
import re
import unicodedata
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterable


def fold(text: str) -> str:
    """Fold a word for comparison: lower case, no Vietnamese marks, ``_`` and spaces as ``-``."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return re.sub(r"[\s_]+", "-", bare.strip().lower())


def closest(word: str, choices: Iterable[str]) -> str | None:
    """Return the choice an editor most likely meant by ``word``, or ``None``."""
    pool = sorted(set(choices))
    if not pool or word in pool:
        return None
    folded: dict[str, str] = {}
    for choice in pool:
        folded.setdefault(fold(choice), choice)
    same = folded.get(fold(word))
    if same is not None:
        return same
    tail = fold(word).rsplit(".", 1)[-1]
    for candidate in difflib.get_close_matches(fold(word), list(folded), n=3, cutoff=0.6):
        # Dotted ids share prefixes ("app.", "tb.db."): the last part must look alike too.
        if "." not in word or _ratio(tail, candidate.rsplit(".", 1)[-1]) >= 0.6:
            return folded[candidate]
    if "." in word:
        # ids are dotted: compare the last part too ("tb.app.lgps" vs "tb.app.lgsp").
        tails = {choice.rsplit(".", 1)[-1]: choice for choice in pool}
        hit = difflib.get_close_matches(fold(word).rsplit(".", 1)[-1], list(tails), n=1,
                                        cutoff=0.75)
        if hit:
            return tails[hit[0]]
    return None


def _ratio(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a, b).ratio()


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """Return ``"; có phải là 'x'?"`` for the closest choice, or an empty string."""
    close = closest(word, choices)
    return f"; có phải là '{close}'?" if close else ""


def known(choices: Iterable[str], limit: int = 12, *, label: str = "các giá trị hợp lệ") -> str:
    """Return ``"; các giá trị hợp lệ: 'a', 'b', …"`` for short lists, empty for long ones."""
    pool = sorted(set(choices))
    if not pool or len(pool) > limit:
        return ""
    return f"; {label}: " + ", ".join(f"'{c}'" for c in pool)


def suggest_slug(text: str) -> str | None:
    """Return a valid id close to ``text`` (``'Ứng dụng'`` → ``'ung-dung'``), if there is one."""
    slug = re.sub(r"[^a-z0-9.]+", "-", fold(text))
    slug = re.sub(r"-*\.[-.]*", ".", slug)
    slug = re.sub(r"-{2,}", "-", slug).strip("-.")
    return slug or None
