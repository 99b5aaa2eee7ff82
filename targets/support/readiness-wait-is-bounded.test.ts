import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { createServer, type Server } from 'node:net';
import { describe, expect, it } from 'vitest';
import { commandCheck, httpCheck, tcpCheck } from './readiness-checks.js';
import { NodeNotReadyError, waitUntilReady } from './readiness.js';

// The wait itself, against servers on loopback: it returns once a check passes, and gives up
// after its time or its attempts with the last thing the check said.

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

function listen<S extends Server | HttpServer>(server: S, port: number): Promise<S> {
  return new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve(server)));
}

async function rejection(promise: Promise<unknown>): Promise<NodeNotReadyError> {
  try {
    await promise;
  } catch (err) {
    expect(err).toBeInstanceOf(NodeNotReadyError);
    return err as NodeNotReadyError;
  }
  throw new Error('the wait did not give up');
}

describe('waitUntilReady', () => {
  it('returns once a server that starts late accepts TCP connections', async () => {
    const port = await freePort();
    const late = new Promise<Server>((resolve) =>
      setTimeout(
        () =>
          resolve(
            listen(
              createServer((s) => s.destroy()),
              port,
            ),
          ),
        300,
      ),
    );
    try {
      const ready = await waitUntilReady(tcpCheck({ host: '127.0.0.1', port }), { timeoutMs: 10_000, intervalMs: 50 });
      expect(ready.attempts).toBeGreaterThan(1);
      expect(ready.elapsedMs).toBeGreaterThanOrEqual(250);
    } finally {
      (await late).close();
    }
  });

  it('gives up after its time, saying what it waited for and what the last attempt said', async () => {
    const port = await freePort();
    const err = await rejection(waitUntilReady(tcpCheck({ host: '127.0.0.1', port }), { timeoutMs: 400, intervalMs: 50 }));
    expect(err.reason).toBe('timeout');
    expect(err.code).toBe('NODE_UNREACHABLE');
    expect(err.message).toMatch(
      new RegExp(`^TCP connect to 127\\.0\\.0\\.1:${port}: not ready within 400 ms \\(\\d+ attempts?; last: ECONNREFUSED 127\\.0\\.0\\.1:${port}\\)$`),
    );
  });

  it('gives up after its attempts, however much time is left', async () => {
    const port = await freePort();
    const err = await rejection(waitUntilReady(tcpCheck({ host: '127.0.0.1', port }), { timeoutMs: 60_000, attempts: 3, intervalMs: 10 }));
    expect(err.reason).toBe('attempts');
    expect(err.attempts).toBe(3);
    expect(err.elapsedMs).toBeLessThan(5_000);
  });

  it('aborts an attempt that hangs at its own timeout and tries again', async () => {
    let calls = 0;
    const ready = await waitUntilReady(
      async (signal) => {
        calls++;
        if (calls === 1) await new Promise(() => signal.throwIfAborted()); // never settles
        return true;
      },
      { attemptTimeoutMs: 200, timeoutMs: 10_000 },
    );
    expect(ready.attempts).toBe(2);
  });

  it('waits for an HTTP status: any 2xx by default, or the one asked for', async () => {
    let healthy = false;
    const port = await freePort();
    const server = await listen(
      createHttpServer((req, res) => {
        res.statusCode = req.url === '/health' && healthy ? 200 : 503;
        res.end();
      }),
      port,
    );
    try {
      setTimeout(() => (healthy = true), 300);
      const ready = await waitUntilReady(httpCheck(`http://127.0.0.1:${port}/health`), { timeoutMs: 10_000, intervalMs: 50 });
      expect(ready.attempts).toBeGreaterThan(1);
      const err = await rejection(waitUntilReady(httpCheck(`http://127.0.0.1:${port}/other`, { status: 200 }), { timeoutMs: 300, intervalMs: 50 }));
      expect(err.message).toMatch(/^GET http:\/\/127\.0\.0\.1:\d+\/other answering 200: not ready within 300 ms \(\d+ attempts?; last: status 503\)$/);
    } finally {
      server.close();
    }
  });

  it("waits for a command's exit 0, quoting what a failing one said", async () => {
    expect((await waitUntilReady(commandCheck('true', []))).attempts).toBe(1);
    const err = await rejection(waitUntilReady(commandCheck('sh', ['-c', 'echo not yet >&2; exit 3']), { attempts: 2, intervalMs: 10 }));
    expect(err.message).toMatch(/^`sh -c echo not yet >&2; exit 3` exiting 0: not ready after 2 attempts in \d+ ms; last: exit code 3: not yet$/);
  });

  it('stops when its signal aborts', async () => {
    const port = await freePort();
    const stop = new AbortController();
    setTimeout(() => stop.abort(), 200);
    const err = await rejection(waitUntilReady(tcpCheck({ host: '127.0.0.1', port }), { timeoutMs: 60_000, signal: stop.signal }));
    expect(err.reason).toBe('aborted');
  });
});
