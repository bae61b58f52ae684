"""Vietnamese text helpers: NFC normalisation and ASCII folding for search."""

from __future__ import annotations

import re
import unicodedata

_EXTRA = str.maketrans({"đ": "d", "Đ": "D"})


class _Marks(dict[int, int | None]):
    """``str.translate`` table dropping combining marks, filled as characters are met."""

    def __missing__(self, code: int) -> int | None:
        value = None if unicodedata.combining(chr(code)) else code
        self[code] = value
        return value


_MARKS = _Marks()


def nfc(text: str) -> str:
    """Return ``text`` in NFC, the form every source string is stored in."""
    return unicodedata.normalize("NFC", text)


def fold(text: str) -> str:
    """Remove Vietnamese diacritics: ``"Dữ liệu dùng chung"`` → ``"Du lieu dung chung"``.

    NFD splits letters from their marks, the combining marks are dropped, and ``đ``/``Đ``
    (which have no decomposition) are mapped by hand.
    """
    return unicodedata.normalize("NFD", text.translate(_EXTRA)).translate(_MARKS)


def slugify(value: str, separator: str = "-") -> str:
    """Heading anchors without diacritics: ``"Sơ đồ ngữ cảnh"`` → ``"so-do-ngu-canh"``.

    Python-Markdown's default drops ``đ`` and every accented letter's mark unevenly
    (``so-o-ngu-canh``); readers share these anchors, so they should read as words.
    """
    text = re.sub(r"<[^>]*>", "", fold(value)).lower()
    text = re.sub(r"[^\w\s-]", "", text, flags=re.ASCII)
    return re.sub(r"[\s-]+", separator, text).strip(separator)


def thousands(amount: int) -> str:
    """Group digits the Vietnamese way, with dots: ``45000000000`` → ``"45.000.000.000"``.

    Every amount of đồng and every count on the site, in the downloads and in messages is written
    with this one function, followed by the unit its context uses (``đ`` in tables, ``đồng`` in
    sentences).
    """
    return f"{amount:,}".replace(",", ".")


def years(start: object, end: object) -> str:
    """A period as readers write it: ``2021–2025``, or ``2022`` when it is one year."""
    return f"{start}" if start == end else f"{start}–{end}"


def date_vi(value: object) -> str:
    """A date as Vietnamese readers write it: ``2021-11-02`` → ``02/11/2021``.

    The one date formatter of the site, the downloads and the handbook; anything that is not an
    ISO date is returned unchanged, and an unknown date (``None``) as an empty text.
    """
    if value is None:
        return ""
    text = str(value)
    parts = text.split("-")
    if len(parts) == 3 and all(p.isdigit() for p in parts):
        return f"{parts[2]}/{parts[1]}/{parts[0]}"
    return text
