import { z } from 'zod';
import { escapeHtml } from '../html/escape.js';
import { table } from '../sections/markup.js';

// What the faults really did, per kind, as results.json records it (its `faults` field): how
// many were applied, how many were seen to take effect from outside, how many were not applied
// and why. A verdict is only worth the faults behind it, so a kind that never took effect is
// also said in the verdict banner.

const reasonSchema = z.object({ why: z.string(), subjects: z.array(z.string()).default([]), count: z.number().default(1) });

const kindSchema = z.looseObject({
  faults: z.number(),
  applied: z.number(),
  verified: z.number(),
  notApplied: z.number(),
  undos: z.number().default(0),
  undosVerified: z.number().default(0),
  notAppliedWhy: z.array(reasonSchema).default([]),
  unverifiedWhy: z.array(reasonSchema).default([]),
  excluded: z.array(z.object({ node: z.string(), why: z.string() })).default([]),
});

const summarySchema = z.looseObject({
  kinds: z.record(z.string(), kindSchema).default({}),
  neverTookEffect: z.array(z.object({ kind: z.string(), why: z.string() })).default([]),
});

export type FaultEffectsView = z.infer<typeof summarySchema>;

/** The `faults` field of results.json, when there is a readable one. */
export function faultEffectsOf(results: unknown): FaultEffectsView | undefined {
  const faults = (results as { faults?: unknown } | undefined)?.faults;
  if (faults === undefined) return undefined;
  const parsed = summarySchema.safeParse(faults);
  return parsed.success ? parsed.data : undefined;
}

/** The banner's warning when requested faults never took effect; empty otherwise. */
export function neverTookEffectNotice(effects: FaultEffectsView | undefined): string {
  const never = effects?.neverTookEffect ?? [];
  if (never.length === 0) return '';
  const items = never.map((n) => `<li><b>${escapeHtml(n.kind)}</b>: ${escapeHtml(n.why)}</li>`).join('');
  return `<div class="problem" id="faults-not-in-effect"><b>Requested faults never took effect</b>, so this verdict says nothing about them:<ul>${items}</ul></div>`;
}

/** The section: per kind, applied / verified / not applied, undos, and every reason. */
export function faultEffectsSection(effects: FaultEffectsView | undefined): string {
  if (!effects || Object.keys(effects.kinds).length === 0) return '';
  const rows = Object.entries(effects.kinds).map(([kind, e]) => [
    kind,
    String(e.faults),
    String(e.applied),
    String(e.verified),
    String(e.notApplied),
    e.undos > 0 ? `${e.undosVerified} of ${e.undos}` : '–',
  ]);
  const notes: string[] = [];
  for (const [kind, e] of Object.entries(effects.kinds)) {
    for (const x of e.excluded) notes.push(`<li><b>${escapeHtml(kind)}</b>, ${escapeHtml(x.node)}: ${escapeHtml(x.why)}</li>`);
    for (const r of e.notAppliedWhy)
      notes.push(`<li><b>${escapeHtml(kind)}</b> not applied (${r.count}×; ${escapeHtml(r.subjects.join(' '))}): ${escapeHtml(r.why)}</li>`);
    for (const r of e.unverifiedWhy)
      notes.push(`<li><b>${escapeHtml(kind)}</b> not verified (${r.count}×; ${escapeHtml(r.subjects.join(' '))}): ${escapeHtml(r.why)}</li>`);
  }
  return `<section id="fault-effects"><h2>What the faults did</h2>
<p class="hint">After each fault the nemesis checked its effect from outside the nodes: a cut link gets no answer from inside the sender's network while the harness still gets one, a paused node's cgroup reports every process frozen, a killed node has no process left, a skewed node's program reports reading the new time. Each nemesis event in history.jsonl carries these checks in <code>value.effect</code>.</p>
${table(['fault kind', 'faults', 'applied', 'verified', 'not applied', 'undone and verified'], rows, '')}
${notes.length ? `<ul class="fault-notes">${notes.join('\n')}</ul>` : ''}
</section>`;
}
