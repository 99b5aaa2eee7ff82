import { D3Node, type ContinuousScale, type Selection } from 'd3-node';
import type { FaultWindow } from '../model/fault-windows.js';
import { FAULT_COLORS, FAULT_ORDER } from './palette.js';

// The frame every time chart shares: a strip naming each fault window above the plots, and
// the same windows shaded through every plot, so a latency spike lines up with its cause.

export const CHART_WIDTH = 960;
export const MARGIN = { left: 64, right: 16 };
const STRIP_ROW = 16;

export interface ChartFrame {
  node: D3Node;
  svg: Selection;
  x: ContinuousScale;
  /** Where the plots start, below the fault strip. */
  top: number;
}

export interface TimeDomain {
  /** Seconds since the run began. */
  from: number;
  to: number;
}

/** Height of the fault strip for these windows: one row per kind of fault present. */
export function stripHeight(faults: readonly FaultWindow[]): number {
  const kinds = new Set(faults.map((f) => f.kind));
  return kinds.size === 0 ? 0 : kinds.size * STRIP_ROW + 6;
}

export function createFrame(height: number, domain: TimeDomain, faults: readonly FaultWindow[], title: string): ChartFrame {
  const node = new D3Node();
  const svg = node.createSVG(undefined, undefined, {
    viewBox: `0 0 ${CHART_WIDTH} ${height}`,
    width: CHART_WIDTH,
    class: 'chart',
    role: 'img',
    'aria-label': title,
    'font-family': 'system-ui, sans-serif',
    'font-size': 11,
  });
  const x = node.d3
    .scaleLinear()
    .domain([domain.from, domain.to])
    .range([MARGIN.left, CHART_WIDTH - MARGIN.right]);
  const top = drawFaultStrip(svg, x, faults);
  return { node, svg, x, top };
}

function drawFaultStrip(svg: Selection, x: ContinuousScale, faults: readonly FaultWindow[]): number {
  const kinds = FAULT_ORDER.filter((k) => faults.some((f) => f.kind === k));
  kinds.forEach((kind, row) => {
    const y = 2 + row * STRIP_ROW;
    svg
      .append('text')
      .attr('x', MARGIN.left - 6)
      .attr('y', y + 11)
      .attr('text-anchor', 'end')
      .attr('fill', FAULT_COLORS[kind])
      .attr('font-weight', 600)
      .text(kind);
    for (const fault of faults.filter((f) => f.kind === kind)) {
      const x0 = x(fault.start / 1e9);
      const w = Math.max(2, x(fault.end / 1e9) - x0);
      const g = svg.append('g').attr('class', 'fault-label');
      g.append('title').text(
        `${fault.label} (${(fault.start / 1e9).toFixed(2)}s – ${(fault.end / 1e9).toFixed(2)}s${fault.endIndex === null ? ', still on at the end' : ''})`,
      );
      g.append('rect')
        .attr('x', x0)
        .attr('y', y)
        .attr('width', w)
        .attr('height', STRIP_ROW - 3)
        .attr('rx', 2)
        .attr('fill', FAULT_COLORS[kind])
        .attr('fill-opacity', 0.85);
      // Only a label that fits is written in the bar; the title carries it for the others.
      const room = Math.floor((w - 6) / 6);
      if (room >= 4) {
        const text = fault.label.length > room ? `${fault.label.slice(0, room - 1)}…` : fault.label;
        g.append('text')
          .attr('x', x0 + 3)
          .attr('y', y + 10)
          .attr('fill', '#fff')
          .attr('font-size', 10)
          .text(text);
      }
    }
  });
  return stripHeight(faults);
}

/** Shades every fault window over a plot's height. */
export function drawFaultBands(frame: ChartFrame, faults: readonly FaultWindow[], y0: number, y1: number): void {
  const g = frame.svg.append('g').attr('class', 'fault-bands');
  for (const fault of faults) {
    const x0 = frame.x(fault.start / 1e9);
    const w = Math.max(1.5, frame.x(fault.end / 1e9) - x0);
    g.append('rect')
      .attr('x', x0)
      .attr('y', y0)
      .attr('width', w)
      .attr('height', y1 - y0)
      .attr('fill', FAULT_COLORS[fault.kind])
      .attr('fill-opacity', 0.13)
      .attr('data-fault', fault.kind)
      .append('title')
      .text(fault.label);
  }
}

/** The time axis under a plot, in seconds. */
export function drawTimeAxis(frame: ChartFrame, y: number, label: boolean): void {
  const axis = frame.node.d3.axisBottom(frame.x).ticks(12).tickSizeOuter(0);
  frame.svg.append('g').attr('class', 'axis').attr('transform', `translate(0,${y})`).call(axis);
  if (label) {
    frame.svg
      .append('text')
      .attr('x', CHART_WIDTH - MARGIN.right)
      .attr('y', y + 30)
      .attr('text-anchor', 'end')
      .attr('fill', '#555')
      .text('seconds since the run began');
  }
}

/** The SVG markup, with d3-node's wrapper removed. */
export function svgMarkup(frame: ChartFrame): string {
  return frame.node.svgString();
}
