import type { Verdict } from '../../core/verdict.js';
import { errorMessage } from '../../core/errors.js';
import type { History } from '../../core/history.js';
import { escapeHtml } from '../html/escape.js';
import type { CheckerView } from '../sections/checker-view.js';
import { anomalyContext, type AnomalyContext } from './anomaly-context.js';
import { clientNodes, clientNodesSection } from './client-nodes.js';
import { anomaliesInContextBlock, faultCoverageSection } from './context-html.js';

// What the context layer adds to report.html, computed once per report: a block under each
// checker's evidence, and the fault-coverage and clients-and-nodes sections. A failure here
// costs these parts only, never the rest of the report.

export interface ContextSections {
  context: AnomalyContext | undefined;
  sections: { id: string; title: string; html: string }[];
}

export function contextSections(history: History, checkers: Readonly<Record<string, Verdict>>, concurrency: number | null): ContextSections {
  const sections: ContextSections['sections'] = [];
  let context: AnomalyContext | undefined;
  try {
    context = anomalyContext(history, checkers);
    sections.push({ id: 'fault-coverage', title: 'Fault coverage', html: faultCoverageSection(context.faultWindows) });
  } catch (err) {
    sections.push({
      id: 'fault-coverage',
      title: 'Fault coverage',
      html: `<section id="fault-coverage"><h2>Fault coverage</h2><p class="problem">Could not be computed: ${escapeHtml(errorMessage(err))}</p></section>`,
    });
  }
  try {
    sections.push({ id: 'client-nodes', title: 'Clients and nodes', html: clientNodesSection(clientNodes(history, concurrency), concurrency) });
  } catch (err) {
    sections.push({
      id: 'client-nodes',
      title: 'Clients and nodes',
      html: `<section id="client-nodes"><h2>Clients and nodes</h2><p class="problem">Could not be computed: ${escapeHtml(errorMessage(err))}</p></section>`,
    });
  }
  return { context, sections };
}

/** A checker's evidence section with its anomalies in context at its end. */
export function withAnomalyContext(view: CheckerView, parts: ContextSections): string {
  const block = parts.context ? anomaliesInContextBlock(view.name, parts.context) : '';
  if (!block) return view.section;
  const end = view.section.lastIndexOf('</section>');
  return end < 0 ? view.section + block : `${view.section.slice(0, end)}${block}${view.section.slice(end)}`;
}
