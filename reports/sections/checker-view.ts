import type { Verdict } from '../../core/verdict.js';
import type { History } from '../../core/history.js';
import type { LockBar } from '../timeline/timeline-data.js';

// What each checker's renderer hands the page: a one-line summary for the verdict banner,
// its evidence section, and the moments worth lining up with node logs and the timeline.

/** A point of interest in the history: an anomaly or violation. */
export interface Moment {
  /** e.g. "linearizable: key 3" or "G-single T2 T3". */
  label: string;
  /** ns since the run began. */
  time: number;
  /** History indices to highlight on the timeline. */
  indices: number[];
}

export interface CheckerView {
  name: string;
  valid: Verdict['valid'];
  /** One line, plain text. */
  summary: string;
  /** Markup of the evidence section; empty when there is nothing to show beyond the summary. */
  section: string;
  moments: Moment[];
  locks?: LockBar[];
}

export interface RenderContext {
  history: History;
}

export type CheckerRenderer = (name: string, verdict: Verdict & Record<string, unknown>, context: RenderContext) => CheckerView;

/** The time of a history index, or undefined when it is out of range. */
export function timeAt(history: History, index: number | null | undefined): number | undefined {
  if (index === null || index === undefined || index < 0 || index >= history.length) return undefined;
  return history[index].time;
}

/** An HTML id for a checker's section: stable, unique per name, safe in attributes and URLs. */
export function sectionId(name: string): string {
  return `checker-${name.replace(/[^A-Za-z0-9_-]/g, (c) => `_${c.charCodeAt(0).toString(16)}`)}`;
}
