import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import { checkRoute, routeSource } from './route-check.js';

// Before the harness dials a node it asks the kernel which way a packet would go (a connected UDP
// socket: nothing is sent). Loopback, the run's own bridge here, and the engine the user named
// pass; an address with no route, or whose route leaves through another interface, is refused.
// The addresses below are documentation ranges (TEST-NET-2): no packet is ever sent to them.

const root = process.getuid?.() === 0;
const BLACKHOLED = '198.51.100.77';
afterAll(async () => {
  if (root) await execa('ip', ['route', 'del', 'blackhole', `${BLACKHOLED}/32`], { reject: false });
});

describe('checkRoute', () => {
  it('lets loopback and the named engine through', async () => {
    await expect(checkRoute('n1', { host: '127.0.0.5', port: 7000 }, {})).resolves.toBeUndefined();
    await expect(checkRoute('n1', { host: '198.51.100.9', port: 32768 }, { engineHost: '198.51.100.9' })).resolves.toBeUndefined();
    expect(await routeSource('127.0.0.5')).toBe('127.0.0.1');
  });

  it('refuses an address whose route leaves this machine, naming the node and the source it would use', async () => {
    let source: string;
    try {
      source = await routeSource('198.51.100.78');
    } catch {
      // No default route on this machine: nothing could leave, and the next test covers "no route".
      return;
    }
    await expect(checkRoute('n2', { host: '198.51.100.78', port: 7000 }, { gateway: '10.213.9.1' })).rejects.toThrow(
      `nemesis/docker: refusing to dial node n2 at 198.51.100.78: the route leaves this machine from ${source}, not over the run's own network (gateway 10.213.9.1)`,
    );
  });

  it.skipIf(!root)('refuses an address with no route (a blackhole, as tests give subnets of engines elsewhere)', async () => {
    await execa('ip', ['route', 'add', 'blackhole', `${BLACKHOLED}/32`]);
    await expect(checkRoute('n3', { host: BLACKHOLED, port: 7000 }, {})).rejects.toThrow(
      /refusing to dial node n3 at 198\.51\.100\.77: this machine has no route to it \((.*EINVAL.*|the route gives no source address.*)\)/,
    );
  });
});
