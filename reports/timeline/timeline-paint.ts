// Part two of the timeline script (see timeline-script.ts): painting the axis, the lanes,
// lock holdings and the whole-run overview. It uses the variables the first part declares.

export const TIMELINE_PAINT = String.raw`
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
        var rows = Math.ceil(h * dpr);
        if (!used || !(cols > 0) || !(rows > 0)) return;
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

`;
