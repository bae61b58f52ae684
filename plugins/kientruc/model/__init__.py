"""The resolved, frozen model: one :class:`~kientruc.model.types.Snapshot` per version."""
