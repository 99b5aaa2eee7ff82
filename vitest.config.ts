import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['{core,generators,harness,checkers,targets,nemesis,reports,scripts}/**/*.test.ts'],
    globalSetup: ['./vitest.global-setup.ts'],
    // Cluster and browser tests share two cores with their own server processes;
    // generous timeouts keep a loaded CI machine from turning slowness into failures.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Two files run at a time. Suites that touch iptables, addresses or the Docker daemon may
    // interleave: each run leases its own loopback address block, its own iptables chain and
    // labelled containers, so runs next door never see each other's nodes or rules.
    fileParallelism: true,
    maxWorkers: 2,
    minWorkers: 1,
  },
});
