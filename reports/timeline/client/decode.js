// @ts-check
// The timeline's reader, run in the browser: decodes the packed columns the report embeds
// (see ../timeline-data.ts) once, and sorts operations into lanes. This file, view.js,
// paint.js and interact.js are inlined into one function scope by ../timeline-script.ts;
// each declares only functions and constants, and interact.js's startTimeline() runs them.

/** @typedef {import('../timeline-data.js').TimelineData} TimelineData */

/**
 * Each operation's interval and history index, decoded from the delta-encoded columns.
 * @typedef {object} DecodedOps
 * @property {number} count
 * @property {Float64Array} start invocation, µs since the run began
 * @property {Float64Array} end completion, µs; the history's end for an operation never completed
 * @property {Int32Array} inv history index of the invocation
 */

/**
 * @param {TimelineData} D
 * @returns {DecodedOps}
 */
function decodeOps(D) {
  const count = D.s.length;
  const start = new Float64Array(count);
  const end = new Float64Array(count);
  const inv = new Int32Array(count);
  let t = 0;
  let ix = 0;
  for (let k = 0; k < count; k++) {
    t += D.s[k];
    start[k] = t;
    end[k] = D.d[k] < 0 ? D.end : t + D.d[k];
    ix += D.i[k];
    inv[k] = ix;
  }
  return { count, start, end, inv };
}

/**
 * Operations grouped by lane, each lane's in start order, with the running maximum of their
 * ends so a binary search finds the first operation still in view.
 * @typedef {object} Lanes
 * @property {number} count
 * @property {string[]} labels
 * @property {Int32Array} of each operation's lane
 * @property {Int32Array[]} ops per lane, operations (positions in DecodedOps)
 * @property {Float64Array[]} maxEnd per lane, the largest end among ops[0..j]
 */

/**
 * One lane per process, or, folded, one per client worker (a process retired after an
 * unknown outcome continues as process + concurrency in the same worker).
 * @param {TimelineData} D
 * @param {DecodedOps} ops
 * @param {boolean} fold
 * @returns {Lanes}
 */
function layoutLanes(D, ops, fold) {
  const workers = fold && D.concurrency ? D.concurrency : 0;
  const count = workers || D.lanes.length;
  /** @type {string[]} */
  const labels = [];
  for (let l = 0; l < count; l++) labels.push(workers ? `w${l}` : `p${D.lanes[l]}`);
  const of = new Int32Array(ops.count);
  const sizes = new Int32Array(count);
  for (let k = 0; k < ops.count; k++) {
    of[k] = workers ? D.lanes[D.p[k]] % workers : D.p[k];
    sizes[of[k]]++;
  }
  /** @type {Int32Array[]} */
  const laneOps = [];
  /** @type {Float64Array[]} */
  const maxEnd = [];
  for (let l = 0; l < count; l++) {
    laneOps.push(new Int32Array(sizes[l]));
    maxEnd.push(new Float64Array(sizes[l]));
  }
  const fill = new Int32Array(count);
  for (let k = 0; k < ops.count; k++) {
    const lane = of[k];
    const j = fill[lane]++;
    laneOps[lane][j] = k;
    maxEnd[lane][j] = j > 0 ? Math.max(maxEnd[lane][j - 1], ops.end[k]) : ops.end[k];
  }
  return { count, labels, of, ops: laneOps, maxEnd };
}
