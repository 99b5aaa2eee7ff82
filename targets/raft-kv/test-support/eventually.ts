import type { KvOutcome } from '../client.js';

// Retries an idempotent operation (a read, or a write of a fixed value) until it succeeds:
// right after an election or a fault, the first attempts are expected to fail.

export async function untilOk<T>(attempt: () => Promise<KvOutcome<T>>, timeoutMs = 15_000): Promise<{ type: 'ok'; value: T; node: string }> {
  const deadline = Date.now() + timeoutMs;
  let last: KvOutcome<T> | undefined;
  for (;;) {
    last = await attempt();
    if (last.type === 'ok') return last;
    if (Date.now() > deadline) throw new Error(`no success within ${timeoutMs} ms; last outcome: ${JSON.stringify(last)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
