"""Browser fixtures: Debian's Chromium through Playwright, and the built site on 127.0.0.1.

Playwright never downloads a browser here: ``browser_type_launch_args`` points it at the
system Chromium (``apt-get install chromium``) with flags that keep it off the network. The
reference site is built once per run (``built_site`` in ``tests/conftest.py``) and served by a
small threaded HTTP server started and stopped by these fixtures, at the root and, for the
sub-path test, under ``/kientruc/`` only.
"""

from __future__ import annotations

import shutil
import threading
from contextlib import contextmanager
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from collections.abc import Iterator

    from playwright.sync_api import Page

CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
"""PITFALLS §6: no sandbox (containers), no GPU, and no call home of any kind."""

SUB_PATH = "/kientruc/"
"""Where the sub-path server publishes the site (as on a shared host or GitHub Pages)."""

SCREENSHOTS = Path(__file__).resolve().parents[2] / ".cache" / "screenshots"
"""PNG artefacts of the key pages (uploaded by CI)."""


def _chromium() -> str:
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    pytest.fail("Chromium is missing: sudo apt-get install -y chromium (.ci/setup installs it)")


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    """Launch Debian's Chromium, never a browser downloaded by Playwright."""
    return {**browser_type_launch_args, "executable_path": _chromium(), "args": CHROMIUM_FLAGS}


class _SiteHandler(SimpleHTTPRequestHandler):
    """Serve a folder under a URL prefix; everything outside the prefix is a 404."""

    prefix = "/"
    extensions_map = {  # noqa: RUF012 - the base class declares it as a plain class dict
        **SimpleHTTPRequestHandler.extensions_map,
        ".json": "application/json",
        ".csv": "text/csv; charset=utf-8",
        ".xml": "application/xml",
        ".pdf": "application/pdf",
        ".svg": "image/svg+xml",
        ".js": "text/javascript",
        ".css": "text/css",
        ".html": "text/html; charset=utf-8",
        ".gz": "application/gzip",
    }

    def translate_path(self, path: str) -> str:
        if not path.startswith(self.prefix):
            return str(Path(self.directory) / ".kientruc-outside-prefix")
        return super().translate_path("/" + path[len(self.prefix):])

    def log_message(self, format: str, *args: Any) -> None:
        """Keep the test output quiet."""


@contextmanager
def serve(root: Path, prefix: str = "/") -> Iterator[str]:
    """Serve ``root`` at ``http://127.0.0.1:<free port><prefix>`` until the block ends."""
    handler = type("Handler", (_SiteHandler,), {"prefix": prefix})
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(handler, directory=str(root)))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{prefix}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture(scope="session")
def site_url(built_site: Path) -> Iterator[str]:
    """The built site served at the root of a local server (ends with ``/``)."""
    with serve(built_site) as url:
        yield url


@pytest.fixture(scope="session")
def sub_path_url(built_site: Path) -> Iterator[str]:
    """The same site served only under ``/kientruc/`` (ends with ``/``)."""
    with serve(built_site, SUB_PATH) as url:
        yield url


@pytest.fixture(scope="session")
def base_url(site_url: str) -> str:
    """``page.goto("kien-truc/")`` resolves against the local server (pytest-base-url)."""
    return site_url


@pytest.fixture
def console_errors(page: Page) -> list[str]:
    """JavaScript errors and failed requests seen by the page; tests assert it stays empty."""
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(f"pageerror: {error}"))
    page.on("console", lambda msg: errors.append(f"console: {msg.text}")
            if msg.type == "error" else None)
    page.on("requestfailed", lambda request: errors.append(f"failed: {request.url}"))
    return errors
