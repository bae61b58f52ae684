"""The reader's controls on a comparison page: the change filters and the union diagram's key.

Both are plain HTML that works without JavaScript (the filters are anchors the summary's counts
link to; ``assets/viewer.js`` hides the other rows when it runs).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...compare.diff import CHANGED_STATUSES, STATUS_VI
from ...md import mdlink
from ...paths import link

if TYPE_CHECKING:
    from ...compare.diff import Comparison
    from ...paths import SitePaths

__all__ = ["LEGEND", "filter_bar"]

LEGEND = (
    '<ul class="kt-legend" aria-label="Chú giải sơ đồ hợp nhất">'
    '<li class="kt-legend__item kt-legend--added">Bổ sung</li>'
    '<li class="kt-legend__item kt-legend--removed">Loại bỏ</li>'
    '<li class="kt-legend__item kt-legend--changed">Thay đổi</li>'
    '<li class="kt-legend__item kt-legend--unchanged">Không đổi</li></ul>\n\n')
"""The union diagram's key in the page itself, above the diagram: the key drawn inside the SVG
is off screen on a phone and clipped in a pane, wherever the reader has panned to."""



def filter_bar(comparison: Comparison, page_src: str, paths: SitePaths) -> str:
    """Links that show only one kind of change (viewer.js filters the rows without reloading).

    Without JavaScript they are plain anchors (the summary's counts land here) and every row
    stays visible. The diff's data, as ``kientruc diff --format json`` writes it, is linked too.
    """
    old, new = comparison.old, comparison.new
    tally = comparison.tally
    links = ['<a class="kt-filter__link" id="loc-all" href="#loc-all" data-kt-filter="">'
             "Tất cả</a>"]
    links += [f'<a class="kt-filter__link" id="loc-{s}" href="#loc-{s}" data-kt-filter="'
              f'{STATUS_VI[s]}">{STATUS_VI[s]} ({tally.get(s)})</a>'
              for s in CHANGED_STATUSES if tally.get(s)]
    data = link(page_src, paths.comparison_data(new.architecture, old.version, new.version))
    return ('<nav class="kt-filter" aria-label="Lọc theo loại thay đổi">\n'
            '<span class="kt-filter__label">Chỉ xem:</span>\n' + "\n".join(links)
            + "\n</nav>\n\n"
            + mdlink("Tải dữ liệu so sánh (JSON)", data)
            + " — cùng dữ liệu với lệnh `kientruc diff --format json`.\n\n")
