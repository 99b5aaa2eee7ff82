import { describe, expect, it } from 'vitest';
import { nodeEndpoint, nodePort, peerAddress } from '../../targets/support/ports.js';
import type { NodeExit } from '../../core/runtime.js';
import { askProbe, waitForProbe } from '../test-support/probe-client.js';
import { faultPrerequisites } from '../test-support/prerequisites.js';
import { runtimeFixture } from '../test-support/runtime-fixture.js';

// A target that needs several ports per node (a client port and a peer port, say) names them;
// the local runtime hands out the same numbers on every node's own address, and tells whoever
// listens when a node's process ends, and how.

const prereq = await faultPrerequisites();

describe.skipIf(!prereq.ok)('the local runtime: named ports, and exits as they happen', () => {
  const fixture = runtimeFixture();

  it('every node listens on its main port and each named one; peers and the harness reach each of them', async () => {
    const runtime = fixture.create({ nodes: 2, basePort: 7000, ports: { peer: 7100, metrics: 'any' } });
    const [n1, n2] = runtime.nodes;
    expect(n1.ports).toEqual({ peer: 7100, metrics: 7001 });
    expect(n2.ports).toEqual(n1.ports);
    await Promise.all(runtime.nodes.map((n) => runtime.start(n.name)));
    for (const name of [undefined, 'peer', 'metrics']) await waitForProbe(nodeEndpoint(n1, name));
    expect(await askProbe(nodeEndpoint(n1, 'metrics'), 'ping')).toMatchObject({ pong: true, name: 'n1' });
    // n2 dials n1's peer port from its own address, as a peer would.
    await waitForProbe(nodeEndpoint(n2));
    const [host, port] = peerAddress(n1, 'peer').split(':');
    expect(await askProbe(nodeEndpoint(n2), `connect ${host} ${port}`)).toEqual({ ok: true, from: n2.host });
    expect(() => nodePort(n1, 'raft')).toThrow('node n1 has no port named "raft" (it has peer, metrics)');
  });

  it('tells its listeners of every exit: on its own with the code, by kill as expected', async () => {
    const runtime = fixture.create({ nodes: 2 });
    const seen: [string, NodeExit][] = [];
    const stop = runtime.onNodeExit((node, exit) => seen.push([node, exit]));
    await Promise.all(runtime.nodes.map((n) => runtime.start(n.name)));
    await Promise.all(runtime.nodes.map((n) => waitForProbe(n)));
    await askProbe(runtime.nodes[0], 'exit 7');
    await expect.poll(() => seen.length).toBe(1);
    await runtime.kill('n2');
    await expect.poll(() => seen.length).toBe(2);
    expect(seen).toEqual([
      ['n1', expect.objectContaining({ code: 7, signal: undefined, expected: false })],
      ['n2', expect.objectContaining({ signal: 'SIGKILL', expected: true })],
    ]);
    expect(runtime.lastExit('n1')).toEqual(seen[0][1]);
    stop();
    await runtime.start('n1');
    await runtime.kill('n1');
    expect(seen).toHaveLength(2);
  });
});
