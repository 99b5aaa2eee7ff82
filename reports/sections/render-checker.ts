import type { Verdict } from '../../core/verdict.js';
import { errorMessage } from '../../core/errors.js';
import { escapeHtml } from '../html/escape.js';
import type { CheckerRenderer, CheckerView, RenderContext } from './checker-view.js';
import { renderGeneric } from './generic.js';
import { isLinearizableResult, renderLinearizable } from './linearizable.js';
import { isLockResult, renderLock } from './lock.js';
import { isStatsResult, renderStats } from './stats.js';
import { isTxnResult, renderTxn } from './txn.js';

// Checkers are recognised by the shape of their result, not their name: a workload may run
// one under another name ("as"), and a result file may come from anywhere.

const RENDERERS: readonly [(v: Record<string, unknown>) => boolean, CheckerRenderer][] = [
  [isLinearizableResult, renderLinearizable],
  [isTxnResult, renderTxn],
  [isLockResult, renderLock],
  [isStatsResult, renderStats],
];

export function renderChecker(name: string, verdict: Verdict, context: RenderContext): CheckerView {
  const v = verdict as Verdict & Record<string, unknown>;
  const renderer = RENDERERS.find(([matches]) => matches(v))?.[1];
  if (renderer) {
    try {
      return renderer(name, v, context);
    } catch (err) {
      // A result shaped a little differently from what the renderer expects still gets shown.
      const view = renderGeneric(name, v, context);
      const note = `<p class="problem">The specialised view of this result failed (${escapeHtml(errorMessage(err))}); showing it generically.</p>`;
      return { ...view, section: view.section ? view.section.replace('</h2>', `</h2>${note}`) : '' };
    }
  }
  return renderGeneric(name, v, context);
}
