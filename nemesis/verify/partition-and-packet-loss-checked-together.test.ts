import { describe, expect, it } from 'vitest';
import { nemesisOn } from '../test-support/nemesis-on.js';
import { faultPrerequisites } from '../test-support/prerequisites.js';
import { runtimeFixture } from '../test-support/runtime-fixture.js';

// A knock needs packets both ways, so it cannot tell a cut from a lost packet. With a partition
// and packet loss in force at once, the check of each allows for the other: a link behind a cut
// says nothing of the loss (it is neither verified by its silence nor failed for it), and a
// partition's cut or heal on a lossy link is judged from many knocks rather than one.
// (Found in a --runtime docker run with --nemesis packet,partition: the loss was "verified" by a
// ring partition's cuts, and its removal "not verified" for the same reason.)

const prereq = await faultPrerequisites();

describe.skipIf(!prereq.ok)('partition and packet loss checked together', () => {
  const fixture = runtimeFixture();

  it('packet loss on links a partition cuts is neither verified nor failed by their silence; a heal on lossy links is verified', async () => {
    const runtime = fixture.create({ nodes: 3 });
    const { perform } = await nemesisOn(runtime, ['partition', 'packet'], { packet: { loss: 0.2 } });
    // n1 cut off from n2 and n3, both ways; n2↔n3 untouched.
    const cut = await perform('start-partition', { n1: ['n2', 'n3'], n2: ['n1'], n3: ['n1'] });
    expect(cut.effect.outcome, JSON.stringify(cut.effect)).toBe('verified');

    const started = await perform('start-packet', { targets: ['n2'], behaviour: { loss: 0.2 } });
    const byLink = new Map(started.effect.checks.map((c) => [c.subject, c]));
    expect(byLink.get('n2→n1')).toMatchObject({
      outcome: 'unverified',
      detail: 'n2→n1 is also cut by the partition in force, so its knocks say nothing of the packet loss',
    });
    expect(byLink.get('n2→n3')?.outcome, JSON.stringify(started.effect)).toBe('verified');

    // Healing the partition with the loss still in force: n1's links to n2 are lossy, and are
    // judged from many knocks, so the heal is verified however the single knocks fall.
    const healed = await perform('stop-partition', null);
    expect(healed.effect.outcome, JSON.stringify(healed.effect)).toBe('verified');

    const stopped = await perform('stop-packet', null);
    expect(stopped.effect.outcome, JSON.stringify(stopped.effect)).toBe('verified');
  }, 120_000);
});
