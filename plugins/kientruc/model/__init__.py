"""The resolved, frozen model: one :class:`~kientruc.model.types.Snapshot` per version."""

from .load import load_model

__all__ = ["load_model"]
