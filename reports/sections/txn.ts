import type { TxnCheckDetails, Witness } from '../../checkers/txn/index.js';
import { escapeHtml, showValue } from '../html/escape.js';
import { anomalyMeaning } from './anomaly-meanings.js';
import { sectionId, timeAt, type CheckerRenderer, type Moment } from './checker-view.js';
import { cycleSvg, microOpText } from './cycle-svg.js';
import { showButton, table, verdictWord } from './markup.js';

// Transactional (Elle-style) results: per anomaly its meaning, the explanation in words,
// the witness cycle drawn, and the consistency models it rules out.

const WITNESSES_SHOWN = 3;

export function isTxnResult(v: Record<string, unknown>): boolean {
  return Array.isArray(v.anomalyTypes) && typeof v.anomalies === 'object' && v.anomalies !== null;
}

export const renderTxn: CheckerRenderer = (name, verdict, context) => {
  const v = verdict as unknown as Partial<TxnCheckDetails> & { reason?: string };
  const types = v.anomalyTypes ?? [];
  const counts = v.anomalyCounts ?? {};
  const stats = v.stats;
  const found = types.map((t) => `${t}${(counts[t] ?? 1) > 1 ? ` ×${counts[t]}` : ''}`).join(', ');
  let summary: string;
  if (verdict.valid === true)
    summary = `no prohibited anomalies${found ? ` (allowed: ${found})` : ''} in ${stats?.transactions ?? '?'} transactions, checked against ${(v.consistencyModels ?? []).join(', ') || 'the default model'}`;
  else if (verdict.valid === false) summary = `${found}${v.notModels?.length ? `; not ${v.notModels.join(', not ')}` : ''}`;
  else summary = `undecided: ${v.reason ?? 'a budget ran out'}`;

  const moments: Moment[] = [];
  const parts: string[] = [];
  const anomalies = v.anomalies ?? {};
  if (types.length || v.incomplete?.length) {
    parts.push(`<section class="checker" id="${sectionId(name)}"><h2>${escapeHtml(name)}: ${verdictWord(verdict.valid)}</h2>`);
    parts.push(modelsBlock(v));
    for (const type of types) {
      const witnesses = (anomalies as Record<string, Witness[] | undefined>)[type] ?? [];
      const prohibited = v.prohibited?.includes(type) ?? true;
      parts.push(
        `<div class="anomaly txn-anomaly" data-anomaly="${escapeHtml(type)}"><h3>${escapeHtml(type)} <span class="count">${counts[type] ?? witnesses.length} found${prohibited ? '' : ' · allowed by the checked models'}</span></h3>`,
      );
      parts.push(`<p class="meaning">${escapeHtml(anomalyMeaning(type))}</p>`);
      witnesses.slice(0, WITNESSES_SHOWN).forEach((w, i) => {
        parts.push(witnessBlock(name, w, i));
        const indices = w.txns.flatMap((t) => [t.invokeIndex, t.index]);
        const time = Math.max(...w.txns.map((t) => timeAt(context.history, t.index) ?? 0));
        moments.push({ label: `${name}: ${type} ${w.txns.map((t) => t.id).join(' ')}`, time, indices });
      });
      if (witnesses.length > WITNESSES_SHOWN)
        parts.push(`<p class="small">${witnesses.length - WITNESSES_SHOWN} more witnesses of ${escapeHtml(type)} in results.json.</p>`);
      parts.push('</div>');
    }
    if (v.incomplete?.length) {
      parts.push('<div class="anomaly"><h3>Searches cut short</h3>');
      parts.push(
        table(
          ['component size', 'anomaly types left undecided', 'why'],
          v.incomplete.map((c) => [String(c.componentSize), c.types.join(', '), c.reason]),
          '',
        ),
      );
      parts.push('</div>');
    }
    parts.push('</section>');
  }
  return { name, valid: verdict.valid, summary, section: parts.join('\n'), moments };
};

function modelsBlock(v: Partial<TxnCheckDetails>): string {
  const lines: string[] = [];
  if (v.consistencyModels?.length) lines.push(`Checked against <b>${v.consistencyModels.map((m) => escapeHtml(m)).join(', ')}</b>.`);
  if (v.notModels?.length)
    lines.push(
      `The anomalies rule out <b>${v.notModels.map((m) => escapeHtml(m)).join(', ')}</b>${v.alsoNotModels?.length ? `, and so also ${v.alsoNotModels.map((m) => escapeHtml(m)).join(', ')}` : ''}.`,
    );
  if (v.stats)
    lines.push(
      `${v.stats.transactions} transactions (${v.stats.ok} ok, ${v.stats.fail} fail, ${v.stats.info} info) on ${v.stats.keys} keys; ${v.stats.edges} dependency edges.`,
    );
  return lines.length ? `<p class="meaning">${lines.join(' ')}</p>` : '';
}

function witnessBlock(_name: string, w: Witness, i: number): string {
  const parts: string[] = [
    `<div class="witness"><p class="summary"><b>${escapeHtml(w.summary)}</b>${w.minimal ? ' <span class="small">(a shortest cycle)</span>' : ''}</p>`,
  ];
  if (w.explanation?.length) parts.push(`<ol class="because">${w.explanation.map((line) => `<li>${escapeHtml(line)}</li>`).join('')}</ol>`);
  const facts: string[] = [];
  if (w.key !== undefined) facts.push(`key ${escapeHtml(showValue(w.key, 40))}`);
  if (w.value !== undefined) facts.push(`value ${escapeHtml(showValue(w.value, 80))}`);
  if (w.expected !== undefined) facts.push(`expected ${escapeHtml(showValue(w.expected, 80))}`);
  if (w.independentKey !== undefined) facts.push(`independent key ${escapeHtml(showValue(w.independentKey, 40))}`);
  if (facts.length) parts.push(`<p class="small">${facts.join(' · ')}</p>`);
  const drawing = cycleSvg(w);
  if (drawing) parts.push(`<div class="figure">${drawing}</div>`);
  parts.push(
    table(
      ['transaction', 'process', 'outcome', 'history', 'operations'],
      w.txns.map((t) => [t.id, String(t.process), t.type, `#${t.invokeIndex} → #${t.index}`, (Array.isArray(t.ops) ? t.ops : []).map(microOpText).join('; ')]),
      '',
    ),
  );
  parts.push(
    `<p>${showButton(
      w.txns.flatMap((t) => [t.invokeIndex, t.index]),
      `${w.type} witness ${i + 1}`,
      'Show these transactions on the timeline',
    )}</p></div>`,
  );
  return parts.join('\n');
}
