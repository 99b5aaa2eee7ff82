import { escapeHtml, showValue } from '../html/escape.js';
import { sectionId, timeAt, type CheckerRenderer, type Moment } from './checker-view.js';
import { table, verdictWord, type Cell } from './markup.js';

// Any checker's result, whatever its shape: scalar fields as a table, lists of findings as
// tables, the whole result as JSON. A new checker never breaks the report; it just gets
// this plainer view until someone writes a better one.

const ROWS = 50;
const INDEX_FIELD = /^(index|indices)$|(Index|Indices)$/;

export const renderGeneric: CheckerRenderer = (name, verdict, context) => {
  const fields = Object.entries(verdict).filter(([k]) => k !== 'valid' && k !== 'reason');
  const findings = fields.filter(([, v]) => Array.isArray(v) && v.length > 0) as [string, unknown[]][];
  let summary: string;
  if (verdict.valid === 'unknown') summary = `undecided: ${(verdict as { reason?: string }).reason ?? 'no reason given'}`;
  else if (findings.length && verdict.valid === false) summary = findings.map(([k, v]) => `${k}: ${v.length}`).join(', ');
  else {
    const counts = fields.filter(([, v]) => typeof v === 'number').slice(0, 4);
    summary = counts.length ? counts.map(([k, v]) => `${k} ${showValue(v)}`).join(', ') : verdictWord(verdict.valid);
  }

  const moments: Moment[] = [];
  for (const [field, list] of findings) {
    for (const item of list.slice(0, 10)) {
      const indices = collectIndices(item);
      if (indices.length === 0) continue;
      const time = Math.max(...indices.map((i) => timeAt(context.history, i) ?? 0));
      moments.push({ label: `${name}: ${field} ${showValue(item, 60)}`, time, indices });
    }
  }

  if (verdict.valid === true) return { name, valid: true, summary, section: '', moments: [] };
  const parts: string[] = [`<section class="checker" id="${sectionId(name)}"><h2>${escapeHtml(name)}: ${verdictWord(verdict.valid)}</h2>`];
  const scalars = fields.filter(([, v]) => v === null || typeof v !== 'object');
  if (scalars.length) parts.push(table(['field', 'value'], scalars.map(([k, v]) => [k, showValue(v, 200)]), ''));
  for (const [field, list] of findings) {
    parts.push(`<div class="anomaly"><h3>${escapeHtml(field)} <span class="count">${list.length}</span></h3>${findingsTable(list)}</div>`);
  }
  const nested = fields.filter(([, v]) => v !== null && typeof v === 'object' && !Array.isArray(v));
  for (const [field, value] of nested) parts.push(`<h4>${escapeHtml(field)}</h4><pre class="json">${escapeHtml(JSON.stringify(value, null, 2))}</pre>`);
  parts.push(rawJson(verdict));
  parts.push('</section>');
  return { name, valid: verdict.valid, summary, section: parts.join('\n'), moments };
};

function findingsTable(list: unknown[]): string {
  const objects = list.every((x) => x !== null && typeof x === 'object' && !Array.isArray(x));
  if (!objects) return table(['value'], list.slice(0, ROWS).map((x) => [showValue(x, 200)]), '') + more(list);
  const columns = [...new Set(list.slice(0, ROWS).flatMap((x) => Object.keys(x as object)))];
  const rows: Cell[][] = list.slice(0, ROWS).map((x) => columns.map((c) => showValue((x as Record<string, unknown>)[c], 120)));
  return table(columns, rows, '') + more(list);
}

function more(list: unknown[]): string {
  return list.length > ROWS ? `<p class="small">${list.length - ROWS} more in results.json.</p>` : '';
}

/** History indices named anywhere in a finding: fields called index, …Index, indices, …Indices. */
export function collectIndices(value: unknown, out: number[] = [], depth = 0): number[] {
  if (depth > 4 || value === null || typeof value !== 'object' || out.length > 200) return out;
  for (const [k, v] of Object.entries(value)) {
    if (INDEX_FIELD.test(k)) {
      if (Number.isInteger(v)) out.push(v as number);
      else if (Array.isArray(v)) for (const i of v) if (Number.isInteger(i)) out.push(i);
    } else if (typeof v === 'object') collectIndices(v, out, depth + 1);
  }
  return out;
}

export function rawJson(value: unknown): string {
  let text = JSON.stringify(value, null, 2) ?? 'undefined';
  const limit = 200_000;
  if (text.length > limit) text = `${text.slice(0, limit)}\n… (${text.length - limit} more characters in results.json)`;
  return `<details class="raw"><summary>Raw result (JSON)</summary><pre class="json">${escapeHtml(text)}</pre></details>`;
}

