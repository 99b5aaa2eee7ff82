// @ts-check
// The timeline's state and geometry: what is shown (the visible time range, the lanes, the
// highlight) and where on the canvas a time or a lane falls. See decode.js for how the
// timeline's files fit together.

/** Left gutter for lane labels, and the time axis's height, in CSS pixels. */
const GUT = 56;
const AXIS_H = 24;

/**
 * Everything a paint reads. Times are µs since the run began.
 * @typedef {object} TimelineView
 * @property {TimelineData} D
 * @property {DecodedOps} ops
 * @property {Lanes} lanes
 * @property {boolean} fold one lane per worker instead of per process
 * @property {number} full0 the whole run
 * @property {number} full1
 * @property {number} v0 the visible range
 * @property {number} v1
 * @property {number} plotW the plot area's width in px, measured once per paint
 * @property {Set<number> | null} highlight operations (positions in DecodedOps) picked from the report
 */

/**
 * The elements the timeline draws into, found by class inside #timeline.
 * @typedef {object} TimelineParts
 * @property {HTMLElement} root
 * @property {HTMLCanvasElement} axis
 * @property {HTMLCanvasElement} lanes
 * @property {HTMLElement} scroller
 * @property {HTMLCanvasElement} overview
 * @property {HTMLElement} tip
 * @property {HTMLElement} range
 * @property {HTMLElement} note
 * @property {HTMLCanvasElement} dense an offscreen canvas for blending operations narrower than a pixel
 */

/**
 * @param {TimelineData} D
 * @param {boolean} fold
 * @returns {TimelineView}
 */
function newView(D, fold) {
  const ops = decodeOps(D);
  const full1 = Math.max(D.end, 1);
  return { D, ops, lanes: layoutLanes(D, ops, fold), fold, full0: 0, full1, v0: 0, v1: full1, plotW: 100, highlight: null };
}

/**
 * Lock holdings take a strip at the bottom of each process's lane (not of folded lanes).
 * @param {TimelineView} view
 */
function lockStrip(view) {
  return view.D.locks.length && !view.fold ? 6 : 0;
}

/** @param {TimelineView} view */
function laneHeight(view) {
  return Math.max(3, Math.min(lockStrip(view) ? 24 : 16, Math.floor(560 / Math.max(1, view.lanes.count))));
}

/**
 * Reads the root's width once per paint: clientWidth on every one of 100,000 operations costs a second.
 * @param {TimelineView} view
 * @param {HTMLElement} root
 */
function measure(view, root) {
  view.plotW = Math.max(100, root.clientWidth - GUT - 8);
  return root.clientWidth;
}

/**
 * @param {TimelineView} view
 * @param {number} us
 */
function xOf(view, us) {
  return GUT + ((us - view.v0) / (view.v1 - view.v0)) * view.plotW;
}

/**
 * @param {TimelineView} view
 * @param {number} px
 */
function usOf(view, px) {
  return view.v0 + ((px - GUT) / view.plotW) * (view.v1 - view.v0);
}

/**
 * A time in seconds, with as many decimals as the visible span needs.
 * @param {TimelineView} view
 * @param {number} us
 */
function fmt(view, us) {
  const s = us / 1e6;
  const span = (view.v1 - view.v0) / 1e6;
  return `${s.toFixed(span < 0.05 ? 4 : span < 2 ? 3 : span < 60 ? 1 : 0)}s`;
}

/**
 * The lane's first operation (in start order) that ends at or after the visible range's start.
 * @param {TimelineView} view
 * @param {number} lane
 */
function firstVisible(view, lane) {
  const m = view.lanes.maxEnd[lane];
  let lo = 0;
  let hi = m.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (m[mid] < view.v0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
