import type { StatsDetails } from '../../checkers/stats.js';
import { escapeHtml } from '../html/escape.js';
import { sectionId, type CheckerRenderer } from './checker-view.js';
import { table, verdictWord } from './markup.js';

// The stats checker: counts per kind of operation; invalid when some kind never succeeded.

export function isStatsResult(v: Record<string, unknown>): boolean {
  return typeof v.byF === 'object' && v.byF !== null && Array.isArray(v.neverOk);
}

export const renderStats: CheckerRenderer = (name, verdict) => {
  const v = verdict as unknown as Partial<StatsDetails>;
  const summary = `${v.count ?? 0} operations: ${v.ok ?? 0} ok, ${v.fail ?? 0} fail, ${v.info ?? 0} info${v.neverOk?.length ? `; never succeeded: ${v.neverOk.join(', ')}` : ''}`;
  if (verdict.valid === true) return { name, valid: true, summary, section: '', moments: [] };
  const rows = Object.entries(v.byF ?? {}).map(([f, c]) => [f, String(c.count), String(c.ok), String(c.fail), String(c.info)]);
  const section =
    `<section class="checker" id="${sectionId(name)}"><h2>${escapeHtml(name)}: ${verdictWord(verdict.valid)}</h2>` +
    '<p class="meaning">Some kind of operation never succeeded: usually a broken client or a cluster that was down throughout, so the other checkers had little to judge.</p>' +
    table(['operation', 'count', 'ok', 'fail', 'info'], rows, '') +
    '</section>';
  return { name, valid: verdict.valid, summary, section, moments: [] };
};
