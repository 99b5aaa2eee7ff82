import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['{harness,checkers,targets,nemesis,reports,scripts}/**/*.test.ts'],
    // Cluster and browser tests share two cores with their own server processes;
    // generous timeouts keep a loaded CI machine from turning slowness into failures.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Suites that touch iptables, ports or the Docker daemon must not interleave.
    fileParallelism: true,
    maxWorkers: 2,
    minWorkers: 1,
  },
});
