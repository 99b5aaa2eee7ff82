import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { postgresAvailable, runCli, usePostgresRunsDir } from './test-support/index.js';

// `faultline audit postgres` on a short setting reproduces what PostgreSQL is known to do:
// read committed allows lost updates, read skew and write skew; repeatable read allows write
// skew only; serializable allows none; no level allows dirty reads or writes.

const runsDir = usePostgresRunsDir();

describe.skipIf(!postgresAvailable)('faultline audit postgres', () => {
  it('shows each anomaly where PostgreSQL allows it, names the runs that prove it, and exits 0', async () => {
    const cwd = runsDir();
    const cli = await runCli(cwd, ['audit', 'postgres', '--time-limit', '9s', '--workloads', 'list-append,counter', '--seed', '41', '--json']);
    const audit = JSON.parse(cli.out);
    const cell = (level: string, anomaly: string) => audit.levels[level][anomaly];
    const observed = (level: string) => Object.keys(audit.levels[level]).filter((a) => audit.levels[level][a].observed);

    for (const anomaly of ['lost-update', 'G-single', 'G2-item']) expect(cell('read-committed', anomaly).observed, anomaly).toBe(true);
    expect(cell('read-committed', 'G-single').run).toMatch(/^runs\/postgres-list-append-read-committed\/\d{8}T\d{6}/);
    expect(cell('repeatable-read', 'G2-item').observed).toBe(true);
    expect(cell('repeatable-read', 'lost-update')).toMatchObject({ observed: false, forbidden: true });
    expect(cell('repeatable-read', 'G-single')).toMatchObject({ observed: false, forbidden: true });
    expect(cell('repeatable-read', 'G-single').transactions).toBeGreaterThan(100);
    expect(observed('serializable')).toEqual([]);
    for (const level of ['read-uncommitted', 'read-committed', 'repeatable-read', 'serializable']) {
      for (const dirty of ['G0', 'G1a', 'G1b']) expect(cell(level, dirty), `${dirty} at ${level}`).toMatchObject({ observed: false, forbidden: true });
      // Nothing crashed, so nothing can be said about durability.
      expect(cell(level, 'lost-commit').transactions).toBe(0);
    }
    expect(audit.promises).toEqual({
      'read-uncommitted': 'read-committed',
      'read-committed': 'read-committed',
      'repeatable-read': 'snapshot-isolation',
      serializable: 'serializable',
    });
    expect(audit).toMatchObject({ kept: true, exitCode: 0, violations: [] });
    expect(cli.code).toBe(0);

    // The same object is in the audit folder, next to audit.html, and the proving run has a report.
    const auditRoot = join(cwd, 'runs', 'audit-postgres');
    const [folder] = readdirSync(auditRoot);
    expect(JSON.parse(readFileSync(join(auditRoot, folder, 'audit.json'), 'utf8'))).toEqual(audit);
    const html = readFileSync(join(auditRoot, folder, 'audit.html'), 'utf8');
    // Links are relative to audit.html, two folders below runs/.
    expect(html).toContain(`href="../../${cell('read-committed', 'G-single').run.replace(/^runs\//, '')}/report.html"`);
    expect(existsSync(join(cwd, cell('read-committed', 'G-single').run, 'results.json'))).toBe(true);
    // The initdb template the runs copied is gone.
    expect(readdirSync(join(auditRoot, folder)).sort()).toEqual(['audit.html', 'audit.json']);
  }, 600_000);

  it('prints the matrix for people, and names bad arguments', async () => {
    const cli = await runCli(runsDir(), ['audit', 'postgres', '--levels', 'serializable', '--workloads', 'counter', '--time-limit', '2s']);
    expect(cli.out).toMatch(/^lost-update\s+✓ not observed in \d+$/m);
    expect(cli.out).toMatch(/verdict: every level kept its promise/);
    expect(cli.code).toBe(0);
    const bad = await runCli(runsDir(), ['audit', 'postgres', '--levels', 'snapshot']);
    expect(bad.code).toBe(254);
    expect(bad.err).toMatch(/levels: expected isolation levels from/);
    const setting = await runCli(runsDir(), ['audit', 'postgres', '--pg-setting', 'port=1']);
    expect(setting.code).toBe(254);
    expect(setting.err).toMatch(/pg-setting: port is set by faultline/);
    const other = await runCli(runsDir(), ['audit', 'raft-kv']);
    expect(other.code).toBe(254);
    // The audit is a capability a target offers; raft-kv offers none.
    expect(other.err).toMatch(/target: target raft-kv offers no audit \(targets that do: postgres\)/);
  }, 300_000);
});
