import type { LinearizableDetails, PartitionFailure, PartitionUnknown } from '../../checkers/linearizable/index.js';
import { escapeHtml, showValue } from '../html/escape.js';
import { sectionId, timeAt, type CheckerRenderer, type Moment } from './checker-view.js';
import { linearizationSvg, PREFIX_SHOWN } from './linearization-svg.js';
import { showButton, table, verdictWord } from './markup.js';

// Linearizability results: per failed key, the longest linearizable prefix, the operations
// that could not go next and why, and the drawing.

const OPEN_FAILURES = 2;

export function isLinearizableResult(v: Record<string, unknown>): boolean {
  return Array.isArray(v.failures) && typeof v.model === 'string';
}

export const renderLinearizable: CheckerRenderer = (name, verdict, context) => {
  const v = verdict as unknown as Partial<LinearizableDetails> & { valid: unknown; reason?: string };
  const failures = v.failures ?? [];
  const undecided = v.undecided ?? [];
  const stats = v.stats;
  const scope = stats ? `${stats.operations} operations in ${stats.partitions} ${stats.partitions === 1 ? 'key' : 'keys'}` : '';
  let summary: string;
  if (verdict.valid === true) summary = `linearizable (model ${v.model}${scope ? `, ${scope}` : ''})`;
  else if (verdict.valid === false)
    summary = `${failures.length} ${failures.length === 1 ? 'key is' : 'keys are'} not linearizable (model ${v.model}${scope ? `, ${scope}` : ''})`;
  else summary = `undecided: ${v.reason ?? 'a budget ran out'}${undecided.length ? ` (${undecided.length} keys undecided)` : ''}`;

  const moments: Moment[] = failures.map((f) => ({
    label: `${name}: ${keyName(f.key)} cannot linearize ${f.deadline.description}`,
    time: timeAt(context.history, f.deadline.completeIndex ?? f.deadline.index) ?? 0,
    indices: f.indices,
  }));

  const parts: string[] = [];
  if (failures.length || undecided.length) {
    parts.push(`<section class="checker" id="${sectionId(name)}"><h2>${escapeHtml(name)}: ${verdictWord(verdict.valid)}</h2>`);
    parts.push(
      `<p class="meaning">Linearizability: every operation must appear to take effect at one instant between its invocation and its completion, in an order a single ${escapeHtml(v.model ?? 'model')} would accept. Each key is checked on its own.</p>`,
    );
    failures.forEach((f, i) => {
      const block = failureBlock(name, f, i, context.history);
      // The first failures are the story; the rest stay one click away so the page stays readable.
      parts.push(
        i < OPEN_FAILURES
          ? block
          : `<details class="more"><summary>Failure ${i + 1}: ${escapeHtml(keyName(f.key))}, ${escapeHtml(f.deadline.description)}</summary>${block}</details>`,
      );
    });
    if (undecided.length) parts.push(undecidedBlock(undecided));
    parts.push('</section>');
  }
  return { name, valid: verdict.valid, summary, section: parts.join('\n'), moments };
};

function keyName(key: unknown): string {
  return key === null || key === undefined ? 'the history' : `key ${showValue(key, 40)}`;
}

function failureBlock(name: string, f: PartitionFailure, i: number, history: Parameters<typeof linearizationSvg>[1]): string {
  const parts: string[] = [];
  const deadlineAt = timeAt(history, f.deadline.completeIndex ?? f.deadline.index);
  parts.push(`<div class="anomaly lin-failure"><h3>Failure ${i + 1}: ${escapeHtml(keyName(f.key))}</h3>`);
  if (f.found === 'impossible-operation') {
    parts.push(
      `<p class="explain">No order of this key's operations can work: <b>${escapeHtml(f.deadline.description)}</b> (process ${escapeHtml(f.deadline.process)}, #${f.deadline.index}) fits no state that the key's operations can produce, starting from ${escapeHtml(f.initialState)}.</p>`,
    );
  } else {
    parts.push(
      `<p class="explain">Starting from <code>${escapeHtml(f.initialState)}</code>, the longest order that works places <b>${f.linearized.length}</b> operations and leaves the state at <code>${escapeHtml(f.state)}</code>. ` +
        `Then nothing that could go next fits. Process ${escapeHtml(f.deadline.process)}'s <b>${escapeHtml(f.deadline.description)}</b> (#${f.deadline.index}) completed${deadlineAt === undefined ? '' : ` at ${(deadlineAt / 1e9).toFixed(3)} s`}, so it had to take effect before anything invoked later, and no order lets it${deadlineReason(f)}</p>`,
    );
  }
  if (f.because?.length) {
    parts.push(
      `<p class="explain">The reads reveal an order no real-time order allows; each step must come before the next, back to the first:</p><ol>${f.because.map((line) => `<li>${escapeHtml(line)}</li>`).join('')}</ol>`,
    );
  }
  parts.push(`<p>${showButton(f.indices, `${name} failure ${i + 1}`, 'Show these operations on the timeline')}</p>`);
  parts.push(`<div class="figure">${linearizationSvg(f, history)}</div>`);
  parts.push('<div class="two-col">');
  const shown = f.linearized.slice(-PREFIX_SHOWN);
  const skipped = f.linearized.length - shown.length;
  parts.push(
    `<div><h4>End of the longest linearizable prefix${skipped ? ` (last ${shown.length} of ${f.linearized.length})` : ''}</h4>` +
      table(
        ['order', 'op', 'process', 'operation', 'state after'],
        shown.map((op, k) => [
          String(skipped + k + 1),
          `#${op.index}`,
          String(op.process),
          op.description + (op.outcome === 'info' ? ' (info)' : ''),
          op.stateAfter,
        ]),
        'No operation could be placed first.',
      ) +
      '</div>',
  );
  parts.push(
    `<div><h4>Could go next, but does not fit${f.blockedOmitted ? ` (${f.blockedOmitted} more not listed)` : ''}</h4>` +
      table(
        ['op', 'process', 'operation', 'why'],
        f.blocked.map((b) => [
          `#${b.index}${b.index === f.deadline.index ? ' ★' : ''}`,
          String(b.process),
          b.description + (b.outcome === 'info' ? ' (info)' : ''),
          b.why === 'illegal' ? b.reason : `${b.reason} (allowed here, but every way on from it fails)`,
        ]),
        'No candidates were recorded.',
      ) +
      '<p class="small">★ the deadline: the completed operation the search could not get past.</p></div>',
  );
  parts.push('</div></div>');
  return parts.join('\n');
}

function deadlineReason(f: PartitionFailure): string {
  const blocked = f.blocked.find((b) => b.index === f.deadline.index);
  return blocked ? `: <b>${escapeHtml(blocked.reason)}</b>.` : '.';
}

function undecidedBlock(undecided: PartitionUnknown[]): string {
  const budget: Record<PartitionUnknown['budget'], string> = {
    time: 'ran out of time',
    memory: 'ran out of memory (state budget)',
    aborted: 'was stopped',
    unexplained: 'left unexplained: another key already proved the history not linearizable',
  };
  return (
    `<div class="anomaly"><h3>Undecided keys</h3><p>The search ${undecided.length === 1 ? 'for this key' : 'for these keys'} stopped before reaching a verdict; nothing is claimed about ${undecided.length === 1 ? 'it' : 'them'}.</p>` +
    table(
      ['key', 'why', 'longest prefix', 'operations', 'states explored'],
      undecided.map((u) => [keyName(u.key), budget[u.budget] ?? String(u.budget), String(u.longestPrefix), String(u.operations), String(u.statesExplored)]),
      '',
    ) +
    '</div>'
  );
}
