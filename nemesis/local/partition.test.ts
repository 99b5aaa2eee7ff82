import { readFileSync } from 'node:fs';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { isolate } from '../grudge.js';
import { askProbe, waitForProbe } from '../test-support/probe-client.js';
import { faultPrerequisites } from '../test-support/prerequisites.js';
import { runtimeFixture } from '../test-support/runtime-fixture.js';
import { listFaultlineRules } from './iptables.js';

const prereq = await faultPrerequisites();

describe.skipIf(!prereq.ok)('partitions drop packets between node addresses, never from the harness', () => {
  const fixture = runtimeFixture();

  it('cuts n1 from n2 and n3 while the harness still reaches every node; heal restores the links', async () => {
    const runtime = fixture.create({ nodes: 3 });
    const [n1, n2, n3] = runtime.nodes;
    await Promise.all(runtime.nodes.map((n) => runtime.start(n.name)));
    await Promise.all(runtime.nodes.map((n) => waitForProbe(n)));
    expect(await askProbe(n1, `connect ${n2.host} ${n2.port}`)).toEqual({ ok: true, from: n1.host });

    await runtime.partition(isolate(['n1', 'n2', 'n3'], 'n1'));
    const rules = await listFaultlineRules();
    expect(rules).toContain(`-A INPUT -j ${runtime.chain}`);
    expect(rules.filter((r) => r.startsWith(`-A ${runtime.chain}`) && r.endsWith('-j DROP'))).toHaveLength(4);

    // Both directions fail: a SYN from n1 is dropped by n2, and n2's SYN-ACK would be dropped by n1.
    expect(await askProbe(n1, `connect ${n2.host} ${n2.port}`, 3000)).toEqual({ ok: false, error: 'timeout' });
    expect(await askProbe(n3, `connect ${n1.host} ${n1.port}`, 3000)).toEqual({ ok: false, error: 'timeout' });
    expect(await askProbe(n2, `connect ${n3.host} ${n3.port}`)).toMatchObject({ ok: true });
    for (const node of runtime.nodes) expect(await askProbe(node, 'ping')).toMatchObject({ pong: true });
    // Why nodes must bind their peer connections: left to itself, the kernel sends from
    // 127.0.0.1, the harness's address, which no partition cuts.
    expect(await askProbe(n1, `connect-unbound ${n2.host} ${n2.port}`)).toEqual({ ok: true, from: '127.0.0.1' });

    // A new grudge replaces the old one rather than adding to it.
    await runtime.partition({ n3: ['n2'] });
    expect(await askProbe(n1, `connect ${n2.host} ${n2.port}`)).toMatchObject({ ok: true });
    expect(await askProbe(n2, `connect ${n3.host} ${n3.port}`, 3000)).toEqual({ ok: false, error: 'timeout' });

    await runtime.heal();
    expect((await listFaultlineRules()).filter((r) => r.includes(runtime.chain))).toEqual([]);
    expect(await askProbe(n2, `connect ${n3.host} ${n3.port}`)).toMatchObject({ ok: true });
    expect(readFileSync(n3.logFile, 'utf8')).toMatch(/n3: partition: drops packets from n2/);
  });

  it('rejects a grudge naming an unknown node, before touching the firewall', async () => {
    const runtime = fixture.create({ nodes: 2 });
    await expect(runtime.partition({ n1: ['n5'] })).rejects.toThrow(/grudge\.n1\[0\]: "n5" is not one of n1, n2/);
    expect((await listFaultlineRules()).filter((r) => r.includes(runtime.chain))).toEqual([]);
  });

  it('two runtimes alive at once get different address blocks and separate chains', async () => {
    const a = fixture.create({ nodes: 2 });
    const b = fixture.create({ nodes: 2 });
    const blockOf = (host: string) => host.split('.')[2];
    expect(blockOf(a.nodes[0].host)).not.toBe(blockOf(b.nodes[0].host));
    expect(a.chain).not.toBe(b.chain);
    expect(a.chain.length).toBeLessThanOrEqual(28);
    await a.partition({ n1: ['n2'] });
    await b.heal();
    expect((await listFaultlineRules()).some((r) => r.includes(a.chain))).toBe(true);
    await a.stopAll();
    expect((await listFaultlineRules()).some((r) => r.includes(a.chain))).toBe(false);
  });

  it('heal removes the chain even when more than one rule jumps to it', async () => {
    const runtime = fixture.create({ nodes: 2 });
    await runtime.partition({ n1: ['n2'] });
    await execa('iptables', ['-w', '-A', 'OUTPUT', '-j', runtime.chain]);
    await runtime.heal();
    expect((await listFaultlineRules()).filter((r) => r.includes(runtime.chain))).toEqual([]);
  });
});
