import { describe, expect, it } from 'vitest';
import type { OpTemplate } from '../../generators/index.js';
import { Rng } from '../../core/rng.js';
import { stepsOf } from '../schedule.js';
import type { FaultKind } from '../../core/target.js';
import { partitionRestartFault } from './partition-restart.js';
import { faultEnvironment, RecordingRuntime } from './test-support/index.js';

const abort = new AbortController().signal;
const quick = { electionWaitMs: 300, settleMs: 1 };

async function perform(kind: FaultKind, steps: OpTemplate[]): Promise<unknown[]> {
  const values: unknown[] = [];
  for (const step of steps) values.push(await kind.apply({ process: 'nemesis', ...step }, abort));
  return values;
}

describe('partition-restart', () => {
  it('cuts the primary off, crashes whoever elects the next one, moves the cut onto it, restarts them', async () => {
    const runtime = new RecordingRuntime(['n1', 'n2', 'n3']);
    // n1 leads; cut off, it is still asked about (and may still claim to lead) until n3 takes over.
    const kind = partitionRestartFault(faultEnvironment(runtime, ['n1', 'n1', undefined, 'n3']), quick);
    const values = await perform(kind, stepsOf(kind.start(new Rng(1))));
    expect(runtime.events).toEqual(['partition n1|n2 n3', 'kill n2', 'partition n3|n1 n2', 'start n2']);
    expect(values[1]).toEqual({ nodes: ['n2'], deposed: 'n1', newPrimary: 'n3' });
    expect(values[2]).toMatchObject({ topology: 'isolate-new-primary', isolated: 'n3' });
    expect(kind.active()).toEqual(['partition-restart: n3 cut off']);

    runtime.events.length = 0;
    await perform(kind, stepsOf(kind.stop!));
    expect(runtime.events).toEqual(['heal']);
    expect(kind.active()).toEqual([]);
  });

  it('with five nodes, crashes the three that are neither the old nor the new primary', async () => {
    const runtime = new RecordingRuntime(['n1', 'n2', 'n3', 'n4', 'n5']);
    const kind = partitionRestartFault(faultEnvironment(runtime, ['n2', 'n5']), quick);
    const values = await perform(kind, stepsOf(kind.start(new Rng(1))));
    expect(values[1]).toEqual({ nodes: ['n1', 'n3', 'n4'], deposed: 'n2', newPrimary: 'n5' });
    expect(runtime.events.at(-1)).toBe('start n4');
  });

  it('crashes nobody when no new primary is agreed in time, and leaves the cut where it is', async () => {
    const runtime = new RecordingRuntime(['n1', 'n2', 'n3']);
    const kind = partitionRestartFault(faultEnvironment(runtime, ['n1', undefined]), quick);
    const values = await perform(kind, stepsOf(kind.start(new Rng(1))));
    expect(values[1]).toEqual({ nodes: [], deposed: 'n1', newPrimary: null });
    expect(runtime.events).toEqual(['partition n1|n2 n3']);
  });

  it('restarts a node it crashed when stopped before its own restart step', async () => {
    const runtime = new RecordingRuntime(['n1', 'n2', 'n3']);
    const kind = partitionRestartFault(faultEnvironment(runtime, ['n1', 'n2']), quick);
    await perform(kind, stepsOf(kind.start(new Rng(1))).slice(0, 2));
    runtime.events.length = 0;
    await perform(kind, stepsOf(kind.stop!));
    expect(runtime.events).toEqual(['heal', 'start n3']);
  });
});
