"""The theme's HTML made valid: what the Nu HTML Checker reports on every Material page.

Material 9 writes three things the checker calls errors, on every page of the site:

- ``tabindex=""`` on the label of a navigation section (its template sets no value for
  sections); browsers ignore an empty ``tabindex``, so dropping it changes nothing;
- ``for="__toc"`` on the table of contents' title when the page has no ``__toc`` toggle (a page
  outside the navigation, as every generated element page is); the label points at nothing;
- ``autocomplete="off"`` on the drawer and search checkboxes, where HTML does not allow it.
  Material puts it there so that Firefox does not restore a ticked box (an open drawer) on
  reload; instead, a one-line script resets every toggle to its written state before
  Material's own script reads them.

Each fix is a plain text replacement of the exact string the theme writes, so a page whose HTML
does not contain it is returned unchanged, and applying it twice changes nothing.
"""

from __future__ import annotations

import re

_TOGGLE = re.compile(r'(<input class="md-toggle"[^>]*?) autocomplete="off"')
_BUNDLE = re.compile(r'<script src="[^"]*assets/javascripts/bundle\.')
RESET_TOGGLES = ('<script>document.querySelectorAll("input.md-toggle").forEach(function (t) '
                 "{ t.checked = t.defaultChecked; });</script>")
"""Run before Material's bundle: the toggles start as the page wrote them, in every browser."""


def valid_html(html: str) -> str:
    """Return the page with the theme's three checker errors fixed (see the module text)."""
    html = html.replace(' tabindex=""', "")
    if 'id="__toc"' not in html:
        html = html.replace('<label class="md-nav__title" for="__toc">',
                            '<label class="md-nav__title">')
    fixed, count = _TOGGLE.subn(r"\1", html)
    if count and RESET_TOGGLES not in fixed:
        bundle = _BUNDLE.search(fixed)
        if bundle is None:
            return html  # not Material's layout: keep the attribute rather than risk the state
        fixed = fixed[:bundle.start()] + RESET_TOGGLES + fixed[bundle.start():]
    return fixed
