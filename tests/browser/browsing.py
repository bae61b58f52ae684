"""Helpers of the browser tests: Chromium's flags, the site server, search, colour schemes."""

from __future__ import annotations

import shutil
import sys
import threading
from contextlib import contextmanager
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import pytest

if TYPE_CHECKING:
    from collections.abc import Iterator

    from playwright.sync_api import BrowserContext, Page, Route

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


def chromium() -> str:
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    pytest.fail("Chromium is missing: sudo apt-get install -y chromium (.ci/setup installs it)")


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

    max_age: int | None = None
    """Send ``Cache-Control: max-age`` as a static host does (GitHub Pages: 600 s)."""

    def end_headers(self) -> None:
        if self.max_age is not None:
            self.send_header("Cache-Control", f"max-age={self.max_age}")
        super().end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        """Keep the test output quiet."""


class _QuietServer(ThreadingHTTPServer):
    """A test server that does not print a traceback when the browser drops a connection.

    Chromium cancels requests it no longer needs (a page left mid-load); the standard server
    prints each BrokenPipeError as a traceback, which buries real failures in CI logs.
    """

    def handle_error(self, request: Any, client_address: Any) -> None:
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@contextmanager
def serve(root: Path, prefix: str = "/", *, max_age: int | None = None) -> Iterator[str]:
    """Serve ``root`` at ``http://127.0.0.1:<free port><prefix>`` until the block ends."""
    handler = type("Handler", (_SiteHandler,), {"prefix": prefix, "max_age": max_age})
    server = _QuietServer(("127.0.0.1", 0), partial(handler, directory=str(root)))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{prefix}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def _offsite(url: str) -> bool:
    host = urlsplit(url).hostname
    return url.startswith(("http:", "https:", "ws:", "wss:")) and host != "127.0.0.1"


def block_offsite(context: BrowserContext) -> list[str]:
    """Block every request of ``context`` to another host; return the list they go to."""
    tried: list[str] = []

    def block(route: Route) -> None:
        tried.append(route.request.url)
        route.abort("blockedbyclient")

    context.route(_offsite, block)
    return tried


# -- search -------------------------------------------------------------------------------------

SEARCH_PROBE = """
(() => {
  // Count the queries Material sends to its search worker and the results it gets back, so
  // a test can wait until the results on screen belong to the whole query it typed (each
  // keystroke sends a query; the results of "t", "ti"... arrive before those of "tien hai").
  const Native = window.Worker;
  const state = window.__ktSearch = {sent: 0, received: 0, query: null};
  window.Worker = class extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener("message", ev => { if (ev.data && ev.data.type === 3) state.received++; });
    }
    postMessage(message, ...rest) {
      if (message && message.type === 2) { state.sent++; state.query = message.data; }
      return super.postMessage(message, ...rest);
    }
  };
})();
"""
"""Init script: Material's SearchMessageType is SETUP 0, READY 1, QUERY 2, RESULT 3."""

_SETTLED = """q => window.__ktSearch.query === q
  && window.__ktSearch.received === window.__ktSearch.sent"""

_RESULTS = """items => items.map(item => {
  const link = item.querySelector(".md-search-result__link");
  const url = new URL(link.href);
  return [link.querySelector("h1, h2").textContent.trim(), url.pathname];
})"""


class Search:
    """Material's search box on a page, driven from the keyboard like a reader."""

    def __init__(self, page: Page) -> None:
        self.page = page
        page.add_init_script(SEARCH_PROBE)

    def __call__(self, query: str, *, paste: bool = False) -> list[tuple[str, str]]:
        """Type ``query`` into the search box; return the results as (title, URL path).

        Each keystroke searches the whole index (about a second for a long query); with
        ``paste`` all but the last character are pasted, then the last one is typed.
        """
        box = self.page.locator("input.md-search__input")
        magnifier = self.page.locator('label.md-header__button[for="__search"]')
        if magnifier.is_visible() and not self.page.locator("#__search").is_checked():
            magnifier.click()  # a phone's header shows a button instead of the search box
        box.click()
        box.press("Control+A")
        box.press("Backspace")
        if paste:
            self.page.keyboard.insert_text(query[:-1])
            query_end = query[-1:]
        else:
            query_end = query
        self.page.keyboard.type(query_end)
        self.page.wait_for_function(_SETTLED, arg=query)
        self.page.wait_for_selector(".md-search-result__item")
        return self.page.eval_on_selector_all(".md-search-result__item", _RESULTS)


# -- colour schemes ------------------------------------------------------------------------------

def use_scheme(page: Page, scheme: str) -> None:
    """Switch to ``default`` (light) or ``slate`` (dark) with the header's palette toggle."""
    body = page.locator("body")
    if body.get_attribute("data-md-color-scheme") == scheme:
        return
    if page.locator("#__search").is_checked():
        page.keyboard.press("Escape")  # the open search dialog covers the header
    title = "Chuyển sang nền tối" if scheme == "slate" else "Chuyển sang nền sáng"
    page.locator(f'form[data-md-component="palette"] label[title="{title}"]').click()
    page.wait_for_selector(f'body[data-md-color-scheme="{scheme}"]')
