import { setTimeout as sleep } from 'node:timers/promises';
import type { Client, Completion, Invocation } from '../../core/target.js';

/** A client whose behaviour per operation is scripted by the test. */
export class ScriptedClient implements Client {
  closed = false;

  constructor(private readonly behave: (op: Invocation, signal: AbortSignal) => Promise<Completion> | Completion) {}

  async invoke(op: Invocation, signal: AbortSignal): Promise<Completion> {
    return this.behave(op, signal);
  }

  async close(): Promise<void> {
    this.closed = true;
  }
}

/** Waits `ms`, but gives up when the harness aborts the operation. */
export async function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  await sleep(ms, undefined, { signal }).catch(() => undefined);
}
