import type { FaultWindow } from '../model/fault-windows.js';
import { OUTCOME_NAMES, type OpTable } from '../model/op-table.js';
import { CHART_WIDTH, createFrame, drawFaultBands, drawTimeAxis, MARGIN, stripHeight, svgMarkup, type TimeDomain } from './chart-frame.js';
import { OUTCOME_COLORS } from './palette.js';

// Completed operations per second over time, one line per outcome, bucketed so a long run
// still has about a hundred points per line.

const PLOT_HEIGHT = 170;
const NICE_BUCKETS = [0.01, 0.02, 0.05, 0.1, 0.2, 0.25, 0.5, 1, 2, 5, 10, 15, 30, 60, 120, 300, 600];

export function bucketSeconds(durationSeconds: number): number {
  const wanted = durationSeconds / 100;
  return NICE_BUCKETS.find((b) => b >= wanted) ?? Math.ceil(wanted / 600) * 600;
}

/** Completions per second in each bucket, per outcome, by completion time as Jepsen plots it. */
export function throughputSeries(table: OpTable, domain: TimeDomain): { bucket: number; rates: Float64Array[] } {
  const bucket = bucketSeconds(Math.max(domain.to - domain.from, 0.001));
  const n = Math.max(1, Math.ceil((domain.to - domain.from) / bucket));
  const rates = [new Float64Array(n), new Float64Array(n), new Float64Array(n)];
  for (let i = 0; i < table.length; i++) {
    if (table.completeIndex[i] < 0) continue;
    const b = Math.min(n - 1, Math.floor((table.end[i] / 1e9 - domain.from) / bucket));
    rates[table.outcome[i]][b] += 1 / bucket;
  }
  return { bucket, rates };
}

export function throughputChart(table: OpTable, faults: readonly FaultWindow[], domain: TimeDomain): string {
  const height = stripHeight(faults) + PLOT_HEIGHT + 58;
  const frame = createFrame(height, domain, faults, 'Completed operations per second over time, by outcome, with fault windows shaded');
  const y0 = frame.top + 16;
  const y1 = y0 + PLOT_HEIGHT;
  const { bucket, rates } = throughputSeries(table, domain);
  let max = 1;
  for (const series of rates) for (const r of series) if (r > max) max = r;
  const y = frame.node.d3.scaleLinear().domain([0, max]).range([y1, y0]).nice();
  drawFaultBands(frame, faults, y0, y1);
  const grid = frame.svg.append('g').attr('class', 'grid');
  for (const t of y.ticks(5))
    grid
      .append('line')
      .attr('x1', MARGIN.left)
      .attr('x2', CHART_WIDTH - MARGIN.right)
      .attr('y1', y(t))
      .attr('y2', y(t));
  frame.svg.append('g').attr('class', 'axis').attr('transform', `translate(${MARGIN.left},0)`).call(frame.node.d3.axisLeft(y).ticks(5).tickSizeOuter(0));
  frame.svg
    .append('text')
    .attr('x', MARGIN.left)
    .attr('y', y0 - 4)
    .attr('font-weight', 600)
    .attr('font-size', 12)
    .text(`operations/s (completions per ${bucket} s bucket)`);
  rates.forEach((series, o) => {
    if (!series.some((r) => r > 0)) return;
    let d = '';
    series.forEach((r, b) => {
      // Each bucket is drawn as a step so a gap during a fault reads as a gap.
      const xa = frame.x(domain.from + b * bucket);
      const xb = frame.x(Math.min(domain.to, domain.from + (b + 1) * bucket));
      d += `${b === 0 ? 'M' : 'L'}${xa.toFixed(1)} ${y(r).toFixed(1)}H${xb.toFixed(1)}`;
    });
    frame.svg
      .append('path')
      .attr('d', d)
      .attr('fill', 'none')
      .attr('stroke', OUTCOME_COLORS[o])
      .attr('stroke-width', 1.6)
      .attr('data-outcome', OUTCOME_NAMES[o]);
  });
  drawTimeAxis(frame, y1, true);
  return svgMarkup(frame);
}
