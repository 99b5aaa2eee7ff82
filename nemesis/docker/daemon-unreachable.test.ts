import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Docker from 'dockerode';
import { afterAll, describe, expect, it } from 'vitest';
import { FaultlineError } from '../../core/errors.js';
import { DockerRuntime, healDockerLeftovers } from '../docker.js';
import { probeCommand } from '../test-support/probe-client.js';

// Without a daemon the runtime fails at once with an error that says where it looked and how to
// start one; heal, which also runs on machines without Docker, skips Docker and says why.

const scratch = mkdtempSync(join(tmpdir(), 'faultline-docker-test-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
const nowhere = () => new Docker({ socketPath: join(scratch, 'no-docker.sock') });

describe('with no Docker daemon answering', () => {
  it('DockerRuntime.create names the socket and scripts/start-dockerd, and creates nothing', async () => {
    const attempt = DockerRuntime.create({ runDir: join(scratch, 'run'), nodes: 3, command: (node) => probeCommand(node), docker: nowhere() });
    await expect(attempt).rejects.toBeInstanceOf(FaultlineError);
    await expect(attempt).rejects.toMatchObject({ code: 'UNSUPPORTED' });
    await expect(attempt).rejects.toThrow(
      /the Docker daemon does not answer at unix:\/\/.*no-docker\.sock \(.*ENOENT.*\); start it with scripts\/start-dockerd/,
    );
    expect(readdirSync(scratch)).toEqual([]);
  });

  it('healDockerLeftovers reports Docker as skipped, not as a problem', async () => {
    const report = await healDockerLeftovers({ docker: nowhere() });
    expect(report.skipped).toMatch(/scripts\/start-dockerd/);
    expect(report.problems).toEqual([]);
    expect(report.runs).toEqual([]);
  });
});
