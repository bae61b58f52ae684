"""Browser fixtures: Debian's Chromium through Playwright, and the built site on 127.0.0.1.

Playwright never downloads a browser here: ``browser_type_launch_args`` points it at the
system Chromium (``apt-get install chromium``) with flags that keep it off the network. The
reference site is built once per run (``built_site`` in ``tests/conftest.py``) and served by a
small threaded HTTP server started and stopped by these fixtures, at the root and, for the
sub-path test, under ``/kientruc/`` only. Every request to another host is blocked and listed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest

from .browsing import CHROMIUM_FLAGS, SUB_PATH, Search, block_offsite, chromium, serve

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

    from playwright.sync_api import BrowserContext, Page


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    """Launch Debian's Chromium, never a browser downloaded by Playwright."""
    return {**browser_type_launch_args, "executable_path": chromium(), "args": CHROMIUM_FLAGS}


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


@pytest.fixture(autouse=True)
def offsite_requests(context: BrowserContext) -> list[str]:
    """Every request the pages try to make to another host: blocked and listed.

    The site must work with no Internet (and must not tell third parties who reads it).
    """
    return block_offsite(context)


@pytest.fixture
def console_errors(page: Page) -> list[str]:
    """JavaScript errors and failed requests seen by the page; tests assert it stays empty."""
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(f"pageerror: {error}"))
    page.on("console", lambda msg: errors.append(f"console: {msg.text}")
            if msg.type == "error" else None)
    page.on("requestfailed", lambda request: errors.append(f"failed: {request.url}")
            if request.failure != "net::ERR_ABORTED" else None)  # left behind by a click
    return errors


@pytest.fixture
def search(page: Page) -> Search:
    """``search("tien hai")`` → ``[(title, path), ...]`` in the order shown (the page must be
    opened after this fixture, which installs the probe)."""
    return Search(page)
