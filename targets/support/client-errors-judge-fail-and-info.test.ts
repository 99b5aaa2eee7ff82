import { connect, createServer, type Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { classifyError, errorClassifier, errorCompletion, Refusal } from './client-errors.js';

// Socket errors made by the kernel (a refused connection, a reset after the request was
// written), not constructed by hand, and how each is judged.

function socketError(port: number, afterConnect?: (socket: Socket) => void): Promise<NodeJS.ErrnoException> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => afterConnect?.(socket));
    socket.once('error', (err) => resolve(err));
  });
}

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('client errors judged fail (certainly not applied) or info (maybe applied)', () => {
  it('a refused connection is fail: nothing was sent on it', async () => {
    const err = await socketError(await closedPort());
    expect(err.code).toBe('ECONNREFUSED');
    expect(classifyError(err)).toBe('fail');
    expect(errorCompletion(err)).toEqual({ type: 'fail', error: err.message });
  });

  it('a reset after the request was written is info: the server may have acted on it', async () => {
    const server = createServer((socket) => socket.once('data', () => socket.resetAndDestroy()));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const err = await socketError((server.address() as { port: number }).port, (socket) => socket.write('SET x 1\r\n'));
      expect(err.code).toBe('ECONNRESET');
      expect(classifyError(err, { sent: true })).toBe('info');
    } finally {
      server.close();
    }
  });

  it('a timeout, an abort and an unknown error are info; an explicit Refusal is fail', () => {
    expect(classifyError(new Error('Command timed out'))).toBe('info');
    expect(classifyError(new DOMException('The operation was aborted', 'AbortError'))).toBe('info');
    expect(classifyError('something odd')).toBe('info');
    expect(classifyError(new Refusal('cas-mismatch'))).toBe('fail');
  });

  it('anything is fail when the caller knows the request never left', () => {
    expect(classifyError(Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }), { sent: false })).toBe('fail');
    expect(classifyError(new Error('timeout'), { sent: false })).toBe('fail');
  });

  it("a classifier's own rules come before the defaults", () => {
    const replyError = Object.assign(new Error('READONLY You can’t write against a read only replica.'), { name: 'ReplyError' });
    const redis = errorClassifier([
      { name: 'ReplyError', outcome: 'fail', why: 'Redis answered with an error' },
      { message: "Stream isn't writeable", outcome: 'fail', why: 'no offline queue: never sent' },
      { code: 'ECONNREFUSED', outcome: 'info', why: 'this client resends on reconnect' },
    ]);
    expect(redis(replyError)).toBe('fail');
    expect(classifyError(replyError)).toBe('info');
    expect(redis(new Error("Stream isn't writeable and enableOfflineQueue options is false"))).toBe('fail');
    expect(redis(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }))).toBe('info');
  });
});
