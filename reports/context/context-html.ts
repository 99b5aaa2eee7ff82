import { escapeHtml } from '../html/escape.js';
import { showButton, table } from '../sections/markup.js';
import type { AnomalyContext, AnomalyInContext, FaultWindowInContext, OutcomeCounts } from './anomaly-context.js';

// The report's view of the context layer: under each checker's evidence, its anomalies with the
// node and the faults behind every operation; and one section on what each fault window
// exercised. All text from the history is escaped here.

/** Anomalies shown per checker; the rest are in results.json. */
const SHOWN = 12;

/** Markup for one checker's anomalies in context, or '' when it has none. */
export function anomaliesInContextBlock(checker: string, context: AnomalyContext): string {
  const mine = context.anomalies.filter((a) => a.checker === checker);
  if (mine.length === 0) return '';
  const items = mine.slice(0, SHOWN).map((a, i) => anomalyItem(a, i));
  const more = mine.length > SHOWN ? `<p class="small">${mine.length - SHOWN} more in results.json (<code>anomalies</code>).</p>` : '';
  return `<div class="anomaly in-context" data-context-for="${escapeHtml(checker)}"><h3>In context: where each operation ran, and what faults were in force <span class="count">${mine.length}</span></h3>
<p class="meaning">Each operation with the node that served it (the history's <code>node</code>) and the fault windows in force at its invocation and at its completion, numbered as in the fault coverage below.</p>
${items.join('\n')}${more}</div>`;
}

function anomalyItem(a: AnomalyInContext, _i: number): string {
  const ops = a.operations
    .map((o) => `<li data-op-index="${o.index}"><b>${escapeHtml(o.role)}</b> (#${o.index}, process ${escapeHtml(o.process)}): ${escapeHtml(o.text)}</li>`)
    .join('');
  const where = a.nodes.length ? `on ${a.nodes.map(escapeHtml).join(', ')}` : 'no node recorded';
  const faults = a.faults.length ? `during ${a.faults.map(escapeHtml).join(', ')}` : 'with no fault in force';
  const indices = a.operations.flatMap((o) => (o.completeIndex === null ? [o.index] : [o.index, o.completeIndex]));
  return `<div class="context-item"><p><b>${escapeHtml(a.title)}</b> <span class="small">${where}, ${faults}</span> ${showButton(indices, `${a.checker}: ${a.title}`, 'timeline')}</p><ul>${ops}</ul></div>`;
}

function outcomes(c: OutcomeCounts): string {
  return `${c.invoked} invoked: ${c.ok} ok, ${c.fail} fail, ${c.info} info`;
}

const seconds = (ns: number) => `${(ns / 1e9).toFixed(2)} s`;

/** What each fault window exercised: operations invoked during it, their outcomes, and the nodes they went to. */
export function faultCoverageSection(windows: readonly FaultWindowInContext[]): string {
  const head = '<section id="fault-coverage"><h2>Fault coverage</h2>';
  if (windows.length === 0)
    return `${head}<p class="small">The history has no fault windows: nothing was injected, or nothing the report recognises.</p></section>`;
  const idle = windows.filter((w) => w.coverage.invoked === 0);
  const rows = windows.map((w) => [
    w.id,
    w.label,
    `${seconds(w.start)} – ${w.endIndex === null ? 'end' : seconds(w.end)}`,
    w.nodes.length ? w.nodes.join(', ') : '(not recorded)',
    outcomes(w.coverage),
    { html: byNode(w) },
  ]);
  const note = idle.length
    ? `<p class="problem">No client operation was invoked while ${idle.map((w) => escapeHtml(w.id)).join(', ')} ${idle.length === 1 ? 'was' : 'were'} in force: ${idle.length === 1 ? 'that fault' : 'those faults'} tested nothing.</p>`
    : '';
  return `${head}<p class="hint">Per fault window: the client operations invoked while it was in force, how they ended, and per node they were sent to. A fault whose nodes got no operations exercised little.</p>${note}
${table(['fault', 'applied', 'in force', 'nodes affected', 'operations invoked', 'by node'], rows, '')}</section>`;
}

function byNode(w: FaultWindowInContext): string {
  const entries = Object.entries(w.coverage.byNode).sort(([a], [b]) => a.localeCompare(b));
  if (entries.length === 0) return '';
  return entries
    .map(([node, c]) => `${w.nodes.includes(node) ? '<b>' : ''}${escapeHtml(node)}${w.nodes.includes(node) ? '</b>' : ''}: ${escapeHtml(outcomes(c))}`)
    .join('<br>');
}
