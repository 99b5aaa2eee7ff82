import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import type Docker from 'dockerode';
import { ConfigError, FaultlineError } from '../../core/errors.js';
import { identify } from '../local/proc.js';
import type { NodeInfo } from '../../core/runtime.js';
import { NodeClocks } from './clocks.js';
import { connectToDaemon } from './daemon.js';
import { describeEngine, type Engine } from './engine.js';
import { NodeHolder, volumeName } from './holder/holder.js';
import { ensureHolderImage, ensureNodeImage, requireImage } from './image/build.js';
import { LABEL, runLabels } from './labels.js';
import { layOutNodes } from './layout.js';
import { createRunNetwork, type RunNetwork } from './network.js';
import { egressRules } from './netns-firewall.js';
import type { ResolvedDockerOptions } from './options.js';
import { removeRun } from './remove-run.js';
import { checkRoute } from './route-check.js';

// Everything a Docker run needs before its first node starts, in order: the engine (and where it
// is), the images, the run's network, each node's volume and holder (whose published port, on an
// engine elsewhere, is where the harness will dial the node), and a check of the route to every
// address the harness will dial. What was made is removed again if a later step fails.

export interface RunSetUp {
  id: string;
  labels: Record<string, string>;
  docker: Docker;
  engine: Engine;
  access: 'direct' | 'published';
  image: string;
  holderImage: string;
  network: RunNetwork;
  nodes: NodeInfo[];
  holders: Map<string, NodeHolder>;
  clocks: NodeClocks | undefined;
}

export async function setUpRun(resolved: ResolvedDockerOptions, client: Docker | undefined): Promise<RunSetUp> {
  const runDir = resolve(resolved.runDir);
  const owner = identify(process.pid);
  if (!owner) throw new FaultlineError('UNSUPPORTED', 'nemesis/docker: /proc is not readable; this runtime needs Linux');
  const docker = await connectToDaemon(client);
  const engine = await describeEngine(docker);
  const access = resolved.access === 'auto' ? (engine.local ? 'direct' : 'published') : resolved.access;
  if (access === 'published' && resolved.needs.reachesHarness) {
    const where = engine.local
      ? `reached through ports the engine at ${engine.address} publishes`
      : `of the Docker engine at ${engine.address}, on another machine,`;
    throw new ConfigError(
      'runtime',
      `this target's nodes connect back to the harness, which containers ${where} cannot reach; run it on a Docker engine on this machine (direct access)`,
    );
  }
  const [holderImage, image] = await Promise.all([
    ensureHolderImage({ docker, log: resolved.log }),
    resolved.image !== undefined
      ? requireImage(docker, resolved.image).then(() => resolved.image as string)
      : ensureNodeImage({ docker, needs: resolved.needs, log: resolved.log }).then((built) => built.tag),
  ]);
  const id = `${process.pid}-${randomBytes(3).toString('hex')}`;
  const labels = runLabels(id, owner, runDir);
  const network = await createRunNetwork(docker, `faultline-${id}`, labels, { internal: access === 'direct', avoidHostRoutes: engine.local });
  try {
    const publishOn = access === 'published' ? (engine.host ?? '127.0.0.1') : undefined;
    const bare = layOutNodes(resolved.names, network, runDir, resolved.port, resolved.ports);
    const holders = new Map<string, NodeHolder>();
    await Promise.all(
      bare.map(async (info) => {
        const volume = volumeName(id, info.name);
        await docker.createVolume({ Name: volume, Labels: { ...labels, [LABEL.node]: info.name } });
        holders.set(info.name, await NodeHolder.start(docker, { runId: id, info, image: holderImage.tag, network, labels, volume, publishOn }));
      }),
    );
    const nodes = layOutNodes(resolved.names, network, runDir, resolved.port, resolved.ports, (i) =>
      publishOn === undefined ? undefined : (port) => ({ host: publishOn, port: holders.get(resolved.names[i])!.publishedPort(port)! }),
    );
    if (access === 'published') {
      await Promise.all(
        [...holders.values()].map((h) => h.restore(egressRules(network.subnet, network.gateway), 'keep its connections inside the run network')),
      );
    }
    const clocks = resolved.clockSkew ? new NodeClocks(holders) : undefined;
    if (clocks) await Promise.all(nodes.map((info) => clocks.prepare(info)));
    // Before anything of the harness connects to a node: never dial an address whose route leaves this machine.
    for (const info of nodes) {
      for (const endpoint of [info.dial ?? info, ...Object.values(info.dialPorts ?? {})]) {
        await checkRoute(info.name, endpoint, { gateway: access === 'direct' ? network.gateway : undefined, engineHost: publishOn });
      }
    }
    return { id, labels, docker, engine, access, image, holderImage: holderImage.tag, network, nodes, holders, clocks };
  } catch (err) {
    await removeRun(docker, id).catch(() => undefined);
    throw err;
  }
}
