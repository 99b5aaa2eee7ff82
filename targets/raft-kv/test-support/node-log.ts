import { readFileSync } from 'node:fs';
import { join } from 'node:path';

// A raft-kv node's own log lines, read as events: what the node itself saw happen (an election,
// a restart, a peer gone silent), with its wall clock (which a clock fault skews) and its
// monotonic clock (which nothing skews). Lines the runtime adds ("=== faultline …") are skipped:
// they say what faultline did, not what the node noticed.

export interface NodeEvent {
  node: string;
  /** The node's wall clock, ms since the epoch. */
  wall: number;
  /** Seconds since the node process started, on the monotonic clock. */
  mono: number;
  event: string;
  fields: Record<string, string>;
  /** Which process wrote it: the index of the `start` event it follows (0 for the first start). */
  life: number;
}

const LINE = /^(\S+Z) \+(\d+(?:\.\d+)?)s (\S+) (?:WARN )?(\S+)(.*)$/;
const FIELD = /(\w+)=("(?:[^"\\]|\\.)*"|\S*)/g;

export function nodeEvents(runDir: string, node: string): NodeEvent[] {
  const events: NodeEvent[] = [];
  let life = -1;
  for (const line of readFileSync(join(runDir, 'nodes', `${node}.log`), 'utf8').split('\n')) {
    const m = LINE.exec(line);
    if (!m || m[3] !== node) continue;
    const fields: Record<string, string> = {};
    for (const f of m[5].matchAll(FIELD)) fields[f[1]] = f[2].startsWith('"') ? (JSON.parse(f[2]) as string) : f[2];
    if (m[4] === 'start') life++;
    events.push({ node, wall: Date.parse(m[1]), mono: Number(m[2]), event: m[4], fields, life: Math.max(0, life) });
  }
  return events;
}
