import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { containerSpec } from './container-spec.js';
import { holderSpec } from './holder/holder.js';
import { dependencyClosure } from './image/package-code.js';
import type { RunNetwork } from './network.js';

// A node's container runs the target's command as given — an argument array, no shell — inside
// its holder's network namespace, with its volume at its folder and nothing of this machine
// mounted; the holder owns the address, the published port and the firewall capability.

const scratch = mkdtempSync(join(tmpdir(), 'faultline-spec-test-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const network: RunNetwork = { name: 'faultline-1-abc', id: 'x', subnet: '10.213.9.0/24', gateway: '10.213.9.1', address: (i) => `10.213.9.${i + 2}` };
const info = { name: 'n2', host: '10.213.9.3', port: 7000, dataDir: '/runs/r/nodes/n2/data', logFile: '/runs/r/nodes/n2.log' };

describe('containerSpec', () => {
  it('passes arguments through untouched, joins the holder, and preloads the clock library before any preload of the command', () => {
    const spec = containerSpec({
      runId: '1-abc',
      info,
      command: {
        command: '/usr/bin/node',
        args: ['server.js', '--name', 'a b; rm -rf /', '$(id)'],
        env: { LD_PRELOAD: '/lib/other.so', MODE: 'x' },
        user: 'postgres',
      },
      image: 'faultline-node:0123',
      holderId: 'abcdef',
      volume: 'faultline-1-abc-n2',
      labels: { 'faultline.run': '1-abc' },
      clockFile: '/runs/r/nodes/n2/clock/offset',
    });
    expect(spec.Cmd).toEqual(['/usr/bin/node', 'server.js', '--name', 'a b; rm -rf /', '$(id)']);
    expect(spec.Entrypoint).toEqual(['']);
    expect(spec.User).toBe('postgres');
    expect(spec.Env).toEqual(
      expect.arrayContaining([
        'LD_PRELOAD=/usr/lib/faultline/libfaultline-clock.so /lib/other.so',
        'FAULTLINE_CLOCK_FILE=/runs/r/nodes/n2/clock/offset',
        'MODE=x',
      ]),
    );
    expect(spec.name).toBe('faultline-1-abc-n2');
    expect(spec.WorkingDir).toBe(info.dataDir);
    expect(spec.Labels).toEqual({ 'faultline.run': '1-abc', 'faultline.node': 'n2', 'faultline.role': 'node' });
    expect(spec.HostConfig?.NetworkMode).toBe('container:abcdef');
    expect(spec.HostConfig?.Mounts).toEqual([{ Type: 'volume', Source: 'faultline-1-abc-n2', Target: '/runs/r/nodes/n2' }]);
    expect(spec.HostConfig?.CapAdd).toBeUndefined();
  });
});

describe('holderSpec', () => {
  it('owns the address and, for an engine elsewhere, publishes the node port on the engine’s address only', () => {
    const base = { runId: '1-abc', info, image: 'faultline-holder:0123', network, labels: { 'faultline.run': '1-abc' }, volume: 'faultline-1-abc-n2' };
    const direct = holderSpec(base);
    expect(direct.NetworkingConfig?.EndpointsConfig?.[network.name]).toEqual({ IPAMConfig: { IPv4Address: '10.213.9.3' } });
    expect(direct.Hostname).toBe('n2');
    expect(direct.HostConfig?.CapAdd).toEqual(['NET_ADMIN']);
    expect(direct.HostConfig?.PortBindings).toBeUndefined();
    expect(direct.Labels).toMatchObject({ 'faultline.node': 'n2', 'faultline.role': 'holder' });
    const published = holderSpec({ ...base, publishOn: '10.99.0.2' });
    expect(published.ExposedPorts).toEqual({ '7000/tcp': {} });
    expect(published.HostConfig?.PortBindings).toEqual({ '7000/tcp': [{ HostIp: '10.99.0.2', HostPort: '' }] });
  });
});

describe('dependencyClosure', () => {
  it('finds dependencies as Node would, nearest node_modules first, and leaves out what nothing needs', () => {
    const pkg = (dir: string, deps: Record<string, string> = {}) => {
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: dir, dependencies: deps }));
    };
    const root = join(scratch, 'project');
    pkg(root, { a: '1' });
    pkg(join(root, 'node_modules', 'a'), { b: '1' });
    // a's own copy of b wins over the hoisted one; c is a devDependency nobody needs at run time.
    pkg(join(root, 'node_modules', 'a', 'node_modules', 'b'), { d: '1' });
    pkg(join(root, 'node_modules', 'b'));
    pkg(join(root, 'node_modules', 'c'));
    pkg(join(root, 'node_modules', 'd'));
    expect(dependencyClosure(root, ['a'])).toEqual([join(root, 'node_modules', 'a'), join(root, 'node_modules', 'd')]);
  });
});
