// The timeline's reader and painter, inlined into report.html as plain ES2017. It decodes
// the packed columns once, keeps per-lane lists sorted by start, and repaints only what is
// in view on a canvas, so a 100,000-operation history stays one element, not 100,000.
// Text from the history reaches the page only through textContent.

export const TIMELINE_SCRIPT = String.raw`
(function () {
  'use strict';
  var dataEl = document.getElementById('timeline-data');
  var root = document.getElementById('timeline');
  if (!dataEl || !root) return;
  var D = JSON.parse(dataEl.textContent);
  var N = D.s.length;
  var COLORS = ['#2e9d57', '#d64545', '#e09a00'];
  var FAULTS = { partition: '#7b61c9', pause: '#3f86d2', kill: '#5d6470', clock: '#15a0a0', other: '#b06fb0' };
  var OUTCOME = ['ok', 'fail', 'info'];
  var GUT = 56, AXIS_H = 24;
  var start = new Float64Array(N), end = new Float64Array(N), inv = new Int32Array(N);
  var t = 0, ix = 0, k;
  for (k = 0; k < N; k++) {
    t += D.s[k]; start[k] = t; end[k] = D.d[k] < 0 ? D.end : t + D.d[k];
    ix += D.i[k]; inv[k] = ix;
  }
  var full0 = 0, full1 = Math.max(D.end, 1);
  var v0 = full0, v1 = full1;
  var fold = false, laneCount = 0, laneOf = new Int32Array(N), laneOps = [], laneMaxEnd = [], laneLabels = [];
  var highlight = null, byIndex = null;
  // For tests and the benchmark: paintedAt is when the first full paint finished (ms since navigation).
  var api = window.faultlineTimeline = { paintedAt: 0 };

  var axis = root.querySelector('.tl-axis'), canvas = root.querySelector('.tl-lanes');
  var scroller = root.querySelector('.tl-scroll'), overview = root.querySelector('.tl-overview');
  var tip = root.querySelector('.tl-tip'), range = root.querySelector('.tl-range');
  var note = root.querySelector('.tl-highlight');

  function layout() {
    var c = D.concurrency;
    laneCount = fold && c ? c : D.lanes.length;
    laneLabels = [];
    for (var l = 0; l < laneCount; l++) laneLabels.push(fold && c ? 'w' + l : 'p' + D.lanes[l]);
    var counts = new Int32Array(laneCount);
    for (k = 0; k < N; k++) { laneOf[k] = fold && c ? D.lanes[D.p[k]] % c : D.p[k]; counts[laneOf[k]]++; }
    laneOps = []; laneMaxEnd = [];
    for (l = 0; l < laneCount; l++) { laneOps.push(new Int32Array(counts[l])); laneMaxEnd.push(new Float64Array(counts[l])); }
    var fill = new Int32Array(laneCount);
    for (k = 0; k < N; k++) {
      var ln = laneOf[k], j = fill[ln]++;
      laneOps[ln][j] = k;
      laneMaxEnd[ln][j] = j > 0 ? Math.max(laneMaxEnd[ln][j - 1], end[k]) : end[k];
    }
  }

  function lockStrip() { return D.locks.length && !fold ? 6 : 0; }
  function laneHeight() { return Math.max(3, Math.min(lockStrip() ? 24 : 16, Math.floor(560 / Math.max(1, laneCount)))); }
  // Read once per paint: clientWidth on every one of 100,000 operations costs a second.
  var plotW = 100;
  function measure() { plotW = Math.max(100, root.clientWidth - GUT - 8); return root.clientWidth; }
  function plotWidth() { return plotW; }
  function xOf(us) { return GUT + (us - v0) / (v1 - v0) * plotWidth(); }
  function usOf(px) { return v0 + (px - GUT) / plotWidth() * (v1 - v0); }
  function fmt(us) { var s = us / 1e6, span = (v1 - v0) / 1e6; return s.toFixed(span < 0.05 ? 4 : span < 2 ? 3 : span < 60 ? 1 : 0) + 's'; }

  function prep(cv, cssW, cssH) {
    var r = window.devicePixelRatio || 1;
    cv.style.width = cssW + 'px'; cv.style.height = cssH + 'px';
    cv.width = Math.round(cssW * r); cv.height = Math.round(cssH * r);
    var g = cv.getContext('2d'); g.setTransform(r, 0, 0, r, 0, 0); return g;
  }

  function niceStep(span, want) {
    var raw = span / want, p = Math.pow(10, Math.floor(Math.log10(raw))), m = raw / p;
    return p * (m < 1.5 ? 1 : m < 3.5 ? 2 : m < 7.5 ? 5 : 10);
  }

  function drawAxis(w) {
    var g = prep(axis, w, AXIS_H);
    g.fillStyle = '#fff'; g.fillRect(0, 0, w, AXIS_H);
    g.strokeStyle = '#999'; g.fillStyle = '#333'; g.font = '11px system-ui, sans-serif';
    var step = niceStep(v1 - v0, Math.max(2, Math.floor(plotWidth() / 110)));
    for (var tk = Math.ceil(v0 / step) * step; tk <= v1; tk += step) {
      var x = xOf(tk);
      g.beginPath(); g.moveTo(x + 0.5, AXIS_H - 6); g.lineTo(x + 0.5, AXIS_H); g.stroke();
      g.fillText(fmt(tk), x + 3, AXIS_H - 9);
    }
    range.textContent = fmt(v0) + ' – ' + fmt(v1) + ' of ' + (full1 / 1e6).toFixed(1) + 's';
  }

  function firstVisible(l) {
    var m = laneMaxEnd[l], lo = 0, hi = m.length;
    while (lo < hi) { var mid = (lo + hi) >> 1; if (m[mid] < v0) lo = mid + 1; else hi = mid; }
    return lo;
  }

  function drawLanes(w) {
    var lh = laneHeight(), h = laneCount * lh + 4;
    var g = prep(canvas, w, h);
    g.clearRect(0, 0, w, h);
    for (var l = 0; l < laneCount; l++) if (l % 2) { g.fillStyle = '#f6f7f9'; g.fillRect(GUT, l * lh, w - GUT, lh); }
    for (var f = 0; f < D.faults.length; f++) {
      var fw = D.faults[f], fx = xOf(fw[0]), fx1 = xOf(fw[1]);
      if (fx1 < GUT || fx > w) continue;
      g.globalAlpha = 0.16; g.fillStyle = FAULTS[fw[2]] || FAULTS.other;
      g.fillRect(Math.max(GUT, fx), 0, Math.max(2, fx1 - Math.max(GUT, fx)), h);
      g.globalAlpha = 1;
    }
    var pad = lh > 6 ? 1 : 0, strip = lh >= 14 ? lockStrip() : 0;
    // Zoomed out, a lane holds several operations per pixel, and a hundred thousand separate
    // fills cost a second. Operations narrower than a pixel are blended into a pixel buffer
    // (each pixel the average colour of the operations in it) and drawn as one image; wider
    // touching bars of one outcome are merged into one rectangle.
    var dpr = window.devicePixelRatio || 1, dense = denseBuffer(w, dpr);
    var run = { o: -1, a: 0, x0: 0, x1: 0 };
    function flush(y, bh) {
      if (run.o < 0) return;
      g.globalAlpha = run.a; g.fillStyle = COLORS[run.o];
      g.fillRect(run.x0, y, Math.max(1, run.x1 - run.x0), bh);
      run.o = -1;
    }
    for (l = 0; l < laneCount; l++) {
      var ops = laneOps[l], y = l * lh + pad, bh = lh - 2 * pad - strip;
      for (var j = firstVisible(l); j < ops.length; j++) {
        k = ops[j];
        if (start[k] > v1) break;
        if (end[k] < v0) continue;
        var x0 = Math.max(GUT, xOf(start[k])), x1 = Math.min(w, xOf(end[k]));
        var lit = !highlight || highlight.has(k);
        var alpha = lit ? (D.d[k] < 0 ? 0.45 : 0.9) : 0.15;
        if ((x1 - x0) * dpr < 1 && !(highlight && lit)) { dense.add(l, x0, D.o[k], alpha); continue; }
        if (run.o === D.o[k] && run.a === alpha && x0 <= run.x1 + 0.5) { run.x1 = Math.max(run.x1, x1); }
        else { flush(y, bh); run.o = D.o[k]; run.a = alpha; run.x0 = x0; run.x1 = x1; }
        var labelled = x1 - x0 > 46 && lh >= 12;
        if (!(highlight && lit) && !labelled) continue;
        flush(y, bh);
        if (highlight && lit) { g.globalAlpha = 1; g.strokeStyle = '#111'; g.lineWidth = 1.5; g.strokeRect(x0, y, Math.max(1, x1 - x0), bh); }
        if (labelled) {
          g.globalAlpha = 1; g.fillStyle = '#fff'; g.font = '10px system-ui, sans-serif';
          g.save(); g.beginPath(); g.rect(x0, y, x1 - x0 - 2, bh); g.clip();
          g.fillText(D.fs[D.f[k]] + ' ' + D.v[k], x0 + 3, y + bh - 3); g.restore();
        }
      }
      flush(y, bh);
    }
    g.globalAlpha = 1;
    dense.paint(g, lh, pad, strip, h);
    if (strip) drawLocks(g, lh, strip, w);
    g.fillStyle = '#fff'; g.fillRect(0, 0, GUT - 2, h);
    if (lh >= 9) {
      g.fillStyle = '#555'; g.font = Math.min(11, lh - 1) + 'px system-ui, sans-serif';
      for (l = 0; l < laneCount; l++) g.fillText(laneLabels[l], 4, l * lh + lh - 3);
    }
  }

  var RGB = [[0x2e, 0x9d, 0x57], [0xd6, 0x45, 0x45], [0xe0, 0x9a, 0x00]];
  var denseCanvas = document.createElement('canvas');

  function denseBuffer(w, dpr) {
    var cols = Math.ceil(w * dpr), acc = null, used = false;
    return {
      add: function (lane, x, o, alpha) {
        if (!acc) acc = new Float32Array(laneCount * cols * 5);
        var c = Math.min(cols - 1, Math.max(0, Math.floor(x * dpr))), i = (lane * cols + c) * 5, rgb = RGB[o];
        acc[i] += rgb[0]; acc[i + 1] += rgb[1]; acc[i + 2] += rgb[2]; acc[i + 3] += alpha; acc[i + 4]++;
        used = true;
      },
      paint: function (g, lh, pad, strip, h) {
        if (!used) return;
        var rows = Math.ceil(h * dpr);
        denseCanvas.width = cols; denseCanvas.height = rows;
        var dg = denseCanvas.getContext('2d'), img = dg.createImageData(cols, rows), px = img.data;
        for (var lane = 0; lane < laneCount; lane++) {
          var y0 = Math.round((lane * lh + pad) * dpr), y1 = Math.min(rows, Math.round((lane * lh + lh - pad - strip) * dpr));
          for (var c = 0; c < cols; c++) {
            var i = (lane * cols + c) * 5, n = acc[i + 4];
            if (!n) continue;
            for (var yy = y0; yy < y1; yy++) {
              var p = (yy * cols + c) * 4;
              px[p] = acc[i] / n; px[p + 1] = acc[i + 1] / n; px[p + 2] = acc[i + 2] / n; px[p + 3] = 255 * acc[i + 3] / n;
            }
          }
        }
        dg.putImageData(img, 0, 0);
        g.drawImage(denseCanvas, 0, 0, cols / dpr, rows / dpr);
      },
    };
  }

  // Holdings sit in a strip at the bottom of their process's lane: possible (widest) ones
  // pale, certain ones dark over them, any that overlap another holder's in crimson.
  function drawLocks(g, lh, strip, w) {
    for (var pass = 0; pass < 3; pass++) {
      for (var q = 0; q < D.locks.length; q++) {
        var b = D.locks[q], layer = b[4] ? 2 : b[3] ? 1 : 0;
        if (layer !== pass) continue;
        var x0 = Math.max(GUT, xOf(b[1])), x1 = Math.min(w, xOf(b[2]));
        if (x1 < GUT || x0 > w) continue;
        g.fillStyle = ['#9fd3d3', '#0b6e6e', '#b0002a'][layer];
        g.fillRect(x0, b[0] * lh + lh - strip, Math.max(1, x1 - x0), strip - 1);
      }
    }
  }

  function drawOverview(w) {
    var h = 34, g = prep(overview, w, h), pw = plotWidth(), cols = Math.max(1, Math.floor(pw));
    g.fillStyle = '#fbfbfc'; g.fillRect(0, 0, w, h);
    var sx = function (us) { return GUT + (us - full0) / (full1 - full0) * pw; };
    for (var f = 0; f < D.faults.length; f++) {
      var fw = D.faults[f]; g.globalAlpha = 0.35; g.fillStyle = FAULTS[fw[2]] || FAULTS.other;
      g.fillRect(sx(fw[0]), 0, Math.max(2, sx(fw[1]) - sx(fw[0])), h);
    }
    g.globalAlpha = 1;
    var bins = [new Float64Array(cols), new Float64Array(cols), new Float64Array(cols)], max = 1;
    for (k = 0; k < N; k++) { var c = Math.min(cols - 1, Math.floor((start[k] - full0) / (full1 - full0) * cols)); bins[D.o[k]][c]++; }
    for (c = 0; c < cols; c++) max = Math.max(max, bins[0][c] + bins[1][c] + bins[2][c]);
    for (c = 0; c < cols; c++) {
      var y = h;
      for (var o = 0; o < 3; o++) { var bh = bins[o][c] / max * (h - 4); if (bh > 0) { g.fillStyle = COLORS[o]; g.fillRect(GUT + c, y - bh, 1, bh); y -= bh; } }
    }
    g.strokeStyle = '#111'; g.lineWidth = 1.5; g.strokeRect(sx(v0), 1, Math.max(3, sx(v1) - sx(v0)), h - 2);
    g.fillStyle = '#555'; g.font = '10px system-ui, sans-serif'; g.fillText('whole run', 4, 20);
  }

  var pending = false;
  function redraw() {
    if (pending) return; pending = true;
    requestAnimationFrame(function () {
      pending = false; var w = measure(); drawAxis(w); drawLanes(w); drawOverview(w);
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
    lines.push(D.fs[D.f[q]] + ' ' + D.v[q]);
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
})();
`;
