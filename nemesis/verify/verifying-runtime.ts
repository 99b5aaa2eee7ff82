import {
  isClockSkewable,
  isFaultVerifying,
  isPacketShapeable,
  isPartitionable,
  isPausable,
  type FaultCheck,
  type FaultType,
  type FaultVerifying,
  type Grudge,
  type NodeRuntime,
  type PacketBehaviour,
} from '../../core/runtime.js';
import type { FaultJournal } from './journal.js';

// The runtime as fault kinds see it: every action passes through to the real runtime, and then,
// while a nemesis operation is under way, the effect is checked from outside (the runtime's
// FaultVerifying methods) and the check goes into the operation's journal. Every fault kind —
// built in, aimed, or a target's own — is checked this way without knowing it. A runtime that
// cannot check is recorded as such ("unverified"), never as verified. A node whose program the
// clock library cannot reach gets no clock offset at all, and the journal says why.

export function verifyingRuntime(base: NodeRuntime, journal: FaultJournal): NodeRuntime {
  const verifier: FaultVerifying | undefined = isFaultVerifying(base) ? base : undefined;
  const cannot = (fault: FaultType, subject: string, undo: boolean): FaultCheck => ({
    fault,
    undo,
    subject,
    outcome: 'unverified',
    detail: `the ${base.kind} runtime cannot check this fault's effect`,
  });
  /** Runs a check only when someone will read it; a failing check is recorded as unverified. */
  const check = (fault: FaultType, subject: string, undo: boolean, run: (v: FaultVerifying) => Promise<FaultCheck | FaultCheck[]>) => {
    if (!journal.open) return;
    if (!verifier) {
      journal.add(cannot(fault, subject, undo));
      return;
    }
    journal.add(
      run(verifier).catch((err: unknown) => ({
        fault,
        undo,
        subject,
        outcome: 'unverified' as const,
        detail: `the check failed: ${err instanceof Error ? err.message : String(err)}`,
      })),
    );
  };

  // The network faults in force, so that a check of one allows for the other (a knock crosses both).
  let cuts: { from: string; to: string }[] = [];
  let lossy: { nodes: string[]; probability: number } | undefined;
  const inForce = () => ({ cuts: [...cuts], lossy: lossy ? [...lossy.nodes] : [] });

  const wrapped: Record<string, unknown> = Object.create(null);
  Object.defineProperties(wrapped, {
    kind: { get: () => base.kind, enumerable: true },
    nodes: { get: () => base.nodes, enumerable: true },
    harnessHost: { get: () => base.harnessHost, enumerable: true },
  });
  Object.assign(wrapped, {
    isRunning: (node: string) => base.isRunning(node),
    stopAll: () => base.stopAll(),
    async start(node: string) {
      const was = base.isRunning(node);
      await base.start(node);
      if (!was) check('kill', node, true, (v) => v.verifyRunning(node, true));
    },
    async kill(node: string) {
      const was = base.isRunning(node);
      await base.kill(node);
      if (was) check('kill', node, false, (v) => v.verifyRunning(node, false));
    },
  });

  if (isPausable(base)) {
    Object.assign(wrapped, {
      async pause(node: string) {
        await base.pause(node);
        check('pause', node, false, (v) => v.verifyPaused(node, true));
      },
      async resume(node: string) {
        await base.resume(node);
        check('pause', node, true, (v) => v.verifyPaused(node, false));
      },
    });
  }

  if (isPartitionable(base)) {
    Object.assign(wrapped, {
      async partition(grudge: Grudge) {
        await base.partition(grudge);
        const previous = cuts;
        cuts = Object.entries(grudge).flatMap(([to, froms]) => froms.map((from) => ({ from, to })));
        const isCut = (l: { from: string; to: string }) => cuts.some((c) => c.from === l.from && c.to === l.to);
        const links = [...cuts.map((c) => ({ ...c, cut: true })), ...previous.filter((l) => !isCut(l)).map((l) => ({ ...l, cut: false }))];
        const now = inForce();
        if (links.length > 0) check('partition', describeLinks(cuts), false, (v) => v.verifyLinks(links, 'partition', false, now));
      },
      async heal() {
        await base.heal();
        const healed = cuts;
        cuts = [];
        const now = inForce();
        if (healed.length > 0)
          check('partition', describeLinks(healed), true, (v) =>
            v.verifyLinks(
              healed.map((l) => ({ ...l, cut: false })),
              'partition',
              true,
              now,
            ),
          );
      },
    });
  }

  if (isClockSkewable(base)) {
    const blocked = (node: string): string | undefined => verifier?.clockSkewBlocker(node);
    const skew = async (node: string, ms: number, apply: () => Promise<void>) => {
      const why = blocked(node);
      if (why !== undefined) {
        // Writing an offset nobody reads would only pretend; say so instead.
        journal.add({ fault: 'clock', undo: ms === 0, subject: node, outcome: 'not-applied', detail: `clock skew not applied: ${why}` });
        return;
      }
      // A strobe sets the same offsets over and over: the first time each is set is checked.
      const checking = journal.open && journal.once(`clock ${node} ${ms}`);
      // The mark may be a read through a container engine: taken only for a change that is checked.
      let mark: number | { failed: string } = 0;
      if (checking && verifier) {
        try {
          mark = await verifier.clockMark(node);
        } catch (err) {
          mark = { failed: err instanceof Error ? err.message : String(err) };
        }
      }
      await apply();
      if (!checking) return;
      if (typeof mark === 'number') {
        const at = mark;
        check('clock', node, ms === 0, (v) => v.verifyClock(node, ms, at, ms === 0));
      } else {
        journal.add({
          fault: 'clock',
          undo: ms === 0,
          subject: node,
          outcome: 'unverified',
          detail: `cannot read ${node}'s clock record before the change: ${mark.failed}`,
        });
      }
    };
    Object.assign(wrapped, {
      setClockOffset: (node: string, ms: number) => skew(node, ms, () => base.setClockOffset(node, ms)),
      resetClock: (node: string) => skew(node, 0, () => base.resetClock(node)),
    });
  }

  if (isPacketShapeable(base)) {
    Object.assign(wrapped, {
      packetProblem: (behaviour: PacketBehaviour) => base.packetProblem(behaviour),
      async shapePackets(behaviours: Readonly<Record<string, PacketBehaviour>>) {
        await base.shapePackets(behaviours);
        const losing = Object.entries(behaviours).filter(([, b]) => b.loss !== undefined);
        lossy = losing.length > 0 ? { nodes: losing.map(([n]) => n), probability: losing[0][1].loss as number } : undefined;
        if (lossy) {
          const { nodes, probability } = lossy;
          const now = inForce();
          check('packet', nodes.join(','), false, (v) => v.verifyLoss(nodes, probability, false, now));
        }
        for (const [node, b] of Object.entries(behaviours)) {
          if (b.delayMs !== undefined)
            journal.add({
              fault: 'packet',
              undo: false,
              subject: node,
              outcome: 'unverified',
              detail: `a delay of ${b.delayMs} ms was set with netem; delays are not measured`,
            });
        }
      },
      async unshapePackets() {
        await base.unshapePackets();
        const was = lossy;
        lossy = undefined;
        const now = inForce();
        if (was) check('packet', was.nodes.join(','), true, (v) => v.verifyLoss(was.nodes, was.probability, true, now));
      },
    });
  }

  // Anything else a runtime offers (pid, node, lastExit…) passes straight through.
  return new Proxy(wrapped, {
    get(target, property, receiver) {
      if (Reflect.has(target, property)) return Reflect.get(target, property, receiver);
      const value = Reflect.get(base, property);
      return typeof value === 'function' ? value.bind(base) : value;
    },
    has: (target, property) => Reflect.has(target, property) || Reflect.has(base, property),
  }) as unknown as NodeRuntime;
}

function describeLinks(links: readonly { from: string; to: string }[]): string {
  return links.map((l) => `${l.from}→${l.to}`).join(' ');
}
