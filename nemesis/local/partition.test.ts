import { readFileSync } from 'node:fs';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { isolate } from '../grudge.js';
import { listRules, NODE_CHAIN } from '../netns/firewall.js';
import { askProbe, waitForProbe } from '../test-support/probe-client.js';
import { faultPrerequisites } from '../test-support/prerequisites.js';
import { runtimeFixture } from '../test-support/runtime-fixture.js';

const prereq = await faultPrerequisites();

/** The node's fault rules, as iptables -S prints them inside its namespace. */
async function faultRules(netns: string): Promise<string[]> {
  return (await listRules(netns)).filter((r) => r.includes(NODE_CHAIN));
}

describe.skipIf(!prereq.ok)('partitions cut every packet between nodes, whatever address a server dials from; never the harness', () => {
  const fixture = runtimeFixture();

  it('cuts n1 from n2 and n3, bound or not, while the harness still reaches every node; heal restores the links', async () => {
    const runtime = fixture.create({ nodes: 3 });
    const [n1, n2, n3] = runtime.nodes;
    await Promise.all(runtime.nodes.map((n) => runtime.start(n.name)));
    await Promise.all(runtime.nodes.map((n) => waitForProbe(n)));
    // Left to choose, the kernel sends from the node's only address: there is no 127.0.0.1 between
    // nodes, and no IPv6 address on their link, which IPv4 rules would not cut.
    expect(await askProbe(n1, `connect-unbound ${n2.host} ${n2.port}`)).toEqual({ ok: true, from: n1.host });
    expect((await execa('nsenter', [`--net=${runtime.netnsOf('n1')}`, '--', 'ip', '-6', 'addr', 'show', 'dev', 'eth0'])).stdout).toBe('');

    await runtime.partition(isolate(['n1', 'n2', 'n3'], 'n1'));
    // The rules live in each receiving node's own namespace, the harness's address first.
    expect(await faultRules(runtime.netnsOf('n1'))).toEqual([
      `-N ${NODE_CHAIN}`,
      `-A INPUT -j ${NODE_CHAIN}`,
      `-A ${NODE_CHAIN} -s ${runtime.harnessHost}/32 -j RETURN`,
      `-A ${NODE_CHAIN} -s ${n2.host}/32 -j DROP`,
      `-A ${NODE_CHAIN} -s ${n3.host}/32 -j DROP`,
    ]);
    // …and none on the host, where other runs and the machine's own traffic live.
    const hostRules = (await execa('iptables', ['-w', '-S'])).stdout.split('\n');
    expect(hostRules.filter((rule) => runtime.nodes.some((n) => rule.includes(n.host)))).toEqual([]);

    // Both directions fail, bound to the node's address or not.
    for (const how of ['connect', 'connect-unbound']) {
      expect(await askProbe(n1, `${how} ${n2.host} ${n2.port}`, 3000)).toEqual({ ok: false, error: 'timeout' });
      expect(await askProbe(n3, `${how} ${n1.host} ${n1.port}`, 3000)).toEqual({ ok: false, error: 'timeout' });
    }
    expect(await askProbe(n2, `connect-unbound ${n3.host} ${n3.port}`)).toMatchObject({ ok: true });
    for (const node of runtime.nodes) expect(await askProbe(node, 'ping')).toMatchObject({ pong: true });

    // A new grudge replaces the old one rather than adding to it.
    await runtime.partition({ n3: ['n2'] });
    expect(await askProbe(n1, `connect-unbound ${n2.host} ${n2.port}`)).toMatchObject({ ok: true });
    expect(await askProbe(n2, `connect-unbound ${n3.host} ${n3.port}`, 3000)).toEqual({ ok: false, error: 'timeout' });
    expect(await faultRules(runtime.netnsOf('n1'))).toEqual([]);

    await runtime.heal();
    for (const node of runtime.nodes) expect(await faultRules(runtime.netnsOf(node.name))).toEqual([]);
    expect(await askProbe(n2, `connect-unbound ${n3.host} ${n3.port}`)).toMatchObject({ ok: true });
    expect(readFileSync(n3.logFile, 'utf8')).toMatch(/n3: partition: drops packets from n2/);
  });

  it('a partition stays in force across a kill and restart of the node (its namespace is the node’s, not the process’s)', async () => {
    const runtime = fixture.create({ nodes: 2 });
    const [n1, n2] = runtime.nodes;
    await Promise.all(runtime.nodes.map((n) => runtime.start(n.name)));
    await Promise.all(runtime.nodes.map((n) => waitForProbe(n)));
    await runtime.partition({ n2: ['n1'] });
    await runtime.kill('n2');
    await runtime.start('n2');
    await waitForProbe(n2);
    expect(await askProbe(n1, `connect-unbound ${n2.host} ${n2.port}`, 3000)).toEqual({ ok: false, error: 'timeout' });
    await runtime.heal();
    expect(await askProbe(n1, `connect-unbound ${n2.host} ${n2.port}`)).toMatchObject({ ok: true });
  });

  it('rejects a grudge naming an unknown node, before touching any namespace', async () => {
    const runtime = fixture.create({ nodes: 2 });
    await expect(runtime.partition({ n1: ['n5'] })).rejects.toThrow(/grudge\.n1\[0\]: "n5" is not one of n1, n2/);
    expect(await faultRules(runtime.netnsOf('n1'))).toEqual([]);
  });

  it('two runtimes alive at once get different subnets, bridges and namespaces, and cannot reach each other', async () => {
    const a = fixture.create({ nodes: 2 });
    const b = fixture.create({ nodes: 2 });
    expect(a.subnet).not.toBe(b.subnet);
    expect(a.bridge).not.toBe(b.bridge);
    expect(a.netnsOf('n1')).not.toBe(b.netnsOf('n1'));
    await Promise.all([...a.nodes.map((n) => a.start(n.name)), ...b.nodes.map((n) => b.start(n.name))]);
    await Promise.all([...a.nodes, ...b.nodes].map((n) => waitForProbe(n)));
    // A node has no route beyond its own bridge.
    expect(await askProbe(a.nodes[0], `connect-unbound ${b.nodes[0].host} ${b.nodes[0].port}`)).toMatchObject({ ok: false, error: 'ENETUNREACH' });
    await a.partition({ n1: ['n2'] });
    await b.heal();
    expect(await faultRules(a.netnsOf('n1'))).not.toEqual([]);
  });
});
