import type { BlockedOperation, LinearizedOperation, OperationRef, PartitionFailure } from '../../checkers/linearizable/index.js';
import type { History } from '../../core/history.js';
import { clip, escapeHtml } from '../html/escape.js';

// One failed linearization, drawn in the spirit of Porcupine's visualizer: a lane per
// process, each operation a bar from invocation to completion, the end of the longest
// linearizable prefix as a path through the operations in the order they took effect,
// and the operations that could not go next in red. The horizontal axis is ordinal: events
// are evenly spaced in the order they happened, because order is all linearizability
// depends on and real spacing would crush millisecond operations into slivers.

const WIDTH = 960;
const LEFT = 60;
const RIGHT = 24;
const LANE = 50;
const BAR = 25;
const TOP = 30;
export const PREFIX_SHOWN = 12;

interface Bar {
  ref: OperationRef;
  role: 'prefix' | 'blocked' | 'deadline';
  order?: number;
  stateAfter?: string;
  reason?: string;
  x0: number;
  x1: number;
  open: boolean;
}

export function linearizationSvg(failure: PartitionFailure, history: History): string {
  const prefixStart = Math.max(0, failure.linearized.length - PREFIX_SHOWN);
  const prefix: LinearizedOperation[] = failure.linearized.slice(prefixStart);
  const blocked: BlockedOperation[] = failure.blocked;
  const refs: { ref: OperationRef; role: Bar['role']; order?: number; stateAfter?: string; reason?: string }[] = [];
  prefix.forEach((op, i) => refs.push({ ref: op, role: 'prefix', order: prefixStart + i + 1, stateAfter: op.stateAfter }));
  for (const op of blocked) refs.push({ ref: op, role: op.index === failure.deadline.index ? 'deadline' : 'blocked', reason: op.reason });
  if (!blocked.some((b) => b.index === failure.deadline.index)) refs.push({ ref: failure.deadline, role: 'deadline' });

  // Ordinal positions: every distinct event time gets its own slot, in time order.
  const times = new Set<number>();
  const timeOf = (i: number | null) => (i === null || i < 0 || i >= history.length ? undefined : history[i].time);
  for (const { ref } of refs) {
    const a = timeOf(ref.index);
    const b = timeOf(ref.completeIndex);
    if (a !== undefined) times.add(a);
    if (b !== undefined) times.add(b);
  }
  const sorted = [...times].sort((a, b) => a - b);
  const slot = new Map(sorted.map((t, i) => [t, i]));
  const slots = Math.max(1, sorted.length);
  const step = (WIDTH - LEFT - RIGHT - 40) / slots;
  const xOfTime = (t: number | undefined, fallback: number) => (t === undefined ? fallback : LEFT + 10 + (slot.get(t) ?? 0) * step);
  const rightEdge = WIDTH - RIGHT;

  const processes = [...new Set(refs.map((r) => r.ref.process))].sort((a, b) => a - b);
  const laneOf = new Map(processes.map((p, i) => [p, i]));
  const bars: Bar[] = refs.map((r) => {
    const x0 = xOfTime(timeOf(r.ref.index), LEFT);
    const open = r.ref.completeIndex === null;
    const x1 = open ? rightEdge : Math.max(x0 + 8, xOfTime(timeOf(r.ref.completeIndex), rightEdge) + step * 0.6);
    return { ...r, x0, x1, open };
  });

  const height = TOP + processes.length * LANE + 34;
  const parts: string[] = [];
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" class="linearization" viewBox="0 0 ${WIDTH} ${height}" width="${WIDTH}" role="img" aria-label="the failed linearization" font-family="system-ui, sans-serif" font-size="11">`,
  );
  parts.push(
    `<defs><marker id="lin-arrow" viewBox="0 0 8 8" refX="7" refY="4" markerWidth="7" markerHeight="7" orient="auto"><path d="M0 0L8 4L0 8z" fill="#1f5f3a"/></marker></defs>`,
  );
  parts.push(`<text x="${LEFT}" y="14" fill="#555">events in the order they happened (evenly spaced, not to scale) →</text>`);
  processes.forEach((p, i) => {
    const y = TOP + i * LANE;
    if (i % 2) parts.push(`<rect x="${LEFT}" y="${y}" width="${WIDTH - LEFT - RIGHT}" height="${LANE}" fill="#f6f7f9"/>`);
    parts.push(`<text x="${LEFT - 8}" y="${y + 34}" text-anchor="end" fill="#444">p${escapeHtml(p)}</text>`);
  });

  for (const bar of bars) {
    const y = TOP + laneOf.get(bar.ref.process)! * LANE + 18;
    const w = bar.x1 - bar.x0;
    const fill = bar.role === 'prefix' ? '#cfe9d8' : bar.role === 'deadline' ? '#f3b3b3' : '#fde2e2';
    const stroke = bar.role === 'prefix' ? '#2e9d57' : '#c0392b';
    const dash = bar.open ? ' stroke-dasharray="4 3"' : '';
    const title = [
      `#${bar.ref.index}${bar.ref.completeIndex === null ? ' (never completed)' : ` → #${bar.ref.completeIndex}`}, process ${bar.ref.process}, ${bar.ref.outcome}`,
      bar.ref.description,
      bar.stateAfter !== undefined ? `linearized ${bar.order}${bar.order === failure.linearized.length ? ' (last)' : ''}; state after: ${bar.stateAfter}` : '',
      bar.reason ? `cannot go next: ${bar.reason}` : '',
    ]
      .filter(Boolean)
      .join('\n');
    parts.push(`<g class="lin-op lin-${bar.role}"><title>${escapeHtml(title)}</title>`);
    parts.push(
      `<rect x="${bar.x0.toFixed(1)}" y="${y}" width="${w.toFixed(1)}" height="${BAR}" rx="3" fill="${fill}" stroke="${stroke}" stroke-width="${bar.role === 'deadline' ? 2 : 1}"${dash}/>`,
    );
    const room = Math.max(4, Math.floor(w / 6.2));
    parts.push(`<text x="${(bar.x0 + 4).toFixed(1)}" y="${y + 13}" fill="#222">${escapeHtml(clip(bar.ref.description, room))}</text>`);
    const note = bar.role === 'prefix' ? `${bar.order}. → ${bar.stateAfter}` : bar.role === 'deadline' ? '✗ deadline' : '✗ cannot go next';
    parts.push(
      `<text x="${(bar.x0 + 2).toFixed(1)}" y="${y - 4}" fill="${bar.role === 'prefix' ? '#1f5f3a' : '#a12a1f'}" font-size="10">${escapeHtml(clip(note, Math.max(room + 6, 12)))}</text>`,
    );
    parts.push('</g>');
  }

  // The prefix as one path through its operations, each point inside its operation's bar.
  let last = -Infinity;
  const points: string[] = [];
  for (const bar of bars.filter((b) => b.role === 'prefix')) {
    const x = Math.min(bar.x1 - 3, Math.max(bar.x0 + 3, last + 6));
    last = x;
    // Below the bar's label, so the path never covers the text.
    points.push(`${x.toFixed(1)},${TOP + laneOf.get(bar.ref.process)! * LANE + 18 + BAR - 5}`);
  }
  if (points.length > 1)
    parts.push(`<polyline points="${points.join(' ')}" fill="none" stroke="#1f5f3a" stroke-width="1.5" marker-end="url(#lin-arrow)" opacity="0.8"/>`);
  for (const p of points) parts.push(`<circle cx="${p.split(',')[0]}" cy="${p.split(',')[1]}" r="3" fill="#1f5f3a"/>`);

  const legendY = height - 10;
  parts.push(
    `<g font-size="11"><rect x="${LEFT}" y="${legendY - 10}" width="14" height="10" fill="#cfe9d8" stroke="#2e9d57"/><text x="${LEFT + 18}" y="${legendY}">linearized (order. → state after)</text>`,
  );
  parts.push(
    `<rect x="${LEFT + 220}" y="${legendY - 10}" width="14" height="10" fill="#fde2e2" stroke="#c0392b"/><text x="${LEFT + 238}" y="${legendY}">could go next but does not fit</text>`,
  );
  parts.push(
    `<rect x="${LEFT + 430}" y="${legendY - 10}" width="14" height="10" fill="#f3b3b3" stroke="#c0392b" stroke-width="2"/><text x="${LEFT + 448}" y="${legendY}">the completed operation no order can get past</text>`,
  );
  parts.push(
    `<line x1="${LEFT + 730}" y1="${legendY - 5}" x2="${LEFT + 752}" y2="${legendY - 5}" stroke="#1f5f3a" stroke-width="1.5" marker-end="url(#lin-arrow)"/><text x="${LEFT + 758}" y="${legendY}">order taken</text></g>`,
  );
  parts.push('</svg>');
  return parts.join('');
}
