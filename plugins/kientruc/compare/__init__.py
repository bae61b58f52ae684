"""Versions compared: (old, new snapshot) → changes as data, element histories, renderings."""
