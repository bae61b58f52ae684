"""Performance benchmark of the kientruc site build: a model generator and a runner."""
