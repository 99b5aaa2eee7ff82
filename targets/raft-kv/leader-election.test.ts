import { describe, expect, it } from 'vitest';
import type { NodeStatus } from './protocol/messages.js';
import { trackClusters } from './test-support/index.js';

const clusters = trackClusters();

describe('leader election', () => {
  it.each([3, 5])('a %i-node cluster elects one leader that every node follows', async (size) => {
    const cluster = await clusters.start({ size });
    await cluster.waitForLeader({ timeoutMs: 30_000 });

    const settled = (all: Record<string, NodeStatus | null>): boolean => {
      const statuses = Object.values(all);
      const first = statuses[0];
      return first !== null && first.leader !== null && statuses.every((s) => s?.leader === first.leader && s.term === first.term);
    };
    const statuses = Object.values(await cluster.waitForStatuses(settled, 20_000)) as NodeStatus[];
    const leaders = statuses.filter((s) => s.role === 'leader').map((s) => s.node);
    expect(leaders).toEqual([statuses[0].leader]);
  });
});
