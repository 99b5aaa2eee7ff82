import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError } from '../../core/errors.js';
import type { NodeInfo } from '../../core/runtime.js';
import { KEEP_GROUP_LIBRARY } from './launcher/keep-group.js';
import { assertReachableByOthers, POSTGRES_LAUNCHER_ENTRY, postgresNodeCommand } from './launch.js';
import { removeStaleLockFiles } from './lock-file.js';

const scratch: string[] = [];
afterEach(() => {
  for (const dir of scratch.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function folder(mode = 0o755): string {
  const dir = mkdtempSync(join(tmpdir(), 'faultline-pg-launch-'));
  chmodSync(dir, mode);
  scratch.push(dir);
  return dir;
}

function nodeIn(runDir: string): NodeInfo {
  const dataDir = join(runDir, 'nodes', 'n1', 'data');
  mkdirSync(dataDir, { recursive: true });
  return { name: 'n1', host: '127.0.9.1', port: 5432, dataDir, logFile: join(runDir, 'nodes', 'n1.log') };
}

const options = { binDir: '/usr/lib/postgresql/15/bin', settings: [] };

describe('launching a postgres node', () => {
  it('runs the launcher as the postgres user the first time, the server itself once the data folder exists', () => {
    const node = nodeIn(folder());
    const first = postgresNodeCommand(node, [node], options);
    expect(first.user).toBe('postgres');
    expect(first.args).toContain(POSTGRES_LAUNCHER_ENTRY);
    expect(first.args.slice(first.args.indexOf('--data-dir'), first.args.indexOf('--data-dir') + 2)).toEqual(['--data-dir', node.dataDir]);

    writeFileSync(join(node.dataDir, 'PG_VERSION'), '15\n');
    writeFileSync(join(node.dataDir, '..', KEEP_GROUP_LIBRARY), '');
    const again = postgresNodeCommand(node, [node], options);
    expect(again.command).toBe('/usr/lib/postgresql/15/bin/postgres');
    expect(again.args.slice(0, 4)).toEqual(['-D', node.dataDir, '-h', '127.0.9.1']);
    expect(again.env?.LD_PRELOAD).toContain(join(node.dataDir, '..', KEEP_GROUP_LIBRARY));
    expect(again.user).toBe('postgres');
  });

  it('runs one server: PostgreSQL has no replication here to test', () => {
    const runDir = folder();
    const node = nodeIn(runDir);
    expect(() => postgresNodeCommand(node, [node, { ...node, name: 'n2' }], options)).toThrow(/the postgres target runs one server .* got 2 nodes/);
  });

  it('says when the postgres user could not reach the run folder', () => {
    const home = folder(0o700);
    const node = nodeIn(join(home, 'runs'));
    expect(() => postgresNodeCommand(node, [node], options)).toThrow(ConfigError);
    expect(() => assertReachableByOthers(node.dataDir, 'runsDir', 'advice')).toThrow(
      new RegExp(`runsDir: PostgreSQL runs as the postgres user, which cannot enter ${home} \\(mode 700\\); advice`),
    );
  });
});

describe('lock files a killed server left', () => {
  it('are removed when their server is gone, and kept while it runs', async () => {
    const dataDir = folder();
    // A live process standing in for the server: its command line names the data folder.
    const standIn = execa(process.execPath, ['-e', 'setTimeout(() => {}, 60000)', dataDir], { reject: false });
    try {
      writeFileSync(join(dataDir, 'postmaster.pid'), `${standIn.pid}\n${dataDir}\n`);
      writeFileSync(join(dataDir, '.s.PGSQL.5432.lock'), `${standIn.pid}\n${dataDir}\n`);
      expect(removeStaleLockFiles(dataDir)).toEqual([]);
    } finally {
      standIn.kill('SIGKILL');
      await standIn;
    }
    expect(removeStaleLockFiles(dataDir).sort()).toEqual(['.s.PGSQL.5432.lock', 'postmaster.pid']);
    // A pid now used by an unrelated process (here, this one) is not the server either.
    writeFileSync(join(dataDir, 'postmaster.pid'), `${process.pid}\n${dataDir}\n`);
    expect(removeStaleLockFiles(dataDir)).toEqual(['postmaster.pid']);
  });
});
