import type { FaultCheck, LinkExpectation, NetworkInForce } from '../../core/runtime.js';
import { PROBE_TIMEOUT_MS, probeFrom, probeFromHarness, type ProbeResult, type ProbeTarget } from './probe-links.js';

// The checks of network faults, the same on both runtimes: knock from inside the sending node's
// namespace on the receiving node, and from the harness on the same node as a control. A cut link
// is verified when the node answers the harness but not its peer; a healed one when the peer
// gets its answer again; packet loss when some of many knocks go unanswered. Where the knock from
// inside runs is the runtime's business: nsenter into a local node's namespace, or `docker exec`
// in a Docker node's holder (which shares the node's namespace, on an engine anywhere).

/** Knocks on the targets from inside one node's network namespace. */
export type Knocker = (targets: readonly ProbeTarget[], timeoutMs: number) => Promise<ProbeResult[]>;

export interface LinkContext {
  /** The node's address. */
  host(node: string): string;
  /** How to knock from inside the node's network, or why it cannot be entered now. */
  knockFrom(node: string): Knocker | { unavailable: string };
  /** The harness's own knock on the node (the control): 'answered', 'silent', or the error code. */
  knockFromHarness(node: string): Promise<string>;
}

/** A LinkContext knocker for a namespace entered with nsenter --net=`netns` (this machine's). */
export function nsenterKnocker(netns: string): Knocker {
  return (targets, timeoutMs) => probeFrom(netns, targets, timeoutMs);
}

/** The control for a node the harness reaches at its own address. */
export function knockAtAddress(host: string): Promise<string> {
  return probeFromHarness(host);
}

/** Probes sent per lossy link: with a loss rate of 5% or more, all 100 get through once in ~170. */
const LOSS_PROBES = 100;
const HEALED_LOSS_PROBES = 20;
/**
 * Knocks per link for a partition check when packet loss is in force on it: with a loss rate of
 * 20% each way a knock goes unanswered about one time in three, so a cut is taken as verified only
 * when all of them are, and a healed link when any of them is answered (one wrong call in ~30,000).
 */
const LOSSY_LINK_PROBES = 10;

const NOTHING_IN_FORCE: NetworkInForce = { cuts: [], lossy: [] };

/** Whether a knock from `from` on `to` crosses a link the partition in force cuts (either way). */
function crossesCut(inForce: NetworkInForce, from: string, to: string): boolean {
  return inForce.cuts.some((c) => (c.from === from && c.to === to) || (c.from === to && c.to === from));
}

export async function checkLinks(
  ctx: LinkContext,
  links: readonly LinkExpectation[],
  fault: 'partition' | 'packet',
  undo: boolean,
  inForce: NetworkInForce = NOTHING_IN_FORCE,
): Promise<FaultCheck[]> {
  const knocks = (l: LinkExpectation) => (inForce.lossy.includes(l.from) || inForce.lossy.includes(l.to) ? LOSSY_LINK_PROBES : 1);
  const bySource = group(links, (l) => l.from);
  const controls = await harnessControls(ctx, [...new Set(links.map((l) => l.to))]);
  const checks = await Promise.all(
    [...bySource].map(async ([from, out]) => {
      const knock = ctx.knockFrom(from);
      if (typeof knock !== 'function') return out.map((l) => check(fault, undo, l, 'unverified', `cannot look from ${from}: ${knock.unavailable}`));
      let results: ProbeResult[];
      try {
        results = await knock(
          out.map((l) => ({ host: ctx.host(l.to), count: knocks(l) })),
          PROBE_TIMEOUT_MS,
        );
      } catch (err) {
        return out.map((l) => check(fault, undo, l, 'unverified', (err as Error).message));
      }
      return out.map((l, i) => judgeLink(l, results[i], controls.get(l.to) ?? 'unknown', fault, undo));
    }),
  );
  return checks.flat();
}

function judgeLink(link: LinkExpectation, result: ProbeResult, control: string, fault: 'partition' | 'packet', undo: boolean): FaultCheck {
  const { from, to } = link;
  if (result.errors.length > 0) return check(fault, undo, link, 'unverified', `${from} cannot knock on ${to} at all (${result.errors.join(', ')})`);
  if (link.cut) {
    if (result.answered > 0) return check(fault, undo, link, 'unverified', `${to} still answers ${from}: the cut did not take effect`);
    if (control !== 'answered')
      return check(
        fault,
        undo,
        link,
        'unverified',
        `${to} is silent to ${from}, but to the harness too (${control}), so the cut cannot be told from a dead link`,
      );
    return check(fault, undo, link, 'verified', `${to} gave ${from} no answer within ${PROBE_TIMEOUT_MS} ms, while it answered the harness`);
  }
  if (result.answered > 0) return check(fault, undo, link, 'verified', `${to} answers ${from} again`);
  return check(fault, undo, link, 'unverified', `${to} still gives ${from} no answer within ${PROBE_TIMEOUT_MS} ms`);
}

/**
 * Loss on the packets `nodes` send to every other node: many knocks from each lossy node on each
 * peer, and some must go unanswered (when healed: none).
 */
export async function checkLoss(
  ctx: LinkContext,
  nodes: readonly string[],
  everyNode: readonly string[],
  probability: number,
  undo: boolean,
  inForce: NetworkInForce = NOTHING_IN_FORCE,
): Promise<FaultCheck[]> {
  const count = undo ? HEALED_LOSS_PROBES : LOSS_PROBES;
  const checks = await Promise.all(
    nodes.map(async (from) => {
      const peers = everyNode.filter((n) => n !== from);
      const links = peers.map((to) => ({ from, to, cut: !undo }));
      const knock = ctx.knockFrom(from);
      if (typeof knock !== 'function') return links.map((l) => check('packet', undo, l, 'unverified', `cannot look from ${from}: ${knock.unavailable}`));
      let results: ProbeResult[];
      try {
        results = await knock(
          peers.map((to) => ({ host: ctx.host(to), count })),
          PROBE_TIMEOUT_MS,
        );
      } catch (err) {
        return links.map((l) => check('packet', undo, l, 'unverified', (err as Error).message));
      }
      return links.map((l, i) => {
        // Behind a cut every knock goes unanswered, lossy or not: nothing to tell from it.
        if (crossesCut(inForce, l.from, l.to))
          return check(
            'packet',
            undo,
            l,
            'unverified',
            `${l.from}→${l.to} is also cut by the partition in force, so its knocks say nothing of the packet loss`,
          );
        const r = results[i];
        const lost = r.silent;
        if (r.errors.length > 0) return check('packet', undo, l, 'unverified', `${from} cannot knock on ${l.to} at all (${r.errors.join(', ')})`);
        if (undo) {
          return lost === 0
            ? check('packet', true, l, 'verified', `all ${count} probes from ${from} to ${l.to} answered`)
            : check('packet', true, l, 'unverified', `${lost} of ${count} probes from ${from} to ${l.to} still lost`);
        }
        return lost > 0
          ? check('packet', false, l, 'verified', `${lost} of ${count} probes from ${from} to ${l.to} lost (loss rate ${probability})`)
          : check('packet', false, l, 'unverified', `none of ${count} probes from ${from} to ${l.to} was lost (loss rate ${probability})`);
      });
    }),
  );
  return checks.flat();
}

async function harnessControls(ctx: LinkContext, nodes: readonly string[]): Promise<Map<string, string>> {
  const answers = await Promise.all(nodes.map((node) => ctx.knockFromHarness(node)));
  return new Map(nodes.map((node, i) => [node, answers[i]]));
}

function check(fault: 'partition' | 'packet', undo: boolean, link: { from: string; to: string }, outcome: FaultCheck['outcome'], detail: string): FaultCheck {
  return { fault, undo, subject: `${link.from}→${link.to}`, outcome, detail };
}

function group<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const list = groups.get(key(item)) ?? [];
    list.push(item);
    groups.set(key(item), list);
  }
  return groups;
}
