import Docker from 'dockerode';
import { afterAll, describe, expect, it } from 'vitest';
import { ensureNodeImage } from './image/build.js';
import { readRunFile, runCli } from './test-support/cli-run.js';
import { dockerPrerequisites } from './test-support/prerequisites.js';

// A user's own target runs on --runtime docker once it declares what its nodes need inside a
// container: host programs (assembled into an image from this machine's files) or an image built
// elsewhere. The fixture is a register on a real redis-server, checked for linearizability while
// the nemesis pauses, kills and skews the server's container.

const prereq = await dockerPrerequisites();
const TARGET = new URL('./test-support/user-target/redis-register.ts', import.meta.url).pathname;
const USER_IMAGE = `faultline-user-test/redis:${process.pid}`;
const docker = new Docker();
afterAll(async () => {
  await docker
    .getImage(USER_IMAGE)
    .remove()
    .catch(() => undefined);
});

const ARGS = [
  'test',
  '--target',
  TARGET,
  '--runtime',
  'docker',
  '--nemesis',
  'pause,kill,clock',
  '--nemesis-interval',
  '1500ms',
  '--time-limit',
  '10',
  '--seed',
  '7',
];

describe.skipIf(!prereq.ok)('a user target on the Docker runtime', () => {
  it('declares host programs; they run in its container under pause, kill and clock faults, and test.json names the image', async () => {
    const run = await runCli(ARGS);
    expect(run.leftovers).toEqual({ runs: [], containers: 0, volumes: 0, networks: 0 });
    expect(run.verdict?.valid, run.stderr).toBe(true);
    expect(run.exitCode).toBe(0);
    const test = JSON.parse(readRunFile(run, 'test.json')) as {
      config: { runtime: string };
      placement: { runtime: string; access: string; nodes: { node: string; image: string }[] };
    };
    expect(test.config.runtime).toBe('docker');
    expect(test.placement).toMatchObject({
      runtime: 'docker',
      access: 'direct',
      nodes: [{ node: 'n1', image: expect.stringMatching(/^faultline-node:[0-9a-f]{16}$/) }],
    });
    const log = readRunFile(run, 'nodes/n1.log');
    expect(log).toMatch(/n1: start: redis-server --bind 10\./);
    // The faults reached the server we did not write (the node log's markers say what was done to
    // its container; which ones fall inside the time limit varies with the machine's speed): after
    // a kill it starts again from its append-only file.
    const done = ['kill container', 'pause container', 'clock offset'].filter((marker) => log.includes(`n1: ${marker}`));
    expect(done.length).toBeGreaterThan(0);
    if (done.includes('kill container')) expect(log).toMatch(/kill container [0-9a-f]{12} \(docker kill, SIGKILL\)[^]*Ready to accept connections/);
    expect(readRunFile(run, 'report.html')).toContain(test.placement.nodes[0].image);
  }, 300_000);

  it('names an image built elsewhere, which its node then runs', async () => {
    // Built here for the test, but the runtime knows it only by the name the target gives.
    const built = await ensureNodeImage({ needs: { paths: ['/usr/bin/redis-server'] } });
    await docker.getImage(built.tag).tag({ repo: USER_IMAGE.split(':')[0], tag: USER_IMAGE.split(':')[1] });
    const run = await runCli(ARGS, { env: { REDIS_REGISTER_IMAGE: USER_IMAGE } });
    expect(run.leftovers).toEqual({ runs: [], containers: 0, volumes: 0, networks: 0 });
    expect(run.verdict?.valid, run.stderr).toBe(true);
    const test = JSON.parse(readRunFile(run, 'test.json')) as { placement: { nodes: { image: string }[] } };
    expect(test.placement.nodes[0].image).toBe(USER_IMAGE);
  }, 300_000);

  it('a target whose nodes connect back to the harness is refused where containers cannot reach it', async () => {
    const run = await runCli(['test', '--target', 'redis-lock', '--runtime', 'docker'], { env: { FAULTLINE_DOCKER_ACCESS: 'published' } });
    expect(run.exitCode).toBe(254);
    expect(run.stderr.trim()).toMatch(
      /^faultline: runtime: this target's nodes connect back to the harness, which containers reached through ports the engine at \S+ publishes cannot reach; run it on a Docker engine on this machine \(direct access\)$/,
    );
    expect(run.leftovers).toEqual({ runs: [], containers: 0, volumes: 0, networks: 0 });
  });
});
