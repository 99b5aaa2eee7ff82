// @ts-check
// The timeline's start-up and events: redraw scheduling, panning, zooming, hover details,
// and highlights asked for by the report's buttons. See decode.js for how the files fit together.

const OUTCOME_NAMES = ['ok', 'fail', 'info'];

/**
 * What the page offers tests and the benchmark as window.faultlineTimeline.
 * @typedef {object} TimelineApi
 * @property {number} paintedAt when the first full paint finished, ms since navigation
 * @property {(indices: number[] | null, label?: string | null) => void} [show] highlights the operations with these history indices
 * @property {(from: number, to: number) => void} [setView] shows this range, µs
 * @property {number[]} [view] the visible range, µs
 */

/**
 * Finds a part of the timeline by class; the markup is timeline-section.ts's.
 * @template {Element} T
 * @param {Element} root
 * @param {string} selector
 * @param {{ new (): T, prototype: T }} type
 * @returns {T}
 */
function part(root, selector, type) {
  const el = root.querySelector(selector);
  if (!(el instanceof type)) throw new Error(`timeline: the page has no ${selector}`);
  return el;
}

/**
 * One operation's details for the tooltip.
 * @param {TimelineView} view
 * @param {number} q
 */
function describe(view, q) {
  const { D } = view;
  const { start, inv } = view.ops;
  const lines = [`#${inv[q]}${D.c[q] >= 0 ? ` → #${inv[q] + D.c[q]}` : ' (never completed)'}   process ${D.lanes[D.p[q]]}`];
  lines.push(`${D.fs[D.f[q]]} ${D.v[q]}${D.k[q] >= 0 ? `   key ${D.keys[D.k[q]]}` : ''}`);
  lines.push(
    `${OUTCOME_NAMES[D.o[q]] + (D.d[q] >= 0 ? `, ${(D.d[q] / 1000).toFixed(D.d[q] < 10000 ? 2 : 0)} ms` : '')}, invoked at ${(start[q] / 1e6).toFixed(3)}s`,
  );
  if (D.n[q] >= 0) lines.push(`node ${D.nodes[D.n[q]]}`);
  if (D.e[q] >= 0) lines.push(`error: ${D.errors[D.e[q]]}`);
  return lines.join('\n');
}

/**
 * The operation under a point of the lanes canvas, or -1: the last one in start order
 * within three pixels.
 * @param {TimelineView} view
 * @param {number} px
 * @param {number} py
 */
function opAt(view, px, py) {
  const l = Math.floor(py / laneHeight(view));
  if (l < 0 || l >= view.lanes.count || px < GUT) return -1;
  const { start, end } = view.ops;
  const tt = usOf(view, px);
  const slack = (3 * (view.v1 - view.v0)) / view.plotW;
  const ops = view.lanes.ops[l];
  let best = -1;
  for (let j = firstVisible(view, l); j < ops.length; j++) {
    const q = ops[j];
    if (start[q] > tt + slack) break;
    if (end[q] >= tt - slack) best = q;
  }
  return best;
}

/** Reads the embedded data, draws the timeline and wires its controls; a page without one is left alone. */
function startTimeline() {
  const dataEl = document.getElementById('timeline-data');
  const root = document.getElementById('timeline');
  if (!dataEl || !root) return;
  /** @type {TimelineData} */
  const D = JSON.parse(dataEl.textContent || 'null');
  /** @type {TimelineParts} */
  const parts = {
    root,
    axis: part(root, '.tl-axis', HTMLCanvasElement),
    lanes: part(root, '.tl-lanes', HTMLCanvasElement),
    scroller: part(root, '.tl-scroll', HTMLElement),
    overview: part(root, '.tl-overview', HTMLCanvasElement),
    tip: part(root, '.tl-tip', HTMLElement),
    range: part(root, '.tl-range', HTMLElement),
    note: part(root, '.tl-highlight', HTMLElement),
    dense: document.createElement('canvas'),
  };
  const { lanes: canvas, overview, tip, note } = parts;
  const foldBox = part(root, '.tl-fold', HTMLInputElement);
  // Hundreds of short-lived processes (each unknown outcome retires one) make lanes too thin
  // to read; start folded into workers then, one click from a lane per process.
  const fold = !!D.concurrency && D.lanes.length > 120 && D.lanes.length > 2 * D.concurrency;
  const view = newView(D, fold);
  /** @type {TimelineApi} */
  const api = { paintedAt: 0 };
  Object.assign(window, { faultlineTimeline: api });

  let pending = false;
  function redraw() {
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => {
      pending = false;
      const w = measure(view, parts.root);
      // A hidden or collapsing page (printing, a resize in flight) has no width to draw in.
      if (!(w > GUT + 8)) return;
      drawAxis(view, parts, w);
      drawLanes(view, parts, w);
      drawOverview(view, parts, w);
      if (!api.paintedAt) api.paintedAt = performance.now();
    });
  }

  /**
   * Shows [a, b] (µs), at least 20 µs wide, moved inside the run.
   * @param {number} a
   * @param {number} b
   */
  function setView(a, b) {
    const { full0, full1 } = view;
    const span = Math.max(b - a, 20);
    if (span >= full1 - full0) {
      a = full0;
      b = full1;
    } else {
      if (a < full0) {
        b += full0 - a;
        a = full0;
      }
      if (b > full1) {
        a -= b - full1;
        b = full1;
      }
    }
    view.v0 = a;
    view.v1 = Math.max(b, a + 20);
    redraw();
  }

  /**
   * @param {number} factor
   * @param {number} [at] the time to keep in place; the middle by default
   */
  function zoom(factor, at) {
    const c = at === undefined ? (view.v0 + view.v1) / 2 : at;
    setView(c - (c - view.v0) * factor, c + (view.v1 - c) * factor);
  }

  /** @type {{ x: number, a: number, b: number } | null} */
  let drag = null;
  canvas.addEventListener('mousedown', (ev) => {
    drag = { x: ev.clientX, a: view.v0, b: view.v1 };
    ev.preventDefault();
  });
  window.addEventListener('mouseup', () => {
    drag = null;
    canvas.style.cursor = '';
  });
  window.addEventListener('mousemove', (ev) => {
    if (!drag) return;
    const d = ((ev.clientX - drag.x) / view.plotW) * (drag.b - drag.a);
    canvas.style.cursor = 'grabbing';
    setView(drag.a - d, drag.b - d);
  });
  canvas.addEventListener('mousemove', (ev) => {
    if (drag) {
      tip.hidden = true;
      return;
    }
    const r = canvas.getBoundingClientRect();
    const q = opAt(view, ev.clientX - r.left, ev.clientY - r.top);
    if (q < 0) {
      tip.hidden = true;
      return;
    }
    // textContent only: values and errors come from the system under test.
    tip.textContent = describe(view, q);
    tip.hidden = false;
    const rr = root.getBoundingClientRect();
    const left = ev.clientX - rr.left + 14;
    tip.style.left = `${Math.min(left, rr.width - 340)}px`;
    tip.style.top = `${ev.clientY - rr.top + 14}px`;
  });
  canvas.addEventListener('mouseleave', () => {
    tip.hidden = true;
  });
  canvas.addEventListener('dblclick', () => setView(view.full0, view.full1));
  canvas.addEventListener(
    'wheel',
    (ev) => {
      if (!(ev.ctrlKey || ev.metaKey || ev.shiftKey)) return;
      ev.preventDefault();
      const r = canvas.getBoundingClientRect();
      zoom(ev.deltaY + ev.deltaX > 0 ? 1.25 : 0.8, usOf(view, ev.clientX - r.left));
    },
    { passive: false },
  );

  /** @type {number | null} */
  let brush = null;
  /** @param {MouseEvent} ev */
  const overviewUs = (ev) => {
    const r = overview.getBoundingClientRect();
    return view.full0 + ((ev.clientX - r.left - GUT) / view.plotW) * (view.full1 - view.full0);
  };
  overview.addEventListener('mousedown', (ev) => {
    brush = overviewUs(ev);
    ev.preventDefault();
  });
  overview.addEventListener('mouseup', (ev) => {
    if (brush === null) return;
    const a = brush;
    const b = overviewUs(ev);
    brush = null;
    if (Math.abs(b - a) < (view.full1 - view.full0) / 300) {
      const half = (view.v1 - view.v0) / 2;
      setView(a - half, a + half);
    } else {
      setView(Math.min(a, b), Math.max(a, b));
    }
  });

  part(root, '.tl-in', HTMLButtonElement).addEventListener('click', () => zoom(0.5));
  part(root, '.tl-out', HTMLButtonElement).addEventListener('click', () => zoom(2));
  part(root, '.tl-reset', HTMLButtonElement).addEventListener('click', () => setView(view.full0, view.full1));
  part(root, '.tl-left', HTMLButtonElement).addEventListener('click', () => {
    const d = (view.v1 - view.v0) * 0.4;
    setView(view.v0 - d, view.v1 - d);
  });
  part(root, '.tl-right', HTMLButtonElement).addEventListener('click', () => {
    const d = (view.v1 - view.v0) * 0.4;
    setView(view.v0 + d, view.v1 + d);
  });
  if (!D.concurrency && foldBox.parentElement) foldBox.parentElement.hidden = true;
  foldBox.checked = fold;
  foldBox.addEventListener('change', () => {
    view.fold = foldBox.checked;
    view.lanes = layoutLanes(D, view.ops, view.fold);
    redraw();
  });
  part(root, '.tl-clear', HTMLButtonElement).addEventListener('click', () => show(null));

  /** @type {Map<number, number> | null} history index (invocation or completion) to operation */
  let byIndex = null;
  /**
   * Highlights the operations with these history indices, zooms to them and scrolls their
   * first lane into view; null clears.
   * @param {number[] | null} indices
   * @param {string | null} [label]
   */
  function show(indices, label) {
    if (!indices) {
      view.highlight = null;
      note.hidden = true;
      redraw();
      return;
    }
    const { start, end, inv } = view.ops;
    if (!byIndex) {
      byIndex = new Map();
      for (let k = 0; k < view.ops.count; k++) {
        byIndex.set(inv[k], k);
        if (D.c[k] >= 0) byIndex.set(inv[k] + D.c[k], k);
      }
    }
    const highlight = (view.highlight = new Set());
    let a = Infinity;
    let b = -Infinity;
    let firstLane = view.lanes.count;
    for (const index of indices) {
      const op = byIndex.get(index);
      if (op === undefined) continue;
      highlight.add(op);
      a = Math.min(a, start[op]);
      b = Math.max(b, end[op]);
      firstLane = Math.min(firstLane, view.lanes.of[op]);
    }
    note.hidden = false;
    const text = note.querySelector('span');
    if (text) text.textContent = `Highlighted: ${label || 'operations'} (${highlight.size} operations)`;
    if (a <= b) {
      const padUs = Math.max((b - a) * 0.15, 2000);
      setView(a - padUs, b + padUs);
    } else {
      redraw();
    }
    parts.scroller.scrollTop = Math.max(0, firstLane * laneHeight(view) - 40);
  }

  document.addEventListener('click', (ev) => {
    const el = ev.target instanceof Element ? ev.target.closest('[data-show-indices]') : null;
    if (!el) return;
    ev.preventDefault();
    const list = (el.getAttribute('data-show-indices') || '').split(',').filter(Boolean).map(Number);
    show(list, el.getAttribute('data-show-label'));
    root.scrollIntoView({ behavior: 'instant', block: 'start' });
  });

  window.addEventListener('resize', redraw);
  measure(view, root);
  redraw();
  api.show = show;
  api.setView = setView;
  Object.defineProperty(api, 'view', { get: () => [view.v0, view.v1] });
}
