import type { Witness, WitnessEdge, WitnessTxn } from '../../checkers/txn/index.js';
import { clip, escapeHtml, showValue } from '../html/escape.js';

// A witness cycle drawn as transactions in boxes around a circle, each edge an arrow
// labelled with its kind (ww, wr, rw, process, realtime) and key. Anti-dependencies (rw)
// are dashed: they are the edges that say "did not see".

export const EDGE_COLORS: Record<string, string> = { ww: '#7d3c98', wr: '#1f618d', rw: '#c0392b', process: '#566573', realtime: '#a0620a' };
const MAX_OPS = 6;
const CHAR = 7.4;
const LINE = 17;
export const MAX_DRAWN_TXNS = 12;

interface Box {
  txn: WitnessTxn;
  lines: string[];
  w: number;
  h: number;
  cx: number;
  cy: number;
}

export function microOpText(op: unknown): string {
  if (!Array.isArray(op)) return showValue(op, 60);
  const [f, k, v] = op as unknown[];
  return `${String(f)} ${typeof k === 'string' ? k : showValue(k, 20)} ${showValue(v, 40)}`;
}

export function cycleSvg(witness: Witness): string {
  const txns = witness.txns;
  const edges = witness.edges ?? [];
  if (txns.length < 1 || txns.length > MAX_DRAWN_TXNS || edges.length === 0) return '';
  const boxes: Box[] = txns.map((txn) => {
    const ops = Array.isArray(txn.ops) ? txn.ops : [];
    const lines = ops.slice(0, MAX_OPS).map((op) => clip(microOpText(op), 34));
    if (ops.length > MAX_OPS) lines.push(`… ${ops.length - MAX_OPS} more`);
    const header = headerText(txn);
    const w = Math.max(130, Math.min(300, Math.max(header.length, ...lines.map((l) => l.length)) * CHAR + 20));
    return { txn, lines, w, h: 32 + lines.length * LINE, cx: 0, cy: 0 };
  });
  const n = boxes.length;
  const maxW = Math.max(...boxes.map((b) => b.w));
  const maxH = Math.max(...boxes.map((b) => b.h));
  if (n === 1) {
    boxes[0].cx = 0;
    boxes[0].cy = 0;
  } else if (n === 2) {
    boxes[0].cx = -(maxW / 2 + 90);
    boxes[1].cx = maxW / 2 + 90;
  } else {
    // Big enough that neighbouring boxes keep a gap for the edge labels.
    const r = Math.max(150, ((maxW + 90) * n) / (2 * Math.PI), (maxH + 70) / (2 * Math.sin(Math.PI / n)));
    boxes.forEach((b, i) => {
      const a = -Math.PI / 2 + (2 * Math.PI * i) / n;
      b.cx = r * Math.cos(a) * 1.25;
      b.cy = r * Math.sin(a);
    });
  }
  const parts: string[] = [];
  const curves = edges.map((e, i) => edgeCurve(e, boxes, i, n));
  let minX = Infinity,
    minY = Infinity,
    maxX = -Infinity,
    maxY = -Infinity;
  const grow = (x: number, y: number) => {
    minX = Math.min(minX, x);
    maxX = Math.max(maxX, x);
    minY = Math.min(minY, y);
    maxY = Math.max(maxY, y);
  };
  for (const b of boxes) {
    grow(b.cx - b.w / 2, b.cy - b.h / 2);
    grow(b.cx + b.w / 2, b.cy + b.h / 2);
  }
  // A quadratic curve stays within its ends and the midpoint its label sits on.
  for (const c of curves)
    if (c) {
      grow(c.lx - c.label.length * 4.2 - 8, c.ly - 16);
      grow(c.lx + c.label.length * 4.2 + 8, c.ly + 8);
    }
  const pad = 12;
  const width = maxX - minX + 2 * pad;
  const height = maxY - minY + 2 * pad;
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" class="cycle" viewBox="${(minX - pad).toFixed(0)} ${(minY - pad).toFixed(0)} ${width.toFixed(0)} ${height.toFixed(0)}" width="${Math.min(960, width * 1.15).toFixed(0)}" role="img" aria-label="${escapeHtml(witness.type)} cycle" font-family="system-ui, sans-serif" font-size="13">`,
  );
  parts.push('<defs>');
  for (const [kind, color] of Object.entries(EDGE_COLORS))
    parts.push(
      `<marker id="arrow-${kind}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="8" markerHeight="8" orient="auto"><path d="M0 0L10 5L0 10z" fill="${color}"/></marker>`,
    );
  parts.push('</defs>');
  for (const c of curves) {
    if (!c) continue;
    const color = EDGE_COLORS[c.kind] ?? '#333';
    parts.push(`<g class="edge edge-${escapeHtml(c.kind)}"><title>${escapeHtml(c.title)}</title>`);
    parts.push(
      `<path d="${c.d}" fill="none" stroke="${color}" stroke-width="2"${c.kind === 'rw' ? ' stroke-dasharray="6 4"' : ''} marker-end="url(#arrow-${EDGE_COLORS[c.kind] ? c.kind : 'ww'})"/>`,
    );
    const lw = c.label.length * 8.4 + 14;
    parts.push(
      `<rect x="${(c.lx - lw / 2).toFixed(1)}" y="${(c.ly - 14).toFixed(1)}" width="${lw.toFixed(1)}" height="20" rx="10" fill="#fff" stroke="${color}"/>`,
    );
    parts.push(
      `<text x="${c.lx.toFixed(1)}" y="${(c.ly + 1).toFixed(1)}" text-anchor="middle" fill="${color}" font-weight="700" font-size="13">${escapeHtml(c.label)}</text></g>`,
    );
  }
  for (const b of boxes) {
    const x = b.cx - b.w / 2;
    const y = b.cy - b.h / 2;
    const stroke = b.txn.type === 'ok' ? '#34495e' : b.txn.type === 'info' ? '#e09a00' : '#d64545';
    parts.push(
      `<g class="txn"><rect x="${x.toFixed(1)}" y="${y.toFixed(1)}" width="${b.w.toFixed(1)}" height="${b.h}" rx="5" fill="#fff" stroke="${stroke}" stroke-width="1.5"/>`,
    );
    parts.push(`<rect x="${x.toFixed(1)}" y="${y.toFixed(1)}" width="${b.w.toFixed(1)}" height="23" rx="5" fill="#eef2f6"/>`);
    parts.push(
      `<text x="${(x + 9).toFixed(1)}" y="${(y + 16).toFixed(1)}" font-weight="700">${escapeHtml(b.txn.id)}<tspan font-weight="400" fill="#555"> · process ${escapeHtml(b.txn.process)} · ${escapeHtml(b.txn.type)}</tspan></text>`,
    );
    b.lines.forEach((line, i) =>
      parts.push(
        `<text x="${(x + 9).toFixed(1)}" y="${(y + 41 + i * LINE).toFixed(1)}" font-family="ui-monospace, monospace" font-size="12.5">${escapeHtml(line)}</text>`,
      ),
    );
    parts.push('</g>');
  }
  parts.push('</svg>');
  return parts.join('');
}

function headerText(txn: WitnessTxn): string {
  return `${txn.id} · process ${txn.process} · ${txn.type}`;
}

interface Curve {
  d: string;
  kind: string;
  label: string;
  title: string;
  cx: number;
  cy: number;
  lx: number;
  ly: number;
}

function edgeCurve(edge: WitnessEdge, boxes: Box[], i: number, n: number): Curve | undefined {
  const from = boxes.find((b) => b.txn.index === edge.from) ?? boxes[i % n];
  const to = boxes.find((b) => b.txn.index === edge.to) ?? boxes[(i + 1) % n];
  const label =
    edge.key === undefined || edge.key === null ? edge.kind : `${edge.kind} ${typeof edge.key === 'string' ? clip(edge.key, 16) : showValue(edge.key, 16)}`;
  if (from === to) {
    // A transaction ordered after itself: a loop above its box.
    const top = from.cy - from.h / 2;
    const d = `M${from.cx - 20} ${top} C${from.cx - 50} ${top - 70} ${from.cx + 50} ${top - 70} ${from.cx + 20} ${top}`;
    return { d, kind: edge.kind, label, title: edge.explanation, cx: from.cx, cy: top - 50, lx: from.cx, ly: top - 56 };
  }
  const mx = (from.cx + to.cx) / 2;
  const my = (from.cy + to.cy) / 2;
  const dx = to.cx - from.cx;
  const dy = to.cy - from.cy;
  const len = Math.hypot(dx, dy) || 1;
  // Bend to the left of the direction of travel: two opposite edges take opposite sides.
  const bend = n === 2 ? Math.max(from.h, to.h) / 2 + 46 : 40;
  const cx = mx + (dy / len) * bend;
  const cy = my - (dx / len) * bend;
  const p0 = borderPoint(from, cx, cy);
  const p1 = borderPoint(to, cx, cy);
  const lx = 0.25 * p0.x + 0.5 * cx + 0.25 * p1.x;
  const ly = 0.25 * p0.y + 0.5 * cy + 0.25 * p1.y;
  return {
    d: `M${p0.x.toFixed(1)} ${p0.y.toFixed(1)}Q${cx.toFixed(1)} ${cy.toFixed(1)} ${p1.x.toFixed(1)} ${p1.y.toFixed(1)}`,
    kind: edge.kind,
    label,
    title: edge.explanation,
    cx,
    cy,
    lx,
    ly: ly + 4,
  };
}

/** Where the ray from a box's centre towards (x, y) leaves the box. */
function borderPoint(b: Box, x: number, y: number): { x: number; y: number } {
  const dx = x - b.cx;
  const dy = y - b.cy;
  const t = Math.min(Math.abs(dx) > 1e-9 ? b.w / 2 / Math.abs(dx) : Infinity, Math.abs(dy) > 1e-9 ? b.h / 2 / Math.abs(dy) : Infinity);
  return { x: b.cx + dx * Math.min(t, 1), y: b.cy + dy * Math.min(t, 1) };
}
