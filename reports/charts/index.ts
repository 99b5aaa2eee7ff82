// Server-side SVG charts (d3-node): latency and throughput over time with fault bands.
export { latencyChart, latencyPanels, formatMs } from './latency-chart.js';
export type { LatencyPanel } from './latency-chart.js';
export { throughputChart, throughputSeries, bucketSeconds } from './throughput-chart.js';
export { FAULT_COLORS, FAULT_ORDER, OUTCOME_COLORS } from './palette.js';
export type { TimeDomain } from './chart-frame.js';
