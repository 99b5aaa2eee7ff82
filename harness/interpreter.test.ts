import { describe, expect, it } from 'vitest';
import { clients, fn, limit, nemesis as onNemesis, once, any, seq, sleep, NS_PER_MS } from '../generators/index.js';
import type { Op } from '../core/history.js';
import { Interpreter, type InterpreterOptions } from './interpreter.js';
import { HistoryRecorder, monotonicClock } from './recorder.js';
import { Rng } from '../core/rng.js';
import { abortableSleep, ScriptedClient } from './test-support/fake-clients.js';
import type { Completion, Invocation } from '../core/target.js';

function interpreter(behave: (op: Invocation, signal: AbortSignal) => Promise<Completion> | Completion, extra: Partial<InterpreterOptions> = {}) {
  const recorder = new HistoryRecorder(monotonicClock());
  const opened: number[] = [];
  const clientsMade: ScriptedClient[] = [];
  const interp = new Interpreter({
    concurrency: 3,
    rng: new Rng(1),
    recorder,
    opTimeoutMs: 1_000,
    openClient: async (process) => {
      opened.push(process);
      const c = new ScriptedClient(behave);
      clientsMade.push(c);
      return c;
    },
    ...extra,
  });
  return { interp, recorder, opened, clientsMade };
}

const reads = (n: number) =>
  limit(
    n,
    fn(() => ({ f: 'read', value: null })),
  );

describe('the interpreter', () => {
  it('records every invocation and its completion, in time order', async () => {
    const { interp, recorder } = interpreter(() => ({ type: 'ok', value: 7 }));
    await interp.run(clients(reads(30)));
    await interp.close();
    const ops = recorder.ops;
    expect(ops).toHaveLength(60);
    expect(ops.filter((o) => o.type === 'ok').every((o) => o.value === 7)).toBe(true);
    for (let i = 1; i < ops.length; i++) expect(ops[i].time).toBeGreaterThanOrEqual(ops[i - 1].time);
    expect(ops.map((o) => o.index)).toEqual(ops.map((_, i) => i));
  });

  it('retires a process after info: its worker continues as process + concurrency with a new client', async () => {
    let calls = 0;
    const { interp, recorder, opened, clientsMade } = interpreter(
      () => (++calls === 1 ? { type: 'info', error: 'connection reset' } : { type: 'ok', value: 1 }),
      { concurrency: 1 },
    );
    await interp.run(clients(reads(3)));
    await interp.close();
    const processes = recorder.ops.filter((o) => o.type === 'invoke').map((o) => o.process);
    expect(processes).toEqual([0, 1, 1]);
    expect(opened).toEqual([0, 1]);
    expect(clientsMade[0].closed).toBe(true);
    expect(recorder.ops[1]).toMatchObject({ type: 'info', error: 'connection reset' });
  });

  it("keeps a renumbered process on its worker: the same worker opens its client, and the invocation names the client's node", async () => {
    const recorder = new HistoryRecorder(monotonicClock());
    const opened: [number, number][] = [];
    const seen: Invocation[] = [];
    let calls = 0;
    const interp = new Interpreter({
      concurrency: 2,
      rng: new Rng(1),
      recorder,
      opTimeoutMs: 1_000,
      openClient: async (process, worker) => {
        opened.push([process, worker]);
        const client = new ScriptedClient((op) => {
          seen.push(op);
          // Every third operation times out on the server's side: its process is retired.
          return ++calls % 3 === 0 ? { type: 'info', error: 'timeout' } : { type: 'ok', value: 1, node: 'leader' };
        });
        return Object.assign(client, { node: `n${worker + 1}` });
      },
    });
    await interp.run(clients(reads(12)));
    await interp.close();
    const invokes = recorder.ops.filter((o) => o.type === 'invoke');
    expect(
      opened.some(([process]) => process >= 2),
      'some process was renumbered',
    ).toBe(true);
    for (const [process, worker] of opened) expect(worker).toBe(process % 2);
    for (const op of invokes) expect(op.node).toBe(`n${((op.process as number) % 2) + 1}`);
    for (const op of seen) expect(op.worker).toBe((op.process as number) % 2);
    // The completion keeps the node the client reported; the history has no worker field.
    expect(recorder.ops.filter((o) => o.type === 'ok').every((o) => o.node === 'leader')).toBe(true);
    expect(recorder.ops.every((o) => !('worker' in o))).toBe(true);
  });

  it('turns a client that hangs into info after the operation timeout, and aborts it', async () => {
    let aborted = false;
    const { interp, recorder } = interpreter(
      async (_op, signal) => {
        await abortableSleep(10_000, signal);
        aborted = signal.aborted;
        return { type: 'ok' };
      },
      { concurrency: 1, opTimeoutMs: 50 },
    );
    await interp.run(clients(reads(1)));
    await interp.close();
    expect(recorder.ops[1]).toMatchObject({ type: 'info', error: 'timeout after 50 ms' });
    expect(aborted).toBe(true);
  });

  it('turns a client that throws into info with the error message', async () => {
    const { interp, recorder } = interpreter(
      () => {
        throw new Error('socket hang up');
      },
      { concurrency: 1 },
    );
    await interp.run(clients(reads(1)));
    expect(recorder.ops[1]).toMatchObject({ type: 'info', error: 'socket hang up' });
  });

  it('fails an operation whose client cannot be opened: nothing was sent', async () => {
    const recorder = new HistoryRecorder(monotonicClock());
    const interp = new Interpreter({
      concurrency: 1,
      rng: new Rng(1),
      recorder,
      opTimeoutMs: 1000,
      openClient: async () => {
        throw new Error('ECONNREFUSED 127.0.0.2:7000');
      },
    });
    await interp.run(clients(reads(2)));
    expect(recorder.ops.filter((o) => o.type === 'fail')).toHaveLength(2);
    expect(recorder.ops[1].error).toMatch(/could not open a client: ECONNREFUSED/);
  });

  it('records nemesis operations as info events of process "nemesis"', async () => {
    const { interp, recorder } = interpreter(() => ({ type: 'ok' }), {
      nemesis: { invoke: async (op) => ({ type: 'info', value: { applied: op.value } }) },
    });
    await interp.run(any(clients(reads(5)), onNemesis(seq(sleep(5 * NS_PER_MS), once({ f: 'start-partition', value: 'halves' })))));
    const fault = recorder.ops.filter((o) => o.process === 'nemesis');
    expect(fault).toEqual([expect.objectContaining({ type: 'info', f: 'start-partition', value: { applied: 'halves' } })]);
  });

  it('never gives a process two outstanding operations over a long random run', async () => {
    const rng = new Rng(42);
    const { interp, recorder } = interpreter(
      async (_op, signal) => {
        await abortableSleep(rng.int(0, 3), signal);
        const r = rng.float();
        return r < 0.1 ? { type: 'info' } : r < 0.2 ? { type: 'fail' } : { type: 'ok' };
      },
      { concurrency: 8, opTimeoutMs: 2 },
    );
    await interp.run(
      clients(
        limit(
          3000,
          fn((ctx) => ({ f: ctx.rng.bool() ? 'read' : 'write', value: ctx.rng.int(0, 5) })),
        ),
      ),
    );
    await interp.close();
    const open = new Map<Op['process'], number>();
    const retired = new Set<Op['process']>();
    for (const op of recorder.ops) {
      if (op.type === 'invoke') {
        expect(open.has(op.process), `process ${op.process} at ${op.index}`).toBe(false);
        expect(retired.has(op.process)).toBe(false);
        open.set(op.process, op.index);
      } else {
        expect(open.has(op.process)).toBe(true);
        open.delete(op.process);
        if (op.type === 'info') retired.add(op.process);
      }
    }
    expect(open.size).toBe(0);
    expect(retired.size).toBeGreaterThan(50);
  });
});
