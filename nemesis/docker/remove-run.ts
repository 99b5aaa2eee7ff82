import { setTimeout as sleep } from 'node:timers/promises';
import type Docker from 'dockerode';
import { engineMessage, engineStatus } from './daemon.js';
import { LABEL, labelFilter } from './labels.js';

// Removing a run is removing what carries its label: containers first (forced, which kills them
// even when paused; their network namespaces and partition rules go with them), then the nodes'
// volumes and the network, which the engine refuses to remove while a container still uses them.

export interface RunRemoval {
  /** Container names removed. */
  containers: string[];
  /** Network names removed. */
  networks: string[];
  /** Volume names removed. */
  volumes: string[];
  problems: string[];
}

const NETWORK_ATTEMPTS = 5;

export async function removeRun(docker: Docker, runId: string): Promise<RunRemoval> {
  const removal: RunRemoval = { containers: [], networks: [], volumes: [], problems: [] };
  const containers = await docker.listContainers({ all: true, filters: labelFilter(runId) });
  await Promise.all(
    containers.map(async (info) => {
      const name = (info.Names?.[0] ?? info.Id).replace(/^\//, '');
      try {
        await docker.getContainer(info.Id).remove({ force: true });
        removal.containers.push(name);
      } catch (err) {
        if (engineStatus(err) === 404) return;
        // 409 "removal already in progress": whoever started it finishes it.
        if (engineStatus(err) === 409 && /already in progress/.test(engineMessage(err))) return;
        removal.problems.push(`container ${name}: ${engineMessage(err)}`);
      }
    }),
  );
  const { Volumes: volumes } = await docker.listVolumes({ filters: labelFilter(runId) });
  for (const info of volumes ?? []) {
    const problem = await retried(() => docker.getVolume(info.Name).remove());
    if (problem) removal.problems.push(`volume ${info.Name}: ${problem}`);
    else removal.volumes.push(info.Name);
  }
  const networks = await docker.listNetworks({ filters: labelFilter(runId) });
  for (const info of networks) {
    const problem = await retried(() => docker.getNetwork(info.Id).remove());
    if (problem) removal.problems.push(`network ${info.Name}: ${problem}`);
    else removal.networks.push(info.Name);
  }
  return removal;
}

/** Removes a network or volume, waiting briefly for containers being removed to let go of it. */
async function retried(remove: () => Promise<unknown>): Promise<string | undefined> {
  let last = '';
  for (let attempt = 0; attempt < NETWORK_ATTEMPTS; attempt++) {
    try {
      await remove();
      return undefined;
    } catch (err) {
      if (engineStatus(err) === 404) return undefined;
      last = engineMessage(err);
      await sleep(200 * (attempt + 1));
    }
  }
  return last;
}

/** Every run id that has a labelled container, network or volume, with the labels of one of them. */
export async function listRuns(docker: Docker): Promise<Map<string, Record<string, string>>> {
  const runs = new Map<string, Record<string, string>>();
  const containers = await docker.listContainers({ all: true, filters: labelFilter() });
  const networks = await docker.listNetworks({ filters: labelFilter() });
  const { Volumes: volumes } = await docker.listVolumes({ filters: labelFilter() });
  const all = [...containers.map((c) => c.Labels), ...networks.map((n) => n.Labels ?? {}), ...(volumes ?? []).map((v) => v.Labels ?? {})];
  for (const labels of all) {
    const run = labels?.[LABEL.run];
    if (run && !runs.has(run)) runs.set(run, labels);
  }
  return runs;
}
