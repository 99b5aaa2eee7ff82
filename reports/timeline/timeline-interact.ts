// Part three of the timeline script (see timeline-script.ts): redraw scheduling, panning,
// zooming, hover details, highlights from the report's buttons, and start-up.

export const TIMELINE_INTERACT = String.raw`
  var pending = false;
  function redraw() {
    if (pending) return; pending = true;
    requestAnimationFrame(function () {
      pending = false; var w = measure();
      // A hidden or collapsing page (printing, a resize in flight) has no width to draw in.
      if (!(w > GUT + 8)) return;
      drawAxis(w); drawLanes(w); drawOverview(w);
      if (!api.paintedAt) api.paintedAt = performance.now();
    });
  }

  function setView(a, b) {
    var span = Math.max(b - a, 20);
    if (span >= full1 - full0) { a = full0; b = full1; } else { if (a < full0) { b += full0 - a; a = full0; } if (b > full1) { a -= b - full1; b = full1; } }
    v0 = a; v1 = Math.max(b, a + 20); redraw();
  }
  function zoom(factor, at) { var c = at === undefined ? (v0 + v1) / 2 : at; setView(c - (c - v0) * factor, c + (v1 - c) * factor); }

  function opAt(px, py) {
    var lh = laneHeight(), l = Math.floor(py / lh);
    if (l < 0 || l >= laneCount || px < GUT) return -1;
    var tt = usOf(px), slack = 3 * (v1 - v0) / plotWidth(), ops = laneOps[l], best = -1;
    for (var j = firstVisible(l); j < ops.length; j++) {
      var q = ops[j]; if (start[q] > tt + slack) break;
      if (end[q] >= tt - slack) best = q;
    }
    return best;
  }

  function describe(q) {
    var lines = ['#' + inv[q] + (D.c[q] >= 0 ? ' → #' + (inv[q] + D.c[q]) : ' (never completed)') + '   process ' + D.lanes[D.p[q]]];
    lines.push(D.fs[D.f[q]] + ' ' + D.v[q] + (D.k[q] >= 0 ? '   key ' + D.keys[D.k[q]] : ''));
    lines.push(OUTCOME[D.o[q]] + (D.d[q] >= 0 ? ', ' + (D.d[q] / 1000).toFixed(D.d[q] < 10000 ? 2 : 0) + ' ms' : '') + ', invoked at ' + (start[q] / 1e6).toFixed(3) + 's');
    if (D.n[q] >= 0) lines.push('node ' + D.nodes[D.n[q]]);
    if (D.e[q] >= 0) lines.push('error: ' + D.errors[D.e[q]]);
    return lines.join('\n');
  }

  var drag = null;
  canvas.addEventListener('mousedown', function (ev) { drag = { x: ev.clientX, a: v0, b: v1 }; ev.preventDefault(); });
  window.addEventListener('mouseup', function () { drag = null; canvas.style.cursor = ''; });
  window.addEventListener('mousemove', function (ev) {
    if (!drag) return;
    var d = (ev.clientX - drag.x) / plotWidth() * (drag.b - drag.a);
    canvas.style.cursor = 'grabbing'; setView(drag.a - d, drag.b - d);
  });
  canvas.addEventListener('mousemove', function (ev) {
    if (drag) { tip.hidden = true; return; }
    var r = canvas.getBoundingClientRect(), q = opAt(ev.clientX - r.left, ev.clientY - r.top);
    if (q < 0) { tip.hidden = true; return; }
    tip.textContent = describe(q); tip.hidden = false;
    var rr = root.getBoundingClientRect(), left = ev.clientX - rr.left + 14;
    tip.style.left = Math.min(left, rr.width - 340) + 'px'; tip.style.top = (ev.clientY - rr.top + 14) + 'px';
  });
  canvas.addEventListener('mouseleave', function () { tip.hidden = true; });
  canvas.addEventListener('dblclick', function () { setView(full0, full1); });
  canvas.addEventListener('wheel', function (ev) {
    if (!(ev.ctrlKey || ev.metaKey || ev.shiftKey)) return;
    ev.preventDefault();
    var r = canvas.getBoundingClientRect();
    zoom(ev.deltaY + ev.deltaX > 0 ? 1.25 : 0.8, usOf(ev.clientX - r.left));
  }, { passive: false });

  var brush = null;
  function overviewUs(ev) { var r = overview.getBoundingClientRect(); return full0 + (ev.clientX - r.left - GUT) / plotWidth() * (full1 - full0); }
  overview.addEventListener('mousedown', function (ev) { brush = overviewUs(ev); ev.preventDefault(); });
  overview.addEventListener('mouseup', function (ev) {
    if (brush === null) return;
    var a = brush, b = overviewUs(ev); brush = null;
    if (Math.abs(b - a) < (full1 - full0) / 300) { var half = (v1 - v0) / 2; setView(a - half, a + half); }
    else setView(Math.min(a, b), Math.max(a, b));
  });

  root.querySelector('.tl-in').addEventListener('click', function () { zoom(0.5); });
  root.querySelector('.tl-out').addEventListener('click', function () { zoom(2); });
  root.querySelector('.tl-reset').addEventListener('click', function () { setView(full0, full1); });
  root.querySelector('.tl-left').addEventListener('click', function () { var d = (v1 - v0) * 0.4; setView(v0 - d, v1 - d); });
  root.querySelector('.tl-right').addEventListener('click', function () { var d = (v1 - v0) * 0.4; setView(v0 + d, v1 + d); });
  var foldBox = root.querySelector('.tl-fold');
  if (!D.concurrency) foldBox.parentNode.hidden = true;
  // Hundreds of short-lived processes (each unknown outcome retires one) make lanes too thin
  // to read; start folded into workers then, one click from a lane per process.
  fold = foldBox.checked = !!D.concurrency && D.lanes.length > 120 && D.lanes.length > 2 * D.concurrency;
  foldBox.addEventListener('change', function () { fold = foldBox.checked; layout(); redraw(); });
  root.querySelector('.tl-clear').addEventListener('click', function () { show(null); });

  function show(indices, label) {
    if (!indices) { highlight = null; note.hidden = true; redraw(); return; }
    if (!byIndex) { byIndex = new Map(); for (k = 0; k < N; k++) { byIndex.set(inv[k], k); if (D.c[k] >= 0) byIndex.set(inv[k] + D.c[k], k); } }
    highlight = new Set(); var a = Infinity, b = -Infinity;
    for (var q = 0; q < indices.length; q++) {
      var op = byIndex.get(indices[q]);
      if (op === undefined) continue;
      highlight.add(op); a = Math.min(a, start[op]); b = Math.max(b, end[op]);
    }
    note.hidden = false;
    note.querySelector('span').textContent = 'Highlighted: ' + (label || 'operations') + ' (' + highlight.size + ' operations)';
    if (a <= b) { var padUs = Math.max((b - a) * 0.15, 2000); setView(a - padUs, b + padUs); } else redraw();
    var first = Math.min.apply(null, Array.from(highlight).map(function (op) { return laneOf[op]; }).concat([laneCount]));
    scroller.scrollTop = Math.max(0, first * laneHeight() - 40);
  }

  document.addEventListener('click', function (ev) {
    var el = ev.target && ev.target.closest ? ev.target.closest('[data-show-indices]') : null;
    if (!el) return;
    ev.preventDefault();
    var list = el.getAttribute('data-show-indices').split(',').filter(Boolean).map(Number);
    show(list, el.getAttribute('data-show-label'));
    root.scrollIntoView({ behavior: 'instant', block: 'start' });
  });

  window.addEventListener('resize', redraw);
  layout();
  measure();
  redraw();
  api.show = show; api.setView = setView;
  Object.defineProperty(api, 'view', { get: function () { return [v0, v1]; } });
`;
