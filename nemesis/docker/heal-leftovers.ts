import type Docker from 'dockerode';
import { errorMessage } from '../../core/errors.js';
import { isAlive } from '../local/proc.js';
import { connectToDaemon } from './daemon.js';
import { LABEL, harnessMachine, parseOwnerLabel } from './labels.js';
import { listRuns, removeRun } from './remove-run.js';

// `faultline heal` for the Docker runtime (the engine DOCKER_HOST names): every container, volume
// and network labelled by a run whose harness is gone (SIGKILL, OOM, a crashed machine's reboot)
// is removed. A run whose harness is alive is left alone unless asked, so healing never breaks a
// run in progress next door; so is a run a harness on another machine started, since whether it
// lives can only be told there.

export interface DockerHealOptions {
  /** Also remove runs whose harness is still alive (default false). */
  includeLive?: boolean;
  /** A dockerode client (default: DOCKER_HOST or the local socket). */
  docker?: Docker;
}

export interface DockerHealReport {
  /** Run ids whose containers, volumes and networks were removed. */
  runs: string[];
  /** Container names removed. */
  containers: string[];
  /** Network names removed. */
  networks: string[];
  /** Volume names removed. */
  volumes: string[];
  /** Runs left alone because their harness is alive (or runs on another machine, `host`). */
  live: { run: string; ownerPid: number; host?: string }[];
  /** Why nothing was looked at (no daemon answers); not a problem on a machine without Docker. */
  skipped?: string;
  /** What could not be done, and why. */
  problems: string[];
}

export async function healDockerLeftovers(options: DockerHealOptions = {}): Promise<DockerHealReport> {
  const report: DockerHealReport = { runs: [], containers: [], networks: [], volumes: [], live: [], problems: [] };
  let docker: Docker;
  try {
    docker = await connectToDaemon(options.docker);
  } catch (err) {
    report.skipped = errorMessage(err);
    return report;
  }
  let runs: Map<string, Record<string, string>>;
  try {
    runs = await listRuns(docker);
  } catch (err) {
    report.problems.push(`cannot list faultline containers and networks: ${errorMessage(err)}`);
    return report;
  }
  for (const [run, labels] of runs) {
    const owner = parseOwnerLabel(labels[LABEL.owner]);
    const host = labels[LABEL.host];
    if (owner && host !== undefined && host !== harnessMachine() && !options.includeLive) {
      report.live.push({ run, ownerPid: owner.pid, host });
      continue;
    }
    // Without an owner we can check, the run is someone else's or damaged: treat it as dead.
    if (owner && isAlive(owner) && !options.includeLive) {
      report.live.push({ run, ownerPid: owner.pid });
      continue;
    }
    try {
      const removal = await removeRun(docker, run);
      report.containers.push(...removal.containers);
      report.networks.push(...removal.networks);
      report.volumes.push(...removal.volumes);
      report.problems.push(...removal.problems.map((p) => `run ${run}: ${p}`));
      if (removal.problems.length === 0) report.runs.push(run);
    } catch (err) {
      report.problems.push(`run ${run}: ${errorMessage(err)}`);
    }
  }
  return report;
}
