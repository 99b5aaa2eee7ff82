import { TIMELINE_INTERACT } from './timeline-interact.js';
import { TIMELINE_PAINT } from './timeline-paint.js';

// The timeline's reader and painter, inlined into report.html as plain ES2017. It decodes
// the packed columns once, keeps per-lane lists sorted by start, and repaints only what is
// in view on a canvas, so a 100,000-operation history stays one element, not 100,000.
// Text from the history reaches the page only through textContent.
//
// The script is one function in three parts that share its variables: this file (decoding,
// lanes, geometry), timeline-paint.ts (drawing) and timeline-interact.ts (events, highlights).

const PRELUDE = String.raw`
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

`;

export const TIMELINE_SCRIPT = `${PRELUDE}${TIMELINE_PAINT}${TIMELINE_INTERACT}})();\n`;
