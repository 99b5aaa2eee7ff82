import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../core/errors.js';
import { LocalRuntime } from '../../nemesis/local.js';
import type { NodeInfo } from '../../core/runtime.js';
import { RaftKvClient } from './client.js';
import { raftNodeCommand } from './launch.js';
import { waitForLeader } from './wait-for-leader.js';

function member(name: string, host: string, port: number, dir: string): NodeInfo {
  return { name, host, port, dataDir: join(dir, name), logFile: join(dir, `${name}.log`) };
}

describe('raftNodeCommand', () => {
  it('from sources: node with the tsx loader by absolute URL, main.ts, the node and its peers', () => {
    const cluster = [member('n1', '127.0.0.2', 7000, '/d'), member('n2', '127.0.0.3', 7000, '/d'), member('n3', '127.0.0.4', 7001, '/d')];
    const command = raftNodeCommand(cluster[0], cluster, { bugs: ['lease-read'], electionTimeoutMs: 400 });
    expect(command.command).toBe(process.execPath);
    expect(command.args[0]).toBe('--import');
    expect(command.args[1]).toMatch(/^file:\/\/\/.*\/node_modules\/tsx\/dist\/loader\.mjs$/);
    expect(command.args[2]).toBe(fileURLToPath(new URL('./server/main.ts', import.meta.url)));
    expect(command.args.slice(3)).toEqual([
      '--id',
      'n1',
      '--listen',
      '127.0.0.2:7000',
      '--data-dir',
      '/d/n1',
      '--peer',
      'n2=127.0.0.3:7000',
      '--peer',
      'n3=127.0.0.4:7001',
      '--bug',
      'lease-read',
      '--election-timeout-ms',
      '400',
    ]);
  });

  it('refuses unknown bugs and bad timings, naming the option', () => {
    const cluster = [member('n1', '127.0.0.2', 7000, '/d')];
    expect(() => raftNodeCommand(cluster[0], cluster, { bugs: ['flaky' as never] })).toThrow(ConfigError);
    expect(() => raftNodeCommand(cluster[0], cluster, { heartbeatMs: 2.5 })).toThrow(/heartbeatMs/);
    expect(() => raftNodeCommand(member('n9', '127.0.0.9', 1, '/d'), cluster)).toThrow(/not a member/);
  });

  it('the command starts a working node from any working directory', async () => {
    const runDir = mkdtempSync(join(tmpdir(), 'raft-kv-launch-'));
    const runtime = new LocalRuntime({ runDir, nodes: 1, command: (node, cluster) => ({ ...raftNodeCommand(node, cluster), cwd: '/' }) });
    const [solo] = runtime.nodes;
    const client = new RaftKvClient({ host: solo.host, port: solo.port });
    try {
      await runtime.start(solo.name);
      expect((await waitForLeader(runtime.nodes, { timeoutMs: 30_000 })).leader).toBe(solo.name);
      expect(await client.write('k', 'v')).toMatchObject({ type: 'ok', node: solo.name });
    } finally {
      await client.close();
      await runtime.stopAll();
      rmSync(runDir, { recursive: true, force: true });
    }
  });
});

describe('waitForLeader', () => {
  it('gives up after its timeout with an error naming every unreachable node', async () => {
    const nobody = [member('n1', '127.0.0.1', 1, '/d'), member('n2', '127.0.0.1', 2, '/d')];
    await expect(waitForLeader(nobody, { timeoutMs: 300 })).rejects.toThrow(
      /^raft-kv: a leader agreed by a majority: not ready within 300 ms \(\d+ attempts?; last: unreachable: n1, n2; .*n2 \(127\.0\.0\.1:2\): unreachable: .*ECONNREFUSED/,
    );
  });
});
