"""One build: load → plan → draw → downloads, the second half maybe in a forked process."""
