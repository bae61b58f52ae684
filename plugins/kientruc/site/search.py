"""Vietnamese search without diacritics: a folded copy of each page's words in the index.

Material's search (lunr) matches words exactly, so "du lieu" would not find "dữ liệu". The
index side is here; the query side is the theme override
``overrides/assets/javascripts/lunr/min/lunr.vi.min.js``.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from functools import lru_cache
from html import unescape
from typing import TYPE_CHECKING

from ..text import fold, nfc

if TYPE_CHECKING:
    from collections.abc import Iterable
    from pathlib import Path

    from ..model.types import GlossaryTerm

SEARCH_SEPARATOR = r"[\s\u200b\-,:;!?=\[\]()\"'`/|]+|\.(?!\d)|&[lg]t;"
"""Word separator of the search index: spaces, hyphens and punctuation, so that ``(LGSP)`` or
``tỉnh,`` index as ``lgsp`` and ``tỉnh`` (a dot splits words, not numbers such as ``2.0``)."""

_PLAIN_SEPARATOR = r"[\s\-]+"
"""The separator Material uses for Vietnamese; replaced by :data:`SEARCH_SEPARATOR`."""

FOLDED_FIELDS = {"title": "ascii_title", "text": "ascii"}
"""Each searchable field and the field that holds its words without diacritics."""

ABBREVIATION_FIELD = "abbr"
"""The field that holds, for each page, the other form of the abbreviations in its title:
``csdl`` for "Cơ sở dữ liệu …", "cơ sở dữ liệu" for "CSDL …", and ``tt&tt`` for "Sở TT&amp;TT"
(the title itself indexes that as ``tt&amp;tt``, which no typed query matches)."""

SHARED_LABEL = "dùng chung"
"""What a result from the shared data (``kien-truc/chung/…``, no version) says instead."""

OLD_VERSION_BOOST = 0.3
"""Search boost factor of the pages of an architecture version that is not its newest: the
same system is usually described in both, and readers should land on the current one."""

_TAG = re.compile(r"<[^>]*>")
_SHORT = re.compile(r"(?:^|\s)[A-ZĐ][A-ZĐ&]*[A-ZĐ](?:\s|$)")
"""A word of two or more capitals (``&`` inside allowed): the mark of an abbreviation."""
_LEAD_PARAGRAPH = re.compile(r"\s*<p>(.*?)</p>", re.S)
_BOILERPLATE = ("Phiên bản cũ", "Trang này thuộc một phiên bản", "Phiên bản: ",
                "Thông tin minh họa", "Thông tin về thành phần này mang tính minh họa")
"""How the lines an element page starts with begin (old-version notice, version switcher,
provenance box): the same on hundreds of pages, so in the index they would only be noise
and would be shown as the snippet instead of the description."""


def folded_words(text: str, separator: str = SEARCH_SEPARATOR, *, once: bool = False) -> str:
    """Fold the words of HTML ``text`` that carry diacritics: ``"Dữ liệu (LGSP)"`` → ``"Du lieu"``.

    Words without diacritics are left out: the original field already holds them, and
    repeating them would count them twice. With ``once`` (titles), a folded word is repeated
    only as often as the most frequent word it comes from: folding merges different words
    (``dùng``, ``dụng`` → ``dung``), so a title with both is not a better match for ``dung``,
    while a title that says ``giải quyết`` twice ranks for ``giai quyet`` as it does for
    ``giải quyết``.
    """
    plain = unescape(_TAG.sub(" ", text))
    words = [word for word in re.split(separator, plain) if word]
    if not once:
        return " ".join(f for f, w in ((fold(word), word) for word in words) if f != w)
    counts = Counter(word.lower() for word in words)
    most: dict[str, int] = {}
    for word, count in counts.items():
        folded = fold(word)
        if folded != word:
            most[folded] = max(most.get(folded, 0), count)
    return " ".join(" ".join([folded] * count) for folded, count in most.items())


def version_label(location: str, root: str) -> str | None:
    """``cqdt 2.0`` for a page of that version (``kien-truc/cqdt/2.0/…``), else ``None``."""
    found = re.match(rf"{re.escape(root.strip('/'))}/([a-z0-9]+(?:-[a-z0-9]+)*)/"
                     r"([0-9]+(?:\.[0-9]+)*)/", location)
    return f"{found[1]} {found[2]}" if found else None


def abbreviations(glossary: Iterable[GlossaryTerm]) -> tuple[tuple[str, str], ...]:
    """(short, long) pairs of the glossary's abbreviations: ``("CSDL", "Cơ sở dữ liệu")``.

    The table lives in ``arch/common`` with the other content, so editors extend it. An entry
    is an abbreviation when its term has a word of two or more capitals (``Sở TT&TT``,
    ``HTTT một cửa điện tử``); the long form is the Vietnamese text without parentheses, up
    to a ``;`` or ``/``.
    """
    pairs = []
    for entry in glossary:
        if not _SHORT.search(f" {entry.term} "):
            continue
        long = re.split(r"[;/]", re.sub(r"\([^)]*\)", " ", entry.vi), maxsplit=1)[0]
        long = " ".join(long.replace('"', " ").split())
        if len(_words(long)) > 1 and _words(long) != _words(entry.term):
            pairs.append((nfc(entry.term), nfc(long)))
    return tuple(pairs)


def _words(text: str) -> list[str]:
    """Folded lower-case words of plain ``text`` (``&`` stays inside a word)."""
    return [w for w in re.split(r"[^0-9a-z&]+", fold(text).lower()) if w]


@lru_cache(maxsize=4096)
def _phrase(text: str) -> list[str]:
    """:func:`_words` of a glossary term, computed once per build (not once per page)."""
    return _words(text)


def _contains(words: list[str], phrase: list[str]) -> bool:
    n = len(phrase)
    return n > 0 and any(words[i:i + n] == phrase for i in range(len(words) - n + 1))


def abbreviation_words(title: str, pairs: Iterable[tuple[str, str]]) -> str:
    """The other forms of the abbreviations in HTML ``title``, with and without diacritics.

    ``"Cơ sở dữ liệu dân cư"`` → ``"csdl"``; ``"Sở TT&amp;TT"`` → ``"tt&tt sở thông tin và
    truyền thông so thong truyen"``. Words with ``&`` are always added as typed
    (``tt&tt``, ``kh&đt kh&dt``), because the title indexes them with the entity.
    """
    plain = nfc(unescape(_TAG.sub(" ", title)))
    words = _words(plain)
    out: list[str] = []
    for short, long in pairs:
        has_long, has_short = _contains(words, _phrase(long)), _contains(words, _phrase(short))
        if has_long != has_short:
            out.append(short if has_long else long)
    out.extend(w for w in plain.split() if "&" in w.strip("()[],.;:"))
    found: list[str] = []
    for word in " ".join(out).lower().split():
        word = word.strip("()[],.;:\"")
        found.extend(w for w in (word, fold(word)) if w)
    return " ".join(dict.fromkeys(found))


def strip_boilerplate(text: str) -> str:
    """Drop the lines every element page starts with, up to its description (HTML ``text``).

    Those are the old-version notice, the version switcher, the type line (``Cơ sở dữ liệu ·
    Dữ liệu · Kiến trúc … 2.0``) and the provenance box.
    """
    position, type_line = 0, True
    while found := _LEAD_PARAGRAPH.match(text, position):
        plain = " ".join(unescape(_TAG.sub(" ", found[1])).split())
        if plain.startswith(_BOILERPLATE):
            pass
        elif type_line and " · " in plain and not plain.endswith("."):
            type_line = False
        else:
            break
        position = found.end()
    return text[position:].lstrip()


def _newest(locations: Iterable[str], root: str) -> dict[str, tuple[int, ...]]:
    """The newest version of each architecture that has pages in the index."""
    newest: dict[str, tuple[int, ...]] = {}
    for location in locations:
        label = version_label(location, root)
        if label:
            name, number = label.split(" ")
            key = tuple(int(part) for part in number.split("."))
            newest[name] = max(newest.get(name, key), key)
    return newest


def fold_search_index(index: Path, skip: frozenset[str], *, directory_urls: bool,
                      root: str = "kien-truc",
                      abbreviation_pairs: Iterable[tuple[str, str]] = ()) -> None:
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
    list would otherwise show identical lines; an element of the shared data, which has no
    version, ends with ``· dùng chung`` (:data:`SHARED_LABEL`). Pages of a version that is not the newest of
    its architecture get :data:`OLD_VERSION_BOOST`; element pages lose their boilerplate lines
    (:func:`strip_boilerplate`); every title gets :data:`ABBREVIATION_FIELD` from the glossary's
    ``abbreviation_pairs`` (:func:`abbreviations`, :func:`abbreviation_words`). A field with
    nothing in it is left out, which lunr reads as empty: the index every reader downloads
    carries no empty strings (23 kB of 913 kB on the Thái Bình site).
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
    pairs = tuple(abbreviation_pairs)
    shared_page = re.compile(rf"{re.escape(root.strip('/'))}/chung/[a-z]+\.[^/#]+(?:/|\.html)$")
    element_page = re.compile(rf"{re.escape(root.strip('/'))}/(?:.+/)?[a-z]+\.[^/#]+(?:/|\.html)$")
    newest = _newest((d.get("location", "") for d in data.get("docs", [])), root)
    docs = []
    for doc in data.get("docs", []):
        location = doc.get("location", "")
        page = location.split("#", 1)[0]
        if page in skip:
            continue
        if element_page.match(location) and doc.get("text"):
            doc["text"] = strip_boilerplate(doc["text"])
        label = version_label(location, root)
        if label:
            name, number = label.split(" ")
            if tuple(int(part) for part in number.split(".")) < newest[name]:
                doc["boost"] = round(float(doc.get("boost", 1)) * OLD_VERSION_BOOST, 3)
        added = {ABBREVIATION_FIELD: abbreviation_words(doc.get("title") or "", pairs)}
        for source, target in FOLDED_FIELDS.items():
            added[target] = folded_words(doc.get(source) or "", separator,
                                         once=source == "title")
        doc.update((k, v) for k, v in added.items() if v)  # lunr reads a missing field as empty
        if label and "#" not in location and doc.get("title"):
            doc["title"] = f"{doc['title']} · {label}"
        elif shared_page.match(location) and doc.get("title"):
            doc["title"] = f"{doc['title']} · {SHARED_LABEL}"
        docs.append(doc)
    data["docs"] = docs
    fields = config.setdefault("fields", {"title": {"boost": 1000}, "text": {"boost": 1},
                                          "tags": {"boost": 1000000}})
    for source, target in FOLDED_FIELDS.items():
        fields[target] = {"boost": float(fields.get(source, {}).get("boost", 1.0))}
    fields[ABBREVIATION_FIELD] = {"boost": float(fields.get("title", {}).get("boost", 1.0))}
    index.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")),
                     encoding="utf-8")
