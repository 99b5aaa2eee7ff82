import type { Validity } from '../../core/verdict.js';
import { escapeHtml } from '../html/escape.js';

// Small markup helpers the sections share. Cells and labels are text and get escaped here;
// a cell that is already markup says so with { html }.

export type Cell = string | { html: string };

const MAX_ROWS = 200;

export function table(headers: readonly string[], rows: readonly (readonly Cell[])[], empty: string): string {
  if (rows.length === 0) return empty ? `<p class="small">${escapeHtml(empty)}</p>` : '';
  const head = headers.map((h) => `<th>${escapeHtml(h)}</th>`).join('');
  const body = rows
    .slice(0, MAX_ROWS)
    .map((row) => `<tr>${row.map((c) => `<td>${typeof c === 'string' ? escapeHtml(c) : c.html}</td>`).join('')}</tr>`)
    .join('\n');
  const more = rows.length > MAX_ROWS ? `<p class="small">${rows.length - MAX_ROWS} more rows not shown; see the raw results.</p>` : '';
  return `<table class="data"><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>${more}`;
}

/** A button the timeline script picks up: highlights these history indices and scrolls to them. */
export function showButton(indices: readonly number[], label: string, text = 'Show on the timeline'): string {
  const list = [...new Set(indices.filter((i) => Number.isInteger(i) && i >= 0))].slice(0, 5000);
  if (list.length === 0) return '';
  return `<button type="button" class="show" data-show-indices="${list.join(',')}" data-show-label="${escapeHtml(label)}">${escapeHtml(text)}</button>`;
}

export function verdictWord(valid: Validity | undefined): string {
  if (valid === true) return 'valid';
  if (valid === false) return 'invalid';
  if (valid === 'unknown') return 'unknown';
  return 'no verdict';
}

export function verdictClass(valid: Validity | undefined): string {
  if (valid === true) return 'valid';
  if (valid === false) return 'invalid';
  return 'unknown';
}
