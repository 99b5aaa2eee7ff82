import { escapeHtml } from '../html/escape.js';
import type { RunResults } from '../run-folder/load-run.js';
import { sectionId, type CheckerView } from '../sections/checker-view.js';
import { verdictClass, verdictWord } from '../sections/markup.js';
import { faultEffectsOf, neverTookEffectNotice } from './fault-effects.js';

// The first thing a reader sees: the overall verdict, then one line per checker.

export function verdictBanner(results: RunResults | undefined, views: readonly CheckerView[]): string {
  if (!results) {
    return '<div class="banner unknown" id="verdict"><div class="big">NO VERDICT</div><p>results.json is missing or unreadable: the run may have been killed before its history was checked. Check it with <code>faultline check</code>.</p></div>';
  }
  const cls = verdictClass(results.valid);
  const word = results.error ? (results.valid === false ? 'INVALID (and the run failed)' : 'RUN FAILED') : verdictWord(results.valid).toUpperCase();
  const rows = views
    .map((v) => {
      const link = v.section ? `<a href="#${sectionId(v.name)}">${escapeHtml(v.name)}</a>` : escapeHtml(v.name);
      return `<tr data-checker="${escapeHtml(v.name)}"><td class="name">${link}</td><td><span class="pill ${verdictClass(v.valid)}">${verdictWord(v.valid)}</span></td><td>${escapeHtml(v.summary)}</td></tr>`;
    })
    .join('\n');
  const error = results.error
    ? `<p class="problem"><b>The run itself failed:</b> ${escapeHtml(results.error)}. The history up to the failure was still checked.</p>`
    : '';
  const interrupted = results.interrupted
    ? `<p class="problem" data-interrupted><b>${escapeHtml(results.interrupted.replace(/^./, (c) => c.toUpperCase()))}</b> (Ctrl-C). Only the operations recorded until then were checked.</p>`
    : '';
  const meaning =
    results.valid === true
      ? 'Every checker found the history consistent with what it checks.'
      : results.valid === false
        ? 'At least one checker found behaviour the system must not show. The evidence follows.'
        : 'At least one checker could not decide (it says why); nothing invalid was found.';
  // A valid verdict under faults that never happened is not the reassurance it looks like.
  const notInEffect = neverTookEffectNotice(faultEffectsOf(results));
  const shade = (results.error && results.valid !== false) || (notInEffect && results.valid === true) ? 'unknown' : cls;
  const shown = notInEffect && results.valid === true ? `${word}, BUT NOT UNDER EVERY FAULT ASKED FOR` : word;
  return `<div class="banner ${shade}" id="verdict"><div class="big">${escapeHtml(shown)}</div><div>${meaning}</div>${interrupted}${error}${notInEffect}<table class="verdicts">${rows}</table></div>`;
}
