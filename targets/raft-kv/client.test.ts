import { createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { isFaultlineError } from '../../core/errors.js';
import { RaftKvClient } from './client.js';
import { encodeFrame, FrameDecoder } from './protocol/framing.js';

// A stand-in node on 127.0.0.1 that does whatever a test tells it with each request.
type Behaviour = (request: Record<string, unknown>, socket: Socket) => void;

const servers: Server[] = [];
const clients: RaftKvClient[] = [];
afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.close()));
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

async function fakeNode(behaviour: Behaviour): Promise<number> {
  const server = createServer((socket) => {
    socket.setEncoding('utf8');
    socket.on('error', () => {});
    const decoder = new FrameDecoder();
    let greeted = false;
    socket.on('data', (chunk: string) =>
      decoder.push(chunk, (frame) => {
        if (!greeted) greeted = true;
        else behaviour(frame as Record<string, unknown>, socket);
      }),
    );
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as { port: number }).port;
}

function client(port: number, timeoutMs = 300): RaftKvClient {
  const c = new RaftKvClient({ host: '127.0.0.1', port, timeoutMs });
  clients.push(c);
  return c;
}

describe('raft-kv client outcomes', () => {
  it('maps answers: ok, definite error to fail, indefinite error to info', async () => {
    const port = await fakeNode((request, socket) => {
      const id = request.id;
      if (request.op === 'write') socket.write(encodeFrame({ id, ok: true, value: request.value, node: 'n1' }));
      if (request.op === 'cas') socket.write(encodeFrame({ id, ok: false, error: 'cas-mismatch', definite: true, node: 'n1' }));
      if (request.op === 'append') socket.write(encodeFrame({ id, ok: false, error: 'timeout: not committed', definite: false, node: 'n1' }));
    });
    const c = client(port);
    expect(await c.write('k', 'v')).toEqual({ type: 'ok', value: 'v', node: 'n1' });
    expect(await c.cas('k', 'a', 'b')).toEqual({ type: 'fail', error: 'cas-mismatch', node: 'n1' });
    expect(await c.append('k', 'x')).toEqual({ type: 'info', error: 'timeout: not committed', node: 'n1' });
  });

  it('a request that got no answer in time is info; a late answer is ignored', async () => {
    const port = await fakeNode((request, socket) => {
      setTimeout(() => socket.write(encodeFrame({ id: request.id, ok: true, value: 'late', node: 'n1' })), 500);
    });
    const c = client(port, 100);
    expect(await c.write('k', 1)).toMatchObject({ type: 'info', error: expect.stringContaining('timeout') });
  });

  it('a connection lost with the request in flight is info; the next request reconnects', async () => {
    let calls = 0;
    const port = await fakeNode((request, socket) => {
      calls++;
      if (calls === 1) socket.destroy();
      else socket.write(encodeFrame({ id: request.id, ok: true, value: null, node: 'n1' }));
    });
    const c = client(port);
    expect(await c.write('k', 1)).toMatchObject({ type: 'info', error: expect.stringContaining('lost') });
    expect(await c.read('k')).toEqual({ type: 'ok', value: null, node: 'n1' });
  });

  it('a node that refuses the connection never saw the request: fail', async () => {
    const port = await fakeNode(() => {});
    await new Promise((resolve) => servers.pop()?.close(resolve));
    const c = client(port);
    expect(await c.write('k', 1)).toMatchObject({ type: 'fail', error: expect.stringContaining('ECONNREFUSED') });
    await expect(RaftKvClient.connect({ host: '127.0.0.1', port })).rejects.toThrow(/ECONNREFUSED/);
  });

  it('refuses bad keys and values before sending, naming them', async () => {
    const c = client(1);
    const problem = (fn: () => unknown): string => {
      try {
        fn();
      } catch (err) {
        expect(isFaultlineError(err) && err.code).toBe('BAD_ARGUMENT');
        return (err as Error).message;
      }
      return 'accepted';
    };
    expect(problem(() => c.write({} as never, 1))).toMatch(/key/);
    expect(problem(() => c.cas('k', 1, null as never))).toMatch(/"to"|to must/);
    expect(problem(() => new RaftKvClient({ host: '127.0.0.1', port: 0 }))).toMatch(/port/);
  });
});
