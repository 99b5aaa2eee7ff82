// @ts-check
// The timeline's painter: the time axis, the lanes with fault windows shaded behind them,
// lock holdings, and the whole-run overview. See decode.js for how the files fit together.

/** Outcome colours by D.o (ok, fail, info), as a CSS colour and as RGB for the pixel buffer. */
const OUTCOME_COLORS = ['#2e9d57', '#d64545', '#e09a00'];
const OUTCOME_RGB = [
  [0x2e, 0x9d, 0x57],
  [0xd6, 0x45, 0x45],
  [0xe0, 0x9a, 0x00],
];
/** @type {Record<string, string>} */
const FAULT_COLORS = { partition: '#7b61c9', pause: '#3f86d2', kill: '#5d6470', clock: '#15a0a0', other: '#b06fb0' };
/** Lock holdings, by layer: possible, certain, overlapping another holder's. */
const LOCK_COLORS = ['#9fd3d3', '#0b6e6e', '#b0002a'];

/**
 * Sizes a canvas for the device's pixel ratio and returns its context scaled to CSS pixels.
 * @param {HTMLCanvasElement} cv
 * @param {number} cssW
 * @param {number} cssH
 */
function prep(cv, cssW, cssH) {
  const r = window.devicePixelRatio || 1;
  cv.style.width = `${cssW}px`;
  cv.style.height = `${cssH}px`;
  cv.width = Math.round(cssW * r);
  cv.height = Math.round(cssH * r);
  const g = context2d(cv);
  g.setTransform(r, 0, 0, r, 0, 0);
  return g;
}

/** @param {HTMLCanvasElement} cv */
function context2d(cv) {
  const g = cv.getContext('2d');
  if (!g) throw new Error('timeline: this browser gives no 2D canvas');
  return g;
}

/**
 * A round tick step (1, 2 or 5 times a power of ten) giving about `want` ticks over `span`.
 * @param {number} span
 * @param {number} want
 */
function niceStep(span, want) {
  const raw = span / want;
  const p = 10 ** Math.floor(Math.log10(raw));
  const m = raw / p;
  return p * (m < 1.5 ? 1 : m < 3.5 ? 2 : m < 7.5 ? 5 : 10);
}

/**
 * @param {TimelineView} view
 * @param {TimelineParts} parts
 * @param {number} w
 */
function drawAxis(view, parts, w) {
  const g = prep(parts.axis, w, AXIS_H);
  g.fillStyle = '#fff';
  g.fillRect(0, 0, w, AXIS_H);
  g.strokeStyle = '#999';
  g.fillStyle = '#333';
  g.font = '11px system-ui, sans-serif';
  const step = niceStep(view.v1 - view.v0, Math.max(2, Math.floor(view.plotW / 110)));
  for (let tk = Math.ceil(view.v0 / step) * step; tk <= view.v1; tk += step) {
    const x = xOf(view, tk);
    g.beginPath();
    g.moveTo(x + 0.5, AXIS_H - 6);
    g.lineTo(x + 0.5, AXIS_H);
    g.stroke();
    g.fillText(fmt(view, tk), x + 3, AXIS_H - 9);
  }
  parts.range.textContent = `${fmt(view, view.v0)} – ${fmt(view, view.v1)} of ${(view.full1 / 1e6).toFixed(1)}s`;
}

/**
 * @param {TimelineView} view
 * @param {TimelineParts} parts
 * @param {number} w
 */
function drawLanes(view, parts, w) {
  const { D, lanes, highlight, v0, v1 } = view;
  const { start, end } = view.ops;
  const lh = laneHeight(view);
  const h = lanes.count * lh + 4;
  const g = prep(parts.lanes, w, h);
  g.clearRect(0, 0, w, h);
  for (let l = 0; l < lanes.count; l++) {
    if (l % 2) {
      g.fillStyle = '#f6f7f9';
      g.fillRect(GUT, l * lh, w - GUT, lh);
    }
  }
  for (const [from, to, kind] of D.faults) {
    const fx = xOf(view, from);
    const fx1 = xOf(view, to);
    if (fx1 < GUT || fx > w) continue;
    g.globalAlpha = 0.16;
    g.fillStyle = FAULT_COLORS[kind] || FAULT_COLORS.other;
    g.fillRect(Math.max(GUT, fx), 0, Math.max(2, fx1 - Math.max(GUT, fx)), h);
    g.globalAlpha = 1;
  }
  const pad = lh > 6 ? 1 : 0;
  const strip = lh >= 14 ? lockStrip(view) : 0;
  // Zoomed out, a lane holds several operations per pixel, and a hundred thousand separate
  // fills cost a second. Operations narrower than a pixel are blended into a pixel buffer
  // (each pixel the average colour of the operations in it) and drawn as one image; wider
  // touching bars of one outcome are merged into one rectangle.
  const dpr = window.devicePixelRatio || 1;
  const dense = denseBuffer(lanes.count, parts.dense, w, dpr);
  const run = { o: -1, a: 0, x0: 0, x1: 0 };
  /**
   * @param {number} y
   * @param {number} bh
   */
  const flush = (y, bh) => {
    if (run.o < 0) return;
    g.globalAlpha = run.a;
    g.fillStyle = OUTCOME_COLORS[run.o];
    g.fillRect(run.x0, y, Math.max(1, run.x1 - run.x0), bh);
    run.o = -1;
  };
  for (let l = 0; l < lanes.count; l++) {
    const ops = lanes.ops[l];
    const y = l * lh + pad;
    const bh = lh - 2 * pad - strip;
    for (let j = firstVisible(view, l); j < ops.length; j++) {
      const k = ops[j];
      if (start[k] > v1) break;
      if (end[k] < v0) continue;
      const x0 = Math.max(GUT, xOf(view, start[k]));
      const x1 = Math.min(w, xOf(view, end[k]));
      const lit = !highlight || highlight.has(k);
      const alpha = lit ? (D.d[k] < 0 ? 0.45 : 0.9) : 0.15;
      if ((x1 - x0) * dpr < 1 && !(highlight && lit)) {
        dense.add(l, x0, D.o[k], alpha);
        continue;
      }
      if (run.o === D.o[k] && run.a === alpha && x0 <= run.x1 + 0.5) {
        run.x1 = Math.max(run.x1, x1);
      } else {
        flush(y, bh);
        run.o = D.o[k];
        run.a = alpha;
        run.x0 = x0;
        run.x1 = x1;
      }
      const labelled = x1 - x0 > 46 && lh >= 12;
      if (!(highlight && lit) && !labelled) continue;
      flush(y, bh);
      if (highlight && lit) {
        g.globalAlpha = 1;
        g.strokeStyle = '#111';
        g.lineWidth = 1.5;
        g.strokeRect(x0, y, Math.max(1, x1 - x0), bh);
      }
      if (labelled) {
        g.globalAlpha = 1;
        g.fillStyle = '#fff';
        g.font = '10px system-ui, sans-serif';
        g.save();
        g.beginPath();
        g.rect(x0, y, x1 - x0 - 2, bh);
        g.clip();
        g.fillText(`${D.fs[D.f[k]]} ${D.v[k]}`, x0 + 3, y + bh - 3);
        g.restore();
      }
    }
    flush(y, bh);
  }
  g.globalAlpha = 1;
  dense.paint(g, lh, pad, strip, h);
  if (strip) drawLocks(view, g, lh, strip, w);
  g.fillStyle = '#fff';
  g.fillRect(0, 0, GUT - 2, h);
  if (lh >= 9) {
    g.fillStyle = '#555';
    g.font = `${Math.min(11, lh - 1)}px system-ui, sans-serif`;
    for (let l = 0; l < lanes.count; l++) g.fillText(lanes.labels[l], 4, l * lh + lh - 3);
  }
}

/**
 * Accumulates operations narrower than a device pixel per (lane, pixel column), then paints
 * each column's average colour in one image.
 * @param {number} laneCount
 * @param {HTMLCanvasElement} canvas
 * @param {number} w
 * @param {number} dpr
 */
function denseBuffer(laneCount, canvas, w, dpr) {
  const cols = Math.ceil(w * dpr);
  /** @type {Float32Array | null} */
  let acc = null;
  return {
    /**
     * @param {number} lane
     * @param {number} x
     * @param {number} o outcome
     * @param {number} alpha
     */
    add(lane, x, o, alpha) {
      if (!acc) acc = new Float32Array(laneCount * cols * 5);
      const c = Math.min(cols - 1, Math.max(0, Math.floor(x * dpr)));
      const i = (lane * cols + c) * 5;
      const rgb = OUTCOME_RGB[o];
      acc[i] += rgb[0];
      acc[i + 1] += rgb[1];
      acc[i + 2] += rgb[2];
      acc[i + 3] += alpha;
      acc[i + 4]++;
    },
    /**
     * @param {CanvasRenderingContext2D} g
     * @param {number} lh
     * @param {number} pad
     * @param {number} strip
     * @param {number} h
     */
    paint(g, lh, pad, strip, h) {
      const rows = Math.ceil(h * dpr);
      if (!acc || !(cols > 0) || !(rows > 0)) return;
      canvas.width = cols;
      canvas.height = rows;
      const dg = context2d(canvas);
      const img = dg.createImageData(cols, rows);
      const px = img.data;
      for (let lane = 0; lane < laneCount; lane++) {
        const y0 = Math.round((lane * lh + pad) * dpr);
        const y1 = Math.min(rows, Math.round((lane * lh + lh - pad - strip) * dpr));
        for (let c = 0; c < cols; c++) {
          const i = (lane * cols + c) * 5;
          const n = acc[i + 4];
          if (!n) continue;
          for (let yy = y0; yy < y1; yy++) {
            const p = (yy * cols + c) * 4;
            px[p] = acc[i] / n;
            px[p + 1] = acc[i + 1] / n;
            px[p + 2] = acc[i + 2] / n;
            px[p + 3] = (255 * acc[i + 3]) / n;
          }
        }
      }
      dg.putImageData(img, 0, 0);
      g.drawImage(canvas, 0, 0, cols / dpr, rows / dpr);
    },
  };
}

/**
 * Holdings sit in a strip at the bottom of their process's lane: possible (widest) ones
 * pale, certain ones dark over them, any that overlap another holder's in crimson.
 * @param {TimelineView} view
 * @param {CanvasRenderingContext2D} g
 * @param {number} lh
 * @param {number} strip
 * @param {number} w
 */
function drawLocks(view, g, lh, strip, w) {
  for (let pass = 0; pass < 3; pass++) {
    for (const [lane, from, to, certain, overlapping] of view.D.locks) {
      const layer = overlapping ? 2 : certain ? 1 : 0;
      if (layer !== pass) continue;
      const x0 = Math.max(GUT, xOf(view, from));
      const x1 = Math.min(w, xOf(view, to));
      if (x1 < GUT || x0 > w) continue;
      g.fillStyle = LOCK_COLORS[layer];
      g.fillRect(x0, lane * lh + lh - strip, Math.max(1, x1 - x0), strip - 1);
    }
  }
}

/**
 * The whole run in one strip: fault windows, a stacked histogram of invocations by outcome,
 * and a frame around the visible range.
 * @param {TimelineView} view
 * @param {TimelineParts} parts
 * @param {number} w
 */
function drawOverview(view, parts, w) {
  const { D, full0, full1 } = view;
  const { start } = view.ops;
  const h = 34;
  const g = prep(parts.overview, w, h);
  const pw = view.plotW;
  const cols = Math.max(1, Math.floor(pw));
  g.fillStyle = '#fbfbfc';
  g.fillRect(0, 0, w, h);
  /** @param {number} us */
  const sx = (us) => GUT + ((us - full0) / (full1 - full0)) * pw;
  for (const [from, to, kind] of D.faults) {
    g.globalAlpha = 0.35;
    g.fillStyle = FAULT_COLORS[kind] || FAULT_COLORS.other;
    g.fillRect(sx(from), 0, Math.max(2, sx(to) - sx(from)), h);
  }
  g.globalAlpha = 1;
  const bins = [new Float64Array(cols), new Float64Array(cols), new Float64Array(cols)];
  let max = 1;
  for (let k = 0; k < view.ops.count; k++) {
    const c = Math.min(cols - 1, Math.floor(((start[k] - full0) / (full1 - full0)) * cols));
    bins[D.o[k]][c]++;
  }
  for (let c = 0; c < cols; c++) max = Math.max(max, bins[0][c] + bins[1][c] + bins[2][c]);
  for (let c = 0; c < cols; c++) {
    let y = h;
    for (let o = 0; o < 3; o++) {
      const bh = (bins[o][c] / max) * (h - 4);
      if (bh > 0) {
        g.fillStyle = OUTCOME_COLORS[o];
        g.fillRect(GUT + c, y - bh, 1, bh);
        y -= bh;
      }
    }
  }
  g.strokeStyle = '#111';
  g.lineWidth = 1.5;
  g.strokeRect(sx(view.v0), 1, Math.max(3, sx(view.v1) - sx(view.v0)), h - 2);
  g.fillStyle = '#555';
  g.font = '10px system-ui, sans-serif';
  g.fillText('whole run', 4, 20);
}
