"""The resolved, frozen model: a :class:`~kientruc.model.types.Model` with one snapshot per version, and its rules."""
