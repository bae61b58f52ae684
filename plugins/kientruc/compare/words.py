"""Word-level differences of a changed text, for the comparison tables.

A changed description shown as "old → new", both cut short, hides what changed; readers want the
changed words marked. Editor text may carry light Markdown (``**bold**``, links); it is reduced
to plain words first (the shared text pipeline, :mod:`kientruc.safe`), so no raw ``**``
reaches the page, and every word is escaped again for Markdown.
"""

from __future__ import annotations

from difflib import SequenceMatcher

from .. import safe
from ..md import esc


def plain_words(text: str) -> list[str]:
    """The words of editor text with its Markdown rendered away (:func:`kientruc.safe.plain`)."""
    return safe.plain_line(text).split()


def _run(words: list[str]) -> str:
    return esc(" ".join(words))


def _equal(words: list[str], context: int | None, *, first: bool, last: bool) -> str:
    """An unchanged run, shortened to ``context`` words next to each change."""
    if context is None:
        return _run(words)
    head = [] if first else words[:context]
    tail = [] if last else words[-context:]
    if len(head) + len(tail) >= len(words):
        return _run(words)
    return " ".join(part for part in (_run(head), "…", _run(tail)) if part)


def word_diff(old: str, new: str, *, on_site: bool = True, context: int | None = None) -> str:
    """Markdown with inline ``<del>``/``<ins>`` marking the words removed from and added to a text.

    Nothing is cut: both texts are shown whole, merged into one run where unchanged words
    appear once. Words are escaped with :func:`kientruc.md.esc`. On the site the tags carry a
    visually hidden prefix ("đã xoá:", "đã thêm:") so screen readers announce them; elsewhere
    (``on_site=False``: a pull-request comment, whose sanitiser drops classes and would show the
    prefix) they are bare ``<del>``/``<ins>``, which GitHub renders struck through and underlined.
    With ``context``, a long unchanged run keeps only that many words on each side of a change
    (``…`` stands for the rest): a reviewer sees the changed words without reading the page.
    """
    a, b = plain_words(old), plain_words(new)
    deleted, inserted = (('<del class="kt-del"><span class="kt-sr">đã xoá: </span>',
                          '<ins class="kt-ins"><span class="kt-sr">đã thêm: </span>')
                         if on_site else ("<del>", "<ins>"))
    out: list[str] = []
    for op, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(_equal(a[i1:i2], context, first=i1 == 0, last=i2 == len(a)))
            continue
        if op in ("delete", "replace"):
            out.append(f"{deleted}{_run(a[i1:i2])}</del>")
        if op in ("insert", "replace"):
            out.append(f"{inserted}{_run(b[j1:j2])}</ins>")
    return " ".join(out) or "—"


def diff_counts(old: str, new: str) -> tuple[int, int]:
    """How many words were removed and added (for a short "−3 / +5 từ" note and tests)."""
    a, b = plain_words(old), plain_words(new)
    removed = added = 0
    for op, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op in ("delete", "replace"):
            removed += i2 - i1
        if op in ("insert", "replace"):
            added += j2 - j1
    return removed, added
