"""Vietnamese text helpers: NFC normalisation and ASCII folding for search."""

from __future__ import annotations

import unicodedata

_EXTRA = str.maketrans({"đ": "d", "Đ": "D"})


def nfc(text: str) -> str:
    """Return ``text`` in NFC, the form every source string is stored in."""
    return unicodedata.normalize("NFC", text)


def fold(text: str) -> str:
    """Remove Vietnamese diacritics: ``"Dữ liệu dùng chung"`` → ``"Du lieu dung chung"``.

    NFD splits letters from their marks, the combining marks are dropped, and ``đ``/``Đ``
    (which have no decomposition) are mapped by hand.
    """
    decomposed = unicodedata.normalize("NFD", text.translate(_EXTRA))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))
