import { createServer, type Server } from 'node:net';
import { describe, expect, it } from 'vitest';
import { dialAddress } from '../../core/runtime.js';
import { CONTAINER_CHAIN, EGRESS_CHAIN } from './netns-firewall.js';
import { dockerFixture } from './test-support/fixture.js';
import { dockerPrerequisites } from './test-support/prerequisites.js';
import { askNode, waitForNode } from './test-support/probe.js';

// An engine on another machine puts its containers where this one cannot route: the harness then
// reaches each node through a port the engine publishes on its own address, and every fault
// still acts inside the node's own network namespace. Here the local engine is made to work that
// way (access: 'published'; its address is then 127.0.0.1), which the remote-engine test repeats
// against a second engine in a network namespace of its own.

const prereq = await dockerPrerequisites();

async function listen(host: string): Promise<Server> {
  const server = createServer((socket) => socket.end('hello\n'));
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  return server;
}

describe.skipIf(!prereq.ok)('published access: nodes reached through the engine’s published ports', () => {
  const fixture = dockerFixture();

  it('dials each node at its published port; partitions, kill and restart act as with direct access', async () => {
    const runtime = await fixture.create({ nodes: 3, access: 'published' });
    const [n1, n2, n3] = runtime.nodes;
    expect(runtime.placement()).toMatchObject({ runtime: 'docker', access: 'published' });
    expect(runtime.harnessHost).toBeUndefined();
    for (const node of runtime.nodes) {
      expect(node.dial).toEqual({ host: '127.0.0.1', port: expect.any(Number) });
      expect(node.dial!.port).not.toBe(node.port);
    }
    await Promise.all(runtime.nodes.map((n) => runtime.start(n.name)));
    await Promise.all(runtime.nodes.map((n) => waitForNode(dialAddress(n))));
    expect(await askNode(dialAddress(n1), `connect ${n2.host} ${n2.port}`)).toEqual({ ok: true, from: n1.host });

    await runtime.partition({ n1: ['n2', 'n3'] });
    expect(await askNode(dialAddress(n3), `connect ${n1.host} ${n1.port}`, 3000)).toEqual({ ok: false, error: 'timeout' });
    // The harness is no node: its connections through the published port still get through.
    expect(await askNode(dialAddress(n1), 'ping')).toMatchObject({ pong: true, name: 'n1' });
    expect(await runtime.rules('n1')).toContain(`-A ${CONTAINER_CHAIN} -s ${n2.host}/32 -j DROP`);

    // The holder keeps the published port across the node's kill and restart.
    const before = n1.dial!.port;
    await runtime.kill('n1');
    await runtime.start('n1');
    await waitForNode(dialAddress(n1));
    expect(runtime.node('n1').dial!.port).toBe(before);
    expect(await askNode(dialAddress(n3), `connect ${n1.host} ${n1.port}`, 3000)).toEqual({ ok: false, error: 'timeout' });
    await runtime.heal();
    expect(await askNode(dialAddress(n3), `connect ${n1.host} ${n1.port}`)).toMatchObject({ ok: true });
  });

  it('a node cannot open connections to the engine’s host or out of the run’s subnet (the network is not internal, so that ports can be published)', async () => {
    const runtime = await fixture.create({ nodes: 1, access: 'published' });
    const [n1] = runtime.nodes;
    // Something listening on the engine host's address on the run network: without the egress
    // rules a node would reach it (and the engine's other services there).
    const server = await listen(runtime.network.gateway);
    try {
      await runtime.start('n1');
      await waitForNode(dialAddress(n1));
      expect(await runtime.rules('n1')).toEqual(expect.arrayContaining([`-A OUTPUT -j ${EGRESS_CHAIN}`, `-A ${EGRESS_CHAIN} -j DROP`]));
      const port = (server.address() as { port: number }).port;
      expect(await askNode(dialAddress(n1), `connect ${runtime.network.gateway} ${port}`, 3000)).toEqual({ ok: false, error: 'timeout' });
    } finally {
      server.close();
    }
  });
});
