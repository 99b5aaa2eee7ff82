import type { ContinuousScale } from 'd3-node';
import type { FaultWindow } from '../model/fault-windows.js';
import { OUTCOME_NAMES, type OpTable } from '../model/op-table.js';
import { createFrame, drawFaultBands, drawTimeAxis, MARGIN, CHART_WIDTH, stripHeight, svgMarkup, type TimeDomain } from './chart-frame.js';
import { OUTCOME_COLORS } from './palette.js';

// Latency against invocation time, one panel per kind of operation, dots coloured by
// outcome, on a log scale (timeouts are thousands of times slower than the usual reply).

const PANEL_HEIGHT = 130;
const PANEL_GAP = 34;
const MAX_PANELS = 6;
/** Dots closer than this (in px) are drawn once: the picture is the same and the file is not. */
const CELL = 2.5;

export interface LatencyPanel {
  label: string;
  /** Operation kinds (f) drawn in this panel. */
  fs: number[];
}

/** One panel per f, the rarest beyond MAX_PANELS folded into "other". */
export function latencyPanels(table: OpTable): LatencyPanel[] {
  const counts = new Map<number, number>();
  for (let i = 0; i < table.length; i++) counts.set(table.f[i], (counts.get(table.f[i]) ?? 0) + 1);
  const byCount = [...counts.entries()].sort((a, b) => b[1] - a[1]).map(([f]) => f);
  const own = byCount.length > MAX_PANELS ? byCount.slice(0, MAX_PANELS - 1) : byCount;
  const panels = own.map((f) => ({ label: table.fNames[f], fs: [f] }));
  const rest = byCount.slice(own.length);
  if (rest.length) panels.push({ label: `other (${rest.map((f) => table.fNames[f]).join(', ')})`, fs: rest });
  return panels;
}

export function latencyChart(table: OpTable, faults: readonly FaultWindow[], domain: TimeDomain): string {
  const panels = latencyPanels(table);
  const height = stripHeight(faults) + panels.length * (PANEL_HEIGHT + PANEL_GAP) + 24;
  const frame = createFrame(height, domain, faults, 'Latency of each operation over time, by kind and outcome, with fault windows shaded');
  const { lo, hi } = latencyRange(table);
  panels.forEach((panel, p) => {
    const y0 = frame.top + p * (PANEL_HEIGHT + PANEL_GAP) + 14;
    const y1 = y0 + PANEL_HEIGHT;
    const y = frame.node.d3.scaleLog().domain([lo, hi]).range([y1, y0]).clamp(true);
    drawFaultBands(frame, faults, y0, y1);
    drawLogAxis(frame, y, lo, hi);
    const fs = new Set(panel.fs);
    const dots = dotPaths(table, fs, (t) => frame.x(t), y);
    const counts = [0, 0, 0];
    for (let i = 0; i < table.length; i++) if (fs.has(table.f[i]) && table.completeIndex[i] >= 0) counts[table.outcome[i]]++;
    // The commonest outcome goes underneath so rare ones stay visible.
    const order = [0, 1, 2].sort((a, b) => counts[b] - counts[a]);
    const g = frame.svg.append('g').attr('class', 'dots').attr('data-panel', p);
    for (const o of order) {
      if (!dots[o]) continue;
      g.append('path')
        .attr('d', dots[o])
        .attr('stroke', OUTCOME_COLORS[o])
        .attr('stroke-width', 3.2)
        .attr('stroke-linecap', 'round')
        .attr('stroke-opacity', 0.75)
        .attr('fill', 'none')
        .attr('data-outcome', OUTCOME_NAMES[o]);
    }
    frame.svg
      .append('text')
      .attr('x', MARGIN.left)
      .attr('y', y0 - 4)
      .attr('font-weight', 600)
      .attr('font-size', 12)
      .text(panel.label);
    frame.svg
      .append('text')
      .attr('x', CHART_WIDTH - MARGIN.right)
      .attr('y', y0 - 4)
      .attr('text-anchor', 'end')
      .attr('fill', '#555')
      .text(`${counts[0]} ok · ${counts[1]} fail · ${counts[2]} info`);
    drawTimeAxis(frame, y1, p === panels.length - 1);
  });
  return svgMarkup(frame);
}

function latencyRange(table: OpTable): { lo: number; hi: number } {
  let lo = Infinity;
  let hi = 0;
  for (let i = 0; i < table.length; i++) {
    if (table.completeIndex[i] < 0) continue;
    const ms = (table.end[i] - table.start[i]) / 1e6;
    if (ms > 0 && ms < lo) lo = ms;
    if (ms > hi) hi = ms;
  }
  if (!Number.isFinite(lo)) return { lo: 0.1, hi: 1000 };
  lo = 10 ** Math.floor(Math.log10(Math.max(lo, 1e-3)));
  hi = 10 ** Math.ceil(Math.log10(Math.max(hi, lo * 10)));
  return { lo, hi };
}

function drawLogAxis(frame: ReturnType<typeof createFrame>, y: ContinuousScale, lo: number, hi: number): void {
  const ticks: number[] = [];
  for (let t = lo; t <= hi * 1.0001; t *= 10) ticks.push(t);
  const axis = frame.node.d3.axisLeft(y).tickValues(ticks).tickFormat(formatMs).tickSizeOuter(0);
  frame.svg.append('g').attr('class', 'axis').attr('transform', `translate(${MARGIN.left},0)`).call(axis);
  const grid = frame.svg.append('g').attr('class', 'grid');
  for (const t of ticks)
    grid
      .append('line')
      .attr('x1', MARGIN.left)
      .attr('x2', CHART_WIDTH - MARGIN.right)
      .attr('y1', y(t))
      .attr('y2', y(t));
}

export function formatMs(ms: number): string {
  if (ms >= 1000) return `${+(ms / 1000).toPrecision(3)} s`;
  if (ms >= 1) return `${+ms.toPrecision(3)} ms`;
  return `${+(ms * 1000).toPrecision(3)} µs`;
}

/** Path data per outcome: each dot a zero-length segment drawn with a round cap. */
function dotPaths(table: OpTable, fs: ReadonlySet<number>, x: (seconds: number) => number, y: ContinuousScale): string[] {
  const parts: string[][] = [[], [], []];
  const seen = [new Set<number>(), new Set<number>(), new Set<number>()];
  for (let i = 0; i < table.length; i++) {
    if (!fs.has(table.f[i]) || table.completeIndex[i] < 0) continue;
    const px = x(table.start[i] / 1e9);
    const py = y(Math.max((table.end[i] - table.start[i]) / 1e6, 1e-9));
    const o = table.outcome[i];
    const cell = Math.round(px / CELL) * 4096 + Math.round(py / CELL);
    if (seen[o].has(cell)) continue;
    seen[o].add(cell);
    parts[o].push(`M${px.toFixed(1)} ${py.toFixed(1)}h0`);
  }
  return parts.map((p) => p.join(''));
}
