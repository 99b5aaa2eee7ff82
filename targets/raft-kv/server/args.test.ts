import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../core/errors.js';
import { parseNodeArgs } from './args.js';

const good = ['--id', 'n1', '--listen', '127.0.0.2:7000', '--peer', 'n2=127.0.0.3:7000', '--peer', 'n3=127.0.0.4:7000', '--data-dir', '/tmp/x'];

function problemWith(argv: string[]): ConfigError {
  try {
    parseNodeArgs(argv);
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error(`accepted ${argv.join(' ')}`);
}

describe('node command line', () => {
  it('reads the node, its peers, bugs and timings', () => {
    const config = parseNodeArgs([
      ...good,
      '--bug',
      'stale-read',
      '--bug',
      'no-fsync',
      '--election-timeout-ms',
      '500',
      '--heartbeat-ms',
      '20',
      '--snapshot-every',
      '99',
    ]);
    expect(config).toMatchObject({
      id: 'n1',
      host: '127.0.0.2',
      port: 7000,
      peers: [
        { id: 'n2', host: '127.0.0.3', port: 7000 },
        { id: 'n3', host: '127.0.0.4', port: 7000 },
      ],
      dataDir: '/tmp/x',
      bugs: ['stale-read', 'no-fsync'],
      electionTimeoutMs: 500,
      heartbeatMs: 20,
      snapshotEvery: 99,
      requestTimeoutMs: 1000,
    });
  });

  it.each([
    [['--id', 'n1', '--peer', 'n2=127.0.0.3:7000', '--data-dir', '/tmp/x'], '--listen'],
    [[...good.slice(2)], '--id'],
    [[...good, '--bug', 'sometimes-wrong'], '--bug'],
    [[...good, '--election-timeout-ms', 'soon'], '--election-timeout-ms'],
    [[...good, '--heartbeat-ms', '400'], '--heartbeat-ms'],
    [['--id', 'n1', '--listen', '127.0.0.2', '--data-dir', '/tmp/x'], '--listen'],
    [['--id', 'n1', '--listen', 'bad host:7000', '--data-dir', '/tmp/x'], '--listen'],
    [['--id', 'n1', '--listen', '127.0.0.2:70000', '--data-dir', '/tmp/x'], '--listen'],
    [[...good, '--peer', 'n2=127.0.0.9:7000'], '--peer'],
    [[...good, '--peer', '127.0.0.9:7000'], '--peer'],
    [[...good, '--verbose'], '--verbose'],
  ])('%j is refused, naming %s', (argv, flag) => {
    const err = problemWith(argv);
    expect(err.field).toBe(flag);
    expect(err.message).toContain(flag);
  });

  it('the node program exits with status 2 and names the bad flag', async () => {
    const main = fileURLToPath(new URL('./main.ts', import.meta.url));
    const result = await execa(process.execPath, ['--import', 'tsx', main, ...good, '--snapshot-every', '-5'], {
      reject: false,
      cwd: fileURLToPath(new URL('../../..', import.meta.url)),
    });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('--snapshot-every');
    expect(result.stderr).toContain('usage:');
  });
});
