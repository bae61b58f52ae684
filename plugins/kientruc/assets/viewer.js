/* kientruc diagram viewer: zoom, pan, full screen and SVG download for every diagram.
   Plain JavaScript, no framework, nothing fetched: the page works without it (the SVG and its
   text alternative stay). Diagrams inside one comparison (.kt-compare) share zoom and pan, so
   the two versions move together. */
(function () {
  "use strict";
  var STEP = 1.25, MIN = 0.25, MAX = 8;

  function clamp(v, lo, hi) { return Math.max(lo, Math.min(hi, v)); }

  function groupOf(canvas) {
    var box = canvas.closest(".kt-compare");
    if (!box) return { members: [], state: null };
    if (!box._ktGroup) box._ktGroup = { members: [], state: { s: 1, x: 0, y: 0 } };
    return box._ktGroup;
  }

  /* Icons are drawn, not typed: symbols such as U+26F6 are missing from many system fonts
     (the site loads no web font) and showed as empty boxes. */
  var ICONS = {
    fit: "M3 9V3h6M21 9V3h-6M3 15v6h6M21 15v6h-6",
    full: "M4 4h6M4 4v6M20 4h-6M20 4v6M4 20h6M4 20v-6M20 20h-6M20 20v-6M9 9h6v6H9z",
    save: "M12 3v12M7 10l5 5 5-5M5 20h14"
  };
  var SVG_NS = "http://www.w3.org/2000/svg";

  function button(label, text, onClick) {
    var b = document.createElement("button");
    b.type = "button";
    b.className = "kt-viewer__btn";
    b.setAttribute("aria-label", label);
    b.title = label;
    if (ICONS[text]) {
      var icon = document.createElementNS(SVG_NS, "svg");
      icon.setAttribute("viewBox", "0 0 24 24");
      icon.setAttribute("width", "16");
      icon.setAttribute("height", "16");
      icon.setAttribute("aria-hidden", "true");
      var path = document.createElementNS(SVG_NS, "path");
      path.setAttribute("d", ICONS[text]);
      path.setAttribute("fill", "none");
      path.setAttribute("stroke", "currentColor");
      path.setAttribute("stroke-width", "2");
      path.setAttribute("stroke-linecap", "round");
      icon.appendChild(path);
      b.appendChild(icon);
    } else {
      b.textContent = text;
    }
    b.addEventListener("click", onClick);
    return b;
  }

  function enhance(canvas) {
    var svg = canvas.querySelector(":scope > svg");
    if (!svg || canvas._kt) return;
    var group = groupOf(canvas);
    var state = group.state || { s: 1, x: 0, y: 0 };
    var viewer = { canvas: canvas, svg: svg };
    canvas._kt = viewer;
    canvas.classList.add("kt-viewer");
    canvas.setAttribute("role", "application");
    canvas.setAttribute("aria-roledescription", "sơ đồ phóng to được");
    if (!canvas.getAttribute("aria-label")) {
      canvas.setAttribute("aria-label",
        "Sơ đồ: dùng phím + và − để phóng to, thu nhỏ, phím mũi tên để di chuyển, 0 để vừa khung");
    }

    function paint(target) {
      target.svg.style.transform =
        "translate(" + state.x + "px," + state.y + "px) scale(" + state.s + ")";
      target.canvas.setAttribute("data-kt-zoom", String(Math.round(state.s * 100)));
      if (target.level) target.level.textContent = Math.round(state.s * 100) + " %";
    }
    function apply() {
      var all = group.members.length ? group.members : [viewer];
      all.forEach(paint);
    }
    function zoomAt(factor, cx, cy) {
      var s = clamp(state.s * factor, MIN, MAX);
      var k = s / state.s;
      // keep the point under (cx, cy) where it is
      state.x = cx - (cx - state.x) * k;
      state.y = cy - (cy - state.y) * k;
      state.s = s;
      apply();
    }
    function centre() {
      var r = canvas.getBoundingClientRect();
      return [r.width / 2, r.height / 2];
    }
    /* The whole diagram in its frame: a large diagram is laid out at a readable minimum width
       (wider than a phone or a pane), so fitting may scale it below 100 %. In a comparison the
       widest pane decides, so both keep one scale. */
    function fit() {
      var all = group.members.length ? group.members : [viewer], s = 1;
      all.forEach(function (v) {
        var w = v.svg.getBoundingClientRect().width / state.s, cw = v.canvas.clientWidth;
        if (w > cw && cw > 0) s = Math.min(s, cw / w);
      });
      state.s = clamp(s, MIN, 1); state.x = 0; state.y = 0; apply();
    }
    function pan(dx, dy) { state.x += dx; state.y += dy; apply(); }

    var bar = document.createElement("div");
    bar.className = "kt-viewer__bar";
    bar.setAttribute("role", "toolbar");
    bar.setAttribute("aria-label", "Công cụ xem sơ đồ");
    bar.appendChild(button("Phóng to", "+", function () { var c = centre(); zoomAt(STEP, c[0], c[1]); }));
    bar.appendChild(button("Thu nhỏ", "−", function () { var c = centre(); zoomAt(1 / STEP, c[0], c[1]); }));
    bar.appendChild(button("Vừa khung", "fit", fit));
    viewer.level = document.createElement("span");
    viewer.level.className = "kt-viewer__level";
    viewer.level.setAttribute("aria-live", "polite");
    bar.appendChild(viewer.level);
    var figure = canvas.closest(".kt-diagram") || canvas.parentNode;
    bar.appendChild(button("Toàn màn hình", "full", function () {
      if (document.fullscreenElement) { document.exitFullscreen(); return; }
      if (figure.requestFullscreen) figure.requestFullscreen();
    }));
    bar.appendChild(button("Tải sơ đồ (SVG)", "save", function () {
      var text = new XMLSerializer().serializeToString(svg);
      var clean = text.replace(/ style="transform:[^"]*"/, "");
      var blob = new Blob([clean], { type: "image/svg+xml" });
      var a = document.createElement("a");
      var view = (figure.getAttribute && figure.getAttribute("data-kt-view")) || "so-do";
      a.href = URL.createObjectURL(blob);
      a.download = view.replace(/[^A-Za-z0-9._-]+/g, "-") + ".svg";
      document.body.appendChild(a);
      a.click();
      setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 0);
    }));
    canvas.parentNode.insertBefore(bar, canvas);

    canvas.addEventListener("wheel", function (e) {
      if (!(e.ctrlKey || e.metaKey)) return;  // plain wheel scrolls the page
      e.preventDefault();
      var r = canvas.getBoundingClientRect();
      zoomAt(e.deltaY < 0 ? STEP : 1 / STEP, e.clientX - r.left, e.clientY - r.top);
    }, { passive: false });

    var pointers = new Map(), last = null, pinch = 0;
    canvas.addEventListener("pointerdown", function (e) {
      pointers.set(e.pointerId, [e.clientX, e.clientY]);
      last = [e.clientX, e.clientY];
      if (pointers.size === 2) {
        var p = Array.from(pointers.values());
        pinch = Math.hypot(p[0][0] - p[1][0], p[0][1] - p[1][1]);
      }
    });
    canvas.addEventListener("pointermove", function (e) {
      if (!pointers.has(e.pointerId)) return;
      pointers.set(e.pointerId, [e.clientX, e.clientY]);
      if (pointers.size === 2 && pinch) {
        var p = Array.from(pointers.values());
        var d = Math.hypot(p[0][0] - p[1][0], p[0][1] - p[1][1]);
        var r = canvas.getBoundingClientRect();
        zoomAt(d / pinch, (p[0][0] + p[1][0]) / 2 - r.left, (p[0][1] + p[1][1]) / 2 - r.top);
        pinch = d;
      } else if (last && pointers.size === 1 && (e.pointerType === "mouse" || state.s !== 1)) {
        pan(e.clientX - last[0], e.clientY - last[1]);
        canvas.classList.add("kt-viewer--panning");
      }
      last = [e.clientX, e.clientY];
    });
    function up(e) {
      pointers.delete(e.pointerId);
      if (pointers.size < 2) pinch = 0;
      if (!pointers.size) { last = null; canvas.classList.remove("kt-viewer--panning"); }
    }
    canvas.addEventListener("pointerup", up);
    canvas.addEventListener("pointercancel", up);

    canvas.addEventListener("keydown", function (e) {
      if (e.target !== canvas) return;
      var c = centre(), d = 40;
      switch (e.key) {
        case "+": case "=": zoomAt(STEP, c[0], c[1]); break;
        case "-": case "_": zoomAt(1 / STEP, c[0], c[1]); break;
        case "0": fit(); break;
        case "ArrowLeft": pan(d, 0); break;
        case "ArrowRight": pan(-d, 0); break;
        case "ArrowUp": pan(0, d); break;
        case "ArrowDown": pan(0, -d); break;
        default: return;
      }
      e.preventDefault();
    });

    if (group.state) group.members.push(viewer);
    apply();
  }

  /* Comparison filters: show only the rows of one kind of change (the second column holds
     the kind's Vietnamese name, the filter link its data-kt-filter). */
  function filterChanges(label) {
    document.querySelectorAll(".kt-compare-changes table").forEach(function (table) {
      var shown = 0;
      table.querySelectorAll("tbody tr").forEach(function (row) {
        var cell = row.cells[1];
        var match = !label || (cell && cell.textContent.trim() === label);
        row.hidden = !match;
        if (match) shown++;
      });
      var section = table.closest(".md-typeset__scrollwrap") || table;
      var heading = section.previousElementSibling;
      section.hidden = shown === 0;
      if (heading && /^H[34]$/.test(heading.tagName)) heading.hidden = shown === 0;
    });
    document.querySelectorAll(".kt-filter__link").forEach(function (a) {
      var on = (a.getAttribute("data-kt-filter") || "") === (label || "");
      a.classList.toggle("kt-filter__link--on", on);
      a.setAttribute("aria-current", on ? "true" : "false");
    });
  }
  function filterFromHash() {
    var id = decodeURIComponent(location.hash.slice(1));
    if (id.indexOf("loc-") !== 0) return;
    var a = document.getElementById(id);
    if (a && a.classList.contains("kt-filter__link")) {
      filterChanges(a.getAttribute("data-kt-filter") || "");
    }
  }
  window.addEventListener("hashchange", filterFromHash);

  function start() {
    document.querySelectorAll(".kt-diagram-canvas").forEach(enhance);
    filterFromHash();
  }
  if (window.document$ && window.document$.subscribe) {
    window.document$.subscribe(start);  // Material's instant navigation
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
