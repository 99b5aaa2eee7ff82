import { request } from 'node:http';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from './server.js';

// The runs browser serves the runs folder and nothing else, whatever the path says.

/** A raw request: the path goes on the wire exactly as written, unlike a browser's or fetch's. */
function get(url: string, path: string): Promise<{ status: number; body: string; type: string | undefined }> {
  const { hostname, port } = new URL(url);
  return new Promise((ok, fail) => {
    const req = request({ host: hostname, port, path, method: 'GET' }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => ok({ status: res.statusCode ?? 0, body, type: res.headers['content-type'] }));
    });
    req.on('error', fail);
    req.end();
  });
}

describe('faultline serve: paths', () => {
  let base: string;
  let server: RunningServer;

  beforeAll(async () => {
    base = await mkdtemp(join(tmpdir(), 'faultline-serve-'));
    await mkdir(join(base, 'runs', 't', '20260101T000000'), { recursive: true });
    await writeFile(join(base, 'runs', 't', '20260101T000000', 'history.jsonl'), '{}\n');
    await writeFile(join(base, 'secret.txt'), 'SECRET\n');
    await symlink(join(base, 'secret.txt'), join(base, 'runs', 't', '20260101T000000', 'escape.txt'));
    await symlink(base, join(base, 'runs', 'up'));
    server = await startServer({ runsDir: join(base, 'runs'), port: 0 });
  });

  afterAll(async () => {
    await server?.close();
    await rm(base, { recursive: true, force: true });
  });

  it('listens on loopback only by default', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
  });

  it('serves a file inside the runs folder', async () => {
    const res = await get(server.url, '/t/20260101T000000/history.jsonl');
    expect(res).toMatchObject({ status: 200, body: '{}\n', type: 'text/plain; charset=utf-8' });
  });

  it.each([
    '/../secret.txt',
    '/t/../../secret.txt',
    '/%2e%2e/secret.txt',
    '/%2E%2E%2Fsecret.txt',
    '/t/..%2f..%2fsecret.txt',
    '/t/%2e%2e/%2e%2e/secret.txt',
    '/..%5csecret.txt',
    '/t/20260101T000000/escape.txt',
    '/up/secret.txt',
    '/up/',
  ])('refuses %s', async (path) => {
    const res = await get(server.url, path);
    expect([403, 404]).toContain(res.status);
    expect(res.body).not.toContain('SECRET');
  });

  it('answers bad encoding with 400 and unknown files with 404', async () => {
    expect((await get(server.url, '/%E0%A4%A')).status).toBe(400);
    expect((await get(server.url, '/t/nothing-here')).status).toBe(404);
  });

  it('lists folders inside the runs folder only', async () => {
    const res = await get(server.url, '/t/20260101T000000/');
    expect(res.status).toBe(200);
    expect(res.body).toContain('history.jsonl');
  });
});
