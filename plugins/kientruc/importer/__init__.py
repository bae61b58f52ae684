"""Import an ArchiMate model in The Open Group's Open Exchange Format (OEF) as a version folder.

Provinces and ministries that already keep their architecture in Archi exchange it as OEF; this
turns such a file into the YAML sources ``kientruc validate`` reads, so a release becomes a
version that the site publishes and compares. What cannot be mapped is reported as located
Vietnamese warnings, never as a traceback.
"""

from __future__ import annotations

from .oef import ImportReport, import_oef, read_oef

__all__ = ["ImportReport", "import_oef", "read_oef"]
