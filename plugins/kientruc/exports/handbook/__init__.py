"""The PDF handbook of one version: cover, contents, chapters and catalogues, roadmap, diagrams.

:mod:`.book` decides the content, :mod:`.typeset` sets it with fpdf2 (the only user of fpdf2),
:mod:`.prose` reduces editor Markdown to print, :mod:`.svg` adapts diagrams to what fpdf2 draws.
"""

from __future__ import annotations

from ...errors import FontMissingError
from .book import handbook_pdf
from .typeset import FAMILY, FONT_DIR, FONT_FILES, build_date, fonts_missing

__all__ = ["FAMILY", "FONT_DIR", "FONT_FILES", "FontMissingError", "build_date", "fonts_missing",
           "handbook_pdf"]
