import { escapeHtml, showValue } from '../html/escape.js';
import { sectionId, timeAt, type CheckerRenderer, type Moment } from './checker-view.js';
import { showButton, table, verdictWord, type Cell } from './markup.js';

// Any checker's result, whatever its shape: scalar fields as a table, lists of findings as
// tables, the whole result as JSON. A new checker never breaks the report; it just gets
// this plainer view until someone writes a better one.

const ROWS = 50;

/** What the loss checkers' lists mean, for readers of the generic view. */
const FINDING_MEANINGS: Record<string, string> = Object.assign(Object.create(null), {
  lost: 'Acknowledged (or once visible) but missing from every read from some point on: data the system lost.',
  stale: 'Missed by some read that began after it was visible, then seen again later: stale reads.',
  neverRead: 'Acknowledged, but no read began after it became visible, so nothing can be said about it.',
  recovered: 'Its add had an unknown outcome, and reads did see it: it took effect.',
  unexpected: 'Seen by a read although it was never added, its add failed, or the read finished before the add began.',
  violations: 'Reads outside what the acknowledged and attempted operations allow.',
  duplicates: 'The same id handed out more than once.',
  lostUpdatePairs: 'Two increments that read the same value: one overwrote the other.',
  badReads: 'Reads whose balances break the bank’s invariants.',
  unreflected: 'Final balances that do not reflect the acknowledged transfers.',
  keysWithoutFinalRead: 'Keys with no final read, so their lost updates cannot be counted.',
});
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
  if (scalars.length)
    parts.push(
      table(
        ['field', 'value'],
        scalars.map(([k, v]) => [k, showValue(v, 200)]),
        '',
      ),
    );
  for (const [field, list] of findings) {
    const meaning = FINDING_MEANINGS[field] ? `<p class="meaning">${escapeHtml(FINDING_MEANINGS[field])}</p>` : '';
    const indices = list.slice(0, 200).flatMap((item) => collectIndices(item));
    parts.push(
      `<div class="anomaly" data-finding="${escapeHtml(field)}"><h3>${escapeHtml(field)} <span class="count">${list.length}</span></h3>${meaning}${findingsTable(list)}<p>${showButton(indices, `${name}: ${field}`, 'Show these on the timeline')}</p></div>`,
    );
  }
  const nested = fields.filter(([, v]) => v !== null && typeof v === 'object' && !Array.isArray(v));
  for (const [field, value] of nested) parts.push(`<h3>${escapeHtml(field)}</h3>${objectTable(value as Record<string, unknown>)}`);
  parts.push(rawJson(verdict));
  parts.push('</section>');
  return { name, valid: verdict.valid, summary, section: parts.join('\n'), moments };
};

/** An object of scalars reads best as one row; anything deeper as JSON. */
function objectTable(value: Record<string, unknown>): string {
  const entries = Object.entries(value);
  if (entries.length > 0 && entries.length <= 16 && entries.every(([, v]) => v === null || typeof v !== 'object')) {
    return table(
      entries.map(([k]) => k),
      [entries.map(([, v]) => showValue(v, 80))],
      '',
    );
  }
  return `<pre class="json">${escapeHtml(JSON.stringify(value, null, 2))}</pre>`;
}

function findingsTable(list: unknown[]): string {
  const objects = list.every((x) => x !== null && typeof x === 'object' && !Array.isArray(x));
  if (!objects)
    return (
      table(
        ['value'],
        list.slice(0, ROWS).map((x) => [showValue(x, 200)]),
        '',
      ) + more(list)
    );
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
