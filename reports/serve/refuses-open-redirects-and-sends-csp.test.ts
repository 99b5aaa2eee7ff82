import { request } from 'node:http';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeReport } from '../build-report.js';
import { addRunFolder } from '../test-support/index.js';
import { startServer, type RunningServer } from './server.js';

// faultline serve never redirects to another host, whatever the path ("//name" is a
// protocol-relative URL to the host "name"), and every page carries the report's
// Content-Security-Policy as a header, the same policy report.html declares for itself.

function get(url: string, path: string): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  const { hostname, port } = new URL(url);
  return new Promise((ok, fail) => {
    const req = request({ host: hostname, port, path, method: 'GET' }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => ok({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', fail);
    req.end();
  });
}

describe('faultline serve: redirects and Content-Security-Policy', () => {
  let base: string;
  let server: RunningServer;
  let reportPolicy: string;

  beforeAll(async () => {
    base = await mkdtemp(join(tmpdir(), 'faultline-serve-'));
    const run = join(base, 'name', '20260101T000000');
    await addRunFolder(run, { results: { valid: true, checkers: {} } });
    await writeReport(run);
    await mkdir(join(base, 'evil.example'));
    await writeFile(join(run, 'target-wrote.html'), '<script>alert(1)</script>');
    reportPolicy = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/
      .exec(await readFile(join(run, 'report.html'), 'utf8'))![1]
      .replaceAll('&#39;', "'");
    server = await startServer({ runsDir: base, port: 0 });
  });

  afterAll(async () => {
    await server?.close();
    await rm(base, { recursive: true, force: true });
  });

  it.each(['//name', '//evil.example', '///evil.example', '//name/20260101T000000', '/name', '/%2Fname'])(
    'GET %s never redirects to another host',
    async (path) => {
      const res = await get(server.url, path);
      if (res.status >= 300 && res.status < 400) {
        const location = String(res.headers.location);
        expect(location).toMatch(/^\/[^/\\]/);
        expect(new URL(location, server.url).host).toBe(new URL(server.url).host);
      }
    },
  );

  it('redirects //name to /name/ on the same host', async () => {
    const res = await get(server.url, '//name');
    expect(res.status).toBe(301);
    expect(res.headers.location).toBe('/name/');
  });

  it.each(['/', '/name/', '/name/20260101T000000/', '/name/20260101T000000/report.html', '/name/20260101T000000/target-wrote.html', '/nothing-here'])(
    'GET %s carries the report’s Content-Security-Policy header',
    async (path) => {
      const res = await get(server.url, path);
      expect(res.headers['content-security-policy']).toBe(reportPolicy);
    },
  );

  it('the policy lets no script run but the report’s own', () => {
    expect(reportPolicy).toMatch(
      /^default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-[A-Za-z0-9+/=]+'; img-src data:; base-uri 'none'; form-action 'none'$/,
    );
  });
});
