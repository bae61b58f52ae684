"""Real-browser tests of the built site (Playwright + Debian Chromium)."""
