"""kientruc: publish a government's architecture, written in YAML, as a versioned static site."""

from __future__ import annotations

from .model import load_model
from .model.types import Element, Model, Snapshot

__version__ = "0.1.0"
__all__ = ["Element", "Model", "Snapshot", "__version__", "load_model"]
