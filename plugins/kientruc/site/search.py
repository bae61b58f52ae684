"""Vietnamese search without diacritics: a folded copy of each page's words in the index.

Material's search (lunr) matches words exactly, so "du lieu" would not find "dữ liệu". The
index side is here; the query side is the theme override
``overrides/assets/javascripts/lunr/min/lunr.vi.min.js``.
"""

from __future__ import annotations

import json
import re
from html import unescape
from typing import TYPE_CHECKING

from ..text import fold

if TYPE_CHECKING:
    from pathlib import Path

SEARCH_SEPARATOR = r"[\s\u200b\-,:;!?=\[\]()\"'`/|]+|\.(?!\d)|&[lg]t;"
"""Word separator of the search index: spaces, hyphens and punctuation, so that ``(LGSP)`` or
``tỉnh,`` index as ``lgsp`` and ``tỉnh`` (a dot splits words, not numbers such as ``2.0``)."""

_PLAIN_SEPARATOR = r"[\s\-]+"
"""The separator Material uses for Vietnamese; replaced by :data:`SEARCH_SEPARATOR`."""

FOLDED_FIELDS = {"title": "ascii_title", "text": "ascii"}
"""Each searchable field and the field that holds its words without diacritics."""

_TAG = re.compile(r"<[^>]*>")


def folded_words(text: str, separator: str = SEARCH_SEPARATOR, *, once: bool = False) -> str:
    """Fold the words of HTML ``text`` that carry diacritics: ``"Dữ liệu (LGSP)"`` → ``"Du lieu"``.

    Words without diacritics are left out: the original field already holds them, and
    repeating them would count them twice. With ``once``, each folded word is kept once:
    folding merges different words (``dùng``, ``dụng`` → ``dung``), so a title that repeats
    a folded form is not a better match for it.
    """
    plain = unescape(_TAG.sub(" ", text))
    words = (word for word in re.split(separator, plain) if word)
    folded = [f for f, w in ((fold(word), word) for word in words) if f != w]
    if once:
        folded = list(dict.fromkeys(f.lower() for f in folded))
    return " ".join(folded)


def version_label(location: str, root: str) -> str | None:
    """``cqdt 2.0`` for a page of that version (``kien-truc/cqdt/2.0/…``), else ``None``."""
    found = re.match(rf"{re.escape(root.strip('/'))}/([a-z0-9]+(?:-[a-z0-9]+)*)/"
                     r"([0-9]+(?:\.[0-9]+)*)/", location)
    return f"{found[1]} {found[2]}" if found else None


def fold_search_index(index: Path, skip: frozenset[str], *, directory_urls: bool,
                      root: str = "kien-truc") -> None:
    """Make Material's search work without Vietnamese diacritics; drop skipped pages.

    Each document gets ``ascii_title`` and ``ascii``: the words of its title and text that
    carry diacritics, folded (``Dữ liệu`` → ``Du lieu``; title words once each). They are
    registered with the boosts of ``title`` and ``text``, so ``du lieu dung chung`` ranks pages
    the way ``dữ liệu dùng chung`` does, while a query with diacritics never matches a folded
    word and ranks exactly as without folding. The query side is in the theme override
    ``overrides/assets/javascripts/lunr/min/lunr.vi.min.js`` (NFC, whole-word matching of
    finished words without diacritics). The word separator also splits at punctuation, so
    that a title ending in ``(LGSP)`` is found by ``lgsp``.

    The title of each page of a version (under ``root``) ends with the version, ``· cqdt 2.0``,
    because the same element has the same title in every version and architecture: a result
    list would otherwise show identical lines.
    """
    del directory_urls
    data = json.loads(index.read_text(encoding="utf-8"))
    config = data.setdefault("config", {})
    if config.get("separator", _PLAIN_SEPARATOR) == _PLAIN_SEPARATOR:
        config["separator"] = SEARCH_SEPARATOR
    separator = config["separator"]
    try:
        re.compile(separator)
    except re.error:  # a JavaScript-only pattern from mkdocs.yml: split ours the usual way
        separator = SEARCH_SEPARATOR
    docs = []
    for doc in data.get("docs", []):
        page = doc.get("location", "").split("#", 1)[0]
        if page in skip:
            continue
        for source, target in FOLDED_FIELDS.items():
            doc[target] = folded_words(doc.get(source) or "", separator,
                                       once=source == "title")
        label = version_label(doc.get("location", ""), root)
        if label and "#" not in doc.get("location", "") and doc.get("title"):
            doc["title"] = f"{doc['title']} · {label}"
        docs.append(doc)
    data["docs"] = docs
    fields = config.setdefault("fields", {"title": {"boost": 1000}, "text": {"boost": 1},
                                          "tags": {"boost": 1000000}})
    for source, target in FOLDED_FIELDS.items():
        fields[target] = {"boost": float(fields.get(source, {}).get("boost", 1.0))}
    index.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")),
                     encoding="utf-8")
