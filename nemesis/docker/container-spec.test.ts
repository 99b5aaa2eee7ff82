import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { codeFolders, containerSpec } from './container-spec.js';
import type { RunNetwork } from './network.js';

// A node's container runs the target's command as given — an argument array, no shell — at a
// fixed address, seeing this package and its dependencies read-only and its own data read-write.

const scratch = mkdtempSync(join(tmpdir(), 'faultline-spec-test-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const network: RunNetwork = { name: 'faultline-1-abc', id: 'x', subnet: '10.213.9.0/24', gateway: '10.213.9.1', address: (i) => `10.213.9.${i + 2}` };
const info = { name: 'n2', host: '10.213.9.3', port: 7000, dataDir: '/runs/r/nodes/n2/data', logFile: '/runs/r/nodes/n2.log' };

describe('containerSpec', () => {
  it('passes arguments through untouched and preloads the clock library before any preload of the command', () => {
    const spec = containerSpec({
      runId: '1-abc',
      info,
      command: { command: '/usr/bin/node', args: ['server.js', '--name', 'a b; rm -rf /', '$(id)'], env: { LD_PRELOAD: '/lib/other.so', MODE: 'x' } },
      image: 'faultline-node:0123',
      network,
      labels: { 'faultline.run': '1-abc' },
      packageRoot: scratch,
      clockFile: '/runs/r/nodes/n2/clock/offset',
      clockDir: '/runs/r/nodes/n2/clock',
    });
    expect(spec.Cmd).toEqual(['/usr/bin/node', 'server.js', '--name', 'a b; rm -rf /', '$(id)']);
    expect(spec.Entrypoint).toEqual(['']);
    expect(spec.Env).toEqual(
      expect.arrayContaining([
        'LD_PRELOAD=/usr/lib/faultline/libfaultline-clock.so /lib/other.so',
        'FAULTLINE_CLOCK_FILE=/runs/r/nodes/n2/clock/offset',
        'MODE=x',
      ]),
    );
    expect(spec.name).toBe('faultline-1-abc-n2');
    expect(spec.WorkingDir).toBe(info.dataDir);
    expect(spec.Labels).toEqual({ 'faultline.run': '1-abc', 'faultline.node': 'n2' });
    expect(spec.NetworkingConfig?.EndpointsConfig?.[network.name]).toEqual({ IPAMConfig: { IPv4Address: '10.213.9.3' } });
    expect(spec.HostConfig?.Mounts).toEqual([
      { Type: 'bind', Source: scratch, Target: scratch, ReadOnly: true },
      { Type: 'bind', Source: info.dataDir, Target: info.dataDir, ReadOnly: false },
      { Type: 'bind', Source: '/runs/r/nodes/n2/clock', Target: '/runs/r/nodes/n2/clock', ReadOnly: false },
    ]);
  });
});

describe('codeFolders', () => {
  it('adds node_modules folders above the package, once, as Node would search them', () => {
    // project/node_modules/faultline is an installed copy; its dependencies sit in project/node_modules.
    const installed = join(scratch, 'project', 'node_modules', 'faultline');
    mkdirSync(join(installed, 'node_modules'), { recursive: true });
    // (Only folders under scratch: the machine may have node_modules folders further up.)
    const ours = (dirs: string[]) => dirs.filter((dir) => dir.startsWith(scratch));
    expect(ours(codeFolders(installed))).toEqual([join(scratch, 'project', 'node_modules')]);
    const checkout = join(scratch, 'checkout');
    mkdirSync(join(checkout, 'node_modules'), { recursive: true });
    expect(ours(codeFolders(checkout))).toEqual([checkout]);
  });
});
