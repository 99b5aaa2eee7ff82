import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addRunFolder, EVIL } from '../test-support/index.js';
import { startServer, type RunningServer } from './server.js';

describe('faultline serve: the runs listing', () => {
  let runs: string;
  let server: RunningServer;

  beforeAll(async () => {
    runs = await mkdtemp(join(tmpdir(), 'faultline-runs-'));
    await addRunFolder(join(runs, 'alpha', '20260101T000000'), { results: { valid: true, checkers: {} } });
    await addRunFolder(join(runs, 'beta', '20260301T120000'), { results: { valid: false, checkers: {} } });
    await addRunFolder(join(runs, 'alpha', '20260201T000000'), { results: { valid: 'unknown', checkers: {} }, test: { config: { seed: EVIL } } });
    server = await startServer({ runsDir: runs, port: 0 });
  });

  afterAll(async () => {
    await server?.close();
    await rm(runs, { recursive: true, force: true });
  });

  it('lists every run newest first with its verdict and links', async () => {
    const body = await (await fetch(server.url)).text();
    const order = [...body.matchAll(/<td>(\d{4}-\d{2}-\d{2} [\d:]+ UTC)<\/td><td><span class="pill (\w+)">/g)].map((m) => [m[1], m[2]]);
    expect(order).toEqual([
      ['2026-03-01 12:00:00 UTC', 'invalid'],
      ['2026-02-01 00:00:00 UTC', 'unknown'],
      ['2026-01-01 00:00:00 UTC', 'valid'],
    ]);
    expect(body).toContain('href="/beta/20260301T120000/results.json"');
    expect(body).not.toContain(EVIL);
  });

  it('says so when the runs folder is empty', async () => {
    const empty = await mkdtemp(join(tmpdir(), 'faultline-runs-'));
    const other = await startServer({ runsDir: empty, port: 0 });
    try {
      expect(await (await fetch(other.url)).text()).toContain('No runs in');
    } finally {
      await other.close();
      await rm(empty, { recursive: true, force: true });
    }
  });
});
