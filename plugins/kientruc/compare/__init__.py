"""Versions compared: (old snapshot, new snapshot) → changes as data, element histories, text renderings."""
