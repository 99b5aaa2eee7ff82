import { createServer, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { JsonLineClient, serveJsonLines } from './json-lines.js';

describe('newline-delimited JSON requests', () => {
  const servers: Server[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
  });

  async function serve(handle: (request: Record<string, unknown>) => Promise<Record<string, unknown>>) {
    const server = createServer();
    servers.push(server);
    const sockets = serveJsonLines(server, () => ({ handle, close: () => undefined }));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as { port: number };
    return { port, sockets };
  }

  it('matches replies to requests by id, one session per connection, in order', async () => {
    const { port } = await serve(async (request) => ({ type: 'ok', value: (request.n as number) * 2 }));
    const client = await JsonLineClient.connect({ host: '127.0.0.1', port }, 2_000);
    const replies = await Promise.all([1, 2, 3].map((n) => client.request({ n })));
    expect(replies).toEqual([
      { type: 'ok', value: 2 },
      { type: 'ok', value: 4 },
      { type: 'ok', value: 6 },
    ]);
    client.close();
  });

  it('turns a handler that throws into an unknown outcome', async () => {
    const { port } = await serve(async () => {
      throw new Error('boom');
    });
    const client = await JsonLineClient.connect({ host: '127.0.0.1', port }, 2_000);
    expect(await client.request({})).toEqual({ type: 'info', error: 'boom' });
    client.close();
  });

  it('fails requests in flight when the connection closes, and gives up on an aborted one', async () => {
    const { port, sockets } = await serve(() => new Promise(() => undefined));
    const client = await JsonLineClient.connect({ host: '127.0.0.1', port }, 2_000);
    const abort = new AbortController();
    const abandoned = client.request({}, abort.signal);
    abort.abort();
    await expect(abandoned).rejects.toThrow(/abandoned/);
    const pending = client.request({});
    await new Promise((r) => setTimeout(r, 50));
    for (const socket of sockets) socket.destroy();
    await expect(pending).rejects.toThrow(/closed/);
    expect(client.closed).toBe(true);
  });
});
