import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../core/errors.js';
import { BASE_SETTINGS, formatLauncherArgs, parseLauncherArgs, postgresArgs, type LauncherArgs } from './args.js';

const args: LauncherArgs = {
  dataDir: '/tmp/runs/pg/20260101T000000/nodes/n1/data',
  host: '127.0.5.1',
  port: 5433,
  binDir: '/usr/lib/postgresql/15/bin',
  settings: [{ name: 'synchronous_commit', value: 'off' }],
};

describe('the launcher command line', () => {
  it('reads back exactly what the target wrote', () => {
    expect(parseLauncherArgs(formatLauncherArgs(args))).toEqual({
      ...args,
      prepareOnly: false,
      keepGroup: true,
      trustAnyHost: false,
      freshPidNamespace: false,
    });
    expect(parseLauncherArgs(formatLauncherArgs({ ...args, keepGroup: false })).keepGroup).toBe(false);
    expect(parseLauncherArgs(formatLauncherArgs({ ...args, prepareOnly: true })).prepareOnly).toBe(true);
  });

  it('names a missing, unknown or bad flag', () => {
    expect(() => parseLauncherArgs(['--data-dir', '/d'])).toThrow(ConfigError);
    expect(() => parseLauncherArgs(['--data-dir', '/d'])).toThrow(/--(host|port): is required/);
    expect(() => parseLauncherArgs([...formatLauncherArgs(args), '--bogus', 'x'])).toThrow(/--bogus: unknown launcher flag/);
    expect(() => parseLauncherArgs(formatLauncherArgs({ ...args, port: 70000 }))).toThrow(/--port: must be a port number/);
  });
});

describe('the server command line', () => {
  it("listens on the node's own address and port, with its socket in the data folder", () => {
    const argv = postgresArgs(args);
    expect(argv.slice(0, 8)).toEqual(['-D', args.dataDir, '-h', '127.0.5.1', '-p', '5433', '-k', args.dataDir]);
  });

  it("puts the user's settings after faultline's, so the user's win", () => {
    const argv = postgresArgs({ ...args, settings: [{ name: 'deadlock_timeout', value: '1s' }] });
    const settings = argv.slice(8);
    expect(settings.slice(0, BASE_SETTINGS.length * 2)).toEqual(BASE_SETTINGS.flatMap((s) => ['-c', `${s.name}=${s.value}`]));
    expect(settings.slice(-2)).toEqual(['-c', 'deadlock_timeout=1s']);
    expect(BASE_SETTINGS.map((s) => s.name)).toContain('dynamic_shared_memory_type');
  });

  it('gives the server no unix socket when the path would be too long for one', () => {
    const deep = `/tmp/${'x'.repeat(100)}/data`;
    const argv = postgresArgs({ ...args, dataDir: deep });
    expect(argv[argv.indexOf('-k') + 1]).toBe('');
  });
});
