"""Editor text as the handbook prints it: plain paragraphs, element names, legal references.

The PDF cannot show Markdown, so Markdown is reduced to plain paragraphs here; all text is
normalised to NFC because DejaVu Sans has the precomposed Vietnamese letters.
"""

from __future__ import annotations

import unicodedata
from typing import TYPE_CHECKING

from ... import safe
from ...md import about, vnd
from ...text import date_vi
from ..model_json import display_value

if TYPE_CHECKING:
    from ...model.types import Element

__all__ = ["capitalised", "element_description", "element_name", "legal_reference", "nfc",
           "paragraphs", "title_key"]


def nfc(text: str) -> str:
    """Normalise to NFC: DejaVu has the precomposed Vietnamese letters."""
    return unicodedata.normalize("NFC", text)


def title_key(title: str) -> str:
    """A title as compared: NFC, trimmed, case-folded."""
    return nfc(title).strip().casefold()


def capitalised(text: str) -> str:
    """The text with its first letter upper-case."""
    return text[:1].upper() + text[1:]


def element_name(e: Element) -> str:
    """Vietnamese name (and short name), English name below."""
    name = f"{e.name_vi} ({e.short})" if e.short else e.name_vi
    return name + (f"\n{e.name_en}" if e.name_en else "")


def element_description(e: Element) -> str:
    """The description as one paragraph on a new line (or nothing)."""
    text = " ".join(paragraphs(e.description))
    return f"\n{text}" if text else ""


def legal_reference(doc: Element) -> str:
    """A legal document as cited: kind, number, date, issuer and title."""
    number = doc.attrs.get("number") or ""
    date = date_vi(doc.attrs.get("date"))
    issuer = doc.attrs.get("issuer") or ""
    head = " ".join(x for x in (display_value(doc.type, "doc_type", doc.attrs.get("doc_type")),
                                f"số {number}" if number else "") if x)
    when = f" ngày {date}" if date else ""
    by = f" của {issuer}" if issuer else ""
    return f"{head}{when}{by}: {doc.attrs.get('title') or doc.name_vi}"


def paragraphs(markdown: str) -> list[str]:
    """Reduce Markdown to plain paragraphs (lists as "•" lines, links as "text (url)").

    The one Markdown reader for editor text is :func:`kientruc.safe.plain`; the PDF uses it too.
    """
    return [p for p in safe.plain(markdown).split("\n\n") if p]


def amount(value: object, guessed: bool) -> str:
    """An amount for the handbook: exact in đồng, or rounded when invented (domain §12.6)."""
    if not isinstance(value, int):
        return ""
    return about(value) if guessed else vnd(value)

