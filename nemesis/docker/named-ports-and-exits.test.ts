import { describe, expect, it } from 'vitest';
import { nodeEndpoint, peerAddress } from '../../targets/support/ports.js';
import type { NodeExit } from '../../core/runtime.js';
import { dockerFixture } from './test-support/fixture.js';
import { dockerPrerequisites } from './test-support/prerequisites.js';
import { askNode, waitForNode } from './test-support/probe.js';

// Named ports on the Docker runtime: the same numbers in every node's container; on an engine
// the harness cannot route to (published access, here the local engine made to work that way),
// each named port is also published on a port the engine's host has free. And the runtime tells
// its listeners when a node's container stops, and how.

const prereq = await dockerPrerequisites();

describe.skipIf(!prereq.ok)('the Docker runtime: named ports, and exits as they happen', () => {
  const fixture = dockerFixture();

  it('publishes every named port on an engine reached through published ports; peers use the numbers, the harness the published ports', async () => {
    const runtime = await fixture.create({ nodes: 2, access: 'published', ports: { peer: 7100, metrics: 'any' } });
    const [n1, n2] = runtime.nodes;
    expect(n1.ports).toEqual({ peer: 7100, metrics: 7001 });
    expect(Object.keys(n1.dialPorts ?? {})).toEqual(['peer', 'metrics']);
    const published = [n1.dial!.port, n1.dialPorts!.peer.port, n1.dialPorts!.metrics.port, n2.dial!.port, n2.dialPorts!.peer.port];
    expect(new Set(published).size).toBe(published.length);
    expect(runtime.placement().nodes[0]).toMatchObject({ ports: { peer: `${n1.host}:7100`, metrics: `${n1.host}:7001` } });
    await Promise.all(runtime.nodes.map((n) => runtime.start(n.name)));
    for (const name of [undefined, 'peer', 'metrics']) await waitForNode(nodeEndpoint(n1, name));
    expect(nodeEndpoint(n1, 'peer')).toEqual({ host: '127.0.0.1', port: n1.dialPorts!.peer.port });
    expect(await askNode(nodeEndpoint(n1, 'metrics'), 'ping')).toMatchObject({ pong: true, name: 'n1' });
    await waitForNode(nodeEndpoint(n2));
    const [host, port] = peerAddress(n1, 'peer').split(':');
    expect(await askNode(nodeEndpoint(n2), `connect ${host} ${port}`)).toEqual({ ok: true, from: n2.host });
  });

  it('with direct access, the harness dials the named ports at the node’s own address', async () => {
    const runtime = await fixture.create({ nodes: 1, ports: { peer: 7100 } });
    const [n1] = runtime.nodes;
    expect(n1.dialPorts).toBeUndefined();
    expect(nodeEndpoint(n1, 'peer')).toEqual({ host: n1.host, port: 7100 });
    await runtime.start('n1');
    await waitForNode(nodeEndpoint(n1, 'peer'));
  });

  it('tells its listeners when a container stops on its own (with its exit code) or is killed', async () => {
    const runtime = await fixture.create({ nodes: 2 });
    const seen: [string, NodeExit][] = [];
    runtime.onNodeExit((node, exit) => seen.push([node, exit]));
    await Promise.all(runtime.nodes.map((n) => runtime.start(n.name)));
    await Promise.all(runtime.nodes.map((n) => waitForNode(n)));
    await askNode(runtime.nodes[0], 'exit 7');
    await expect.poll(() => seen.length, { timeout: 15_000 }).toBe(1);
    await runtime.kill('n2');
    await expect.poll(() => seen.length, { timeout: 15_000 }).toBe(2);
    expect(seen).toEqual([
      ['n1', expect.objectContaining({ code: 7, expected: false })],
      ['n2', expect.objectContaining({ code: 137, expected: true })],
    ]);
    expect(runtime.lastExit('n1')).toEqual(seen[0][1]);
  });
});
