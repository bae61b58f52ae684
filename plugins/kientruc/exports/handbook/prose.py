"""Editor text as the handbook prints it: plain paragraphs, element names, legal references.

The PDF cannot show Markdown, so Markdown is reduced to plain paragraphs here; all text is
normalised to NFC because DejaVu Sans has the precomposed Vietnamese letters.
"""

from __future__ import annotations

import re
import unicodedata
from typing import TYPE_CHECKING

from ..model_json import display_value, format_date

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
    date = format_date(doc.attrs.get("date"))
    issuer = doc.attrs.get("issuer") or ""
    head = " ".join(x for x in (display_value(doc.type, "doc_type", doc.attrs.get("doc_type")),
                                f"số {number}" if number else "") if x)
    when = f" ngày {date}" if date else ""
    by = f" của {issuer}" if issuer else ""
    return f"{head}{when}{by}: {doc.attrs.get('title') or doc.name_vi}"


_LINK = re.compile(r"\[([^\]]+)\]\(([^)\s]+)[^)]*\)")
_EMPHASIS = re.compile(r"(\*\*|\*|`)(.+?)\1")
_ITEM = re.compile(r"^(?:[-*+]\s+|\d+[.)]\s+)")


def paragraphs(markdown: str) -> list[str]:
    """Reduce Markdown to plain paragraphs (lists as "•" lines, links as "text (url)")."""
    out = []
    for block in re.split(r"\n\s*\n", markdown.strip()):
        lines: list[str] = []
        for raw in block.splitlines():
            line = re.sub(r"^#{1,6}\s+", "", raw.strip())
            item = _ITEM.match(line)
            if item:
                marker = "• " if item.group(0)[0] in "-*+" else item.group(0)
                line = marker + line[item.end():]
            line = _LINK.sub(lambda m: m[1] if m[1] == m[2] else f"{m[1]} ({m[2]})", line)
            line = _EMPHASIS.sub(r"\2", line)
            if lines and not item:
                lines[-1] += " " + line
            else:
                lines.append(line)
        text = "\n".join(x for x in lines if x)
        if text:
            out.append(text)
    return out
