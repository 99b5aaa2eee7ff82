import { afterEach } from 'vitest';
import { RaftCluster, type RaftClusterOptions } from './raft-cluster.js';

// Every cluster a test starts is stopped after it, pass or fail; a failed test first prints
// the tail of each node's log, which is usually where the explanation is.

export interface ClusterTracker {
  start(options: RaftClusterOptions): Promise<RaftCluster>;
}

export function trackClusters(): ClusterTracker {
  const started: RaftCluster[] = [];
  afterEach(async (context) => {
    const clusters = started.splice(0);
    if (context.task.result?.state === 'fail') {
      for (const cluster of clusters) process.stderr.write(`\n${cluster.logs()}\n`);
    }
    await Promise.all(clusters.map((cluster) => cluster.stop()));
  });
  return {
    async start(options) {
      const cluster = await RaftCluster.start(options);
      started.push(cluster);
      return cluster;
    },
  };
}
