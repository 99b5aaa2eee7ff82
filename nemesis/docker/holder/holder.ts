import { dirname } from 'node:path';
import type { Readable } from 'node:stream';
import type Docker from 'dockerode';
import { FaultlineError } from '../../../core/errors.js';
import type { ProbeResult, ProbeTarget } from '../../netns/probe-links.js';
import { PROBE_PORT } from '../../netns/probe-links.js';
import type { NodeInfo } from '../../../core/runtime.js';
import { engineMessage } from '../daemon.js';
import { execIn, type ExecResult } from '../exec.js';
import { HOLDER_PROGRAM } from '../image/plan.js';
import { LABEL } from '../labels.js';
import type { RunNetwork } from '../network.js';

// A node's holder: a container that does nothing (faultline-pod hold) but own what must outlive
// the node's own container and stay reachable while the node is paused or killed — its network
// namespace (address, published port, firewall) and a mount of its folder. The node's container
// joins the namespace (NetworkMode container:<holder>) and mounts the same volume, as a
// Kubernetes pod's containers share its sandbox. Everything the runtime does to the network or
// the files goes through `docker exec` here, over the engine's API, so it works the same against
// an engine on another machine, and on a paused node.

export interface HolderInput {
  runId: string;
  info: NodeInfo;
  image: string;
  network: RunNetwork;
  labels: Record<string, string>;
  /** The node's volume, mounted at its folder (the data folder's parent). */
  volume: string;
  /** Publish the node's port on this address of the engine's host (a remote engine). */
  publishOn?: string;
}

export function holderName(runId: string, node: string): string {
  return `faultline-${runId}-${node}-holder`;
}

export function volumeName(runId: string, node: string): string {
  return `faultline-${runId}-${node}`;
}

/** The node's folder inside its containers: where the volume is mounted. */
export function nodeFolder(info: Pick<NodeInfo, 'dataDir'>): string {
  return dirname(info.dataDir);
}

/** The node's main port and its named ones (NodeInfo.ports): what a remote engine publishes. */
function nodePorts(info: NodeInfo): number[] {
  return [info.port, ...Object.values(info.ports ?? {})];
}

export function holderSpec(input: HolderInput): Docker.ContainerCreateOptions {
  const { info, network } = input;
  const ports = nodePorts(info).map((port) => `${port}/tcp`);
  return {
    name: holderName(input.runId, info.name),
    Image: input.image,
    Entrypoint: [''],
    Cmd: [HOLDER_PROGRAM, 'hold'],
    Hostname: info.name,
    Labels: { ...input.labels, [LABEL.node]: info.name, [LABEL.role]: 'holder' },
    ...(input.publishOn !== undefined ? { ExposedPorts: Object.fromEntries(ports.map((port) => [port, {}])) } : {}),
    HostConfig: {
      NetworkMode: network.name,
      // iptables in the namespace this container owns; nothing else.
      CapAdd: ['NET_ADMIN'],
      Mounts: [{ Type: 'volume', Source: input.volume, Target: nodeFolder(info) }],
      RestartPolicy: { Name: 'no' },
      // HostPort '' lets the engine pick, on its host, a port nothing listens on.
      ...(input.publishOn !== undefined ? { PortBindings: Object.fromEntries(ports.map((port) => [port, [{ HostIp: input.publishOn, HostPort: '' }]])) } : {}),
    },
    NetworkingConfig: { EndpointsConfig: { [network.name]: { IPAMConfig: { IPv4Address: info.host } } } },
  };
}

export class NodeHolder {
  private constructor(
    private readonly docker: Docker,
    readonly node: string,
    readonly id: string,
    /** The host's pid of faultline-pod (meaningful for an engine on this machine only). */
    readonly pid: number | undefined,
    /** The engine host's port that reaches each of the node's ports (main and named), when published. */
    readonly publishedPorts: ReadonlyMap<number, number>,
  ) {}

  /** Creates the volume's mount and the container, starts it, and learns its published port. */
  static async start(docker: Docker, input: HolderInput): Promise<NodeHolder> {
    const name = input.info.name;
    let container: Docker.Container;
    try {
      container = await docker.createContainer(holderSpec(input));
      await container.start();
    } catch (err) {
      throw new FaultlineError('RUN_FAILED', `nemesis/docker: cannot start the holder container of ${name}: ${engineMessage(err)}`, { cause: err });
    }
    const inspected = await container.inspect();
    const published = new Map<number, number>();
    for (const port of nodePorts(input.info)) {
      const bindings = inspected.NetworkSettings?.Ports?.[`${port}/tcp`] ?? [];
      const hostPort = bindings.length > 0 ? Number(bindings[0].HostPort) : undefined;
      if (hostPort !== undefined && hostPort > 0) published.set(port, hostPort);
      else if (input.publishOn !== undefined) {
        throw new FaultlineError('RUN_FAILED', `nemesis/docker: the engine published no port for ${name}'s ${port}/tcp on ${input.publishOn}`);
      }
    }
    const pid = inspected.State?.Pid;
    return new NodeHolder(docker, name, container.id, pid && pid > 0 ? pid : undefined, published);
  }

  /** The engine host's port that reaches `port` of the node (its main port by default), when published. */
  publishedPort(port: number): number | undefined {
    return this.publishedPorts.get(port);
  }

  /** Runs faultline-pod with these arguments; throws with its stderr when it fails. */
  async pod(args: readonly string[], what: string): Promise<void> {
    const result = await execIn(this.docker, this.id, [HOLDER_PROGRAM, ...args]);
    if (result.code !== 0) {
      throw new FaultlineError('RUN_FAILED', `nemesis/docker: cannot ${what} for ${this.node}: ${result.stderr.trim() || `exit code ${result.code}`}`);
    }
  }

  /** Feeds iptables-restore (--noflush) in the node's namespace; retried once for nft's transaction races. */
  async restore(lines: readonly string[], what: string): Promise<void> {
    try {
      await this.pod(['restore', ...lines], what);
    } catch {
      await this.pod(['restore', ...lines], what);
    }
  }

  /** Writes a file in the node's folder atomically (rename), with `mode` (default 0644). */
  async write(file: string, text: string, what: string, mode?: number): Promise<void> {
    await this.pod(['write', file, text, ...(mode === undefined ? [] : [mode.toString(8)])], what);
  }

  /** A file in the node's folder from byte `from` on ('' when it is missing or shorter). */
  async read(file: string, from: number): Promise<string> {
    const result = await execIn(this.docker, this.id, [HOLDER_PROGRAM, 'read', file, String(from)]);
    if (result.code === 3) return '';
    if (result.code !== 0)
      throw new FaultlineError('RUN_FAILED', `nemesis/docker: cannot read ${file} of ${this.node}: ${result.stderr.trim() || `exit code ${result.code}`}`);
    return result.stdout;
  }

  /**
   * Knocks on each target from inside the node's network namespace (the holder shares it with
   * the node, and runs while the node is paused or killed): a connection or a reset is an answer,
   * nothing within `timeoutMs` is silence.
   */
  async knock(targets: readonly ProbeTarget[], timeoutMs: number): Promise<ProbeResult[]> {
    if (targets.length === 0) return [];
    const args = targets.flatMap((t) => [t.host, String(t.port ?? PROBE_PORT), String(t.count ?? 1)]);
    const result = await execIn(this.docker, this.id, [HOLDER_PROGRAM, 'knock', String(timeoutMs), ...args], timeoutMs + 15_000);
    if (result.code !== 0) throw new Error(`the knock from ${this.node}'s holder failed: ${result.stderr.trim() || `exit code ${result.code}`}`);
    return (JSON.parse(result.stdout) as { results: ProbeResult[] }).results;
  }

  /** Runs a program of the holder image (tc, say) in the node's namespace, as it is. */
  run(argv: readonly string[]): Promise<ExecResult> {
    return execIn(this.docker, this.id, argv);
  }

  /** Creates the folders if missing and gives them, and all under them, to uid:gid. */
  async own(uid: number, gid: number, paths: readonly string[]): Promise<void> {
    await this.pod(['own', String(uid), String(gid), ...paths], `hand ${paths.join(', ')} to ${uid}:${gid}`);
  }

  /** The namespace's rules as `iptables -S` prints them. */
  async rules(): Promise<string[]> {
    const result = await execIn(this.docker, this.id, ['iptables', '-w', '-S']);
    if (result.code !== 0) throw new FaultlineError('RUN_FAILED', `nemesis/docker: cannot list ${this.node}'s rules: ${result.stderr.trim()}`);
    return result.stdout.split('\n').filter(Boolean);
  }

  /** Extracts a tar archive of paths relative to the node's folder into it (its volume). */
  async upload(folder: string, archive: Readable): Promise<void> {
    try {
      await this.docker.getContainer(this.id).putArchive(archive, { path: folder });
    } catch (err) {
      throw new FaultlineError('RUN_FAILED', `nemesis/docker: cannot copy ${this.node}'s folder into its container: ${engineMessage(err)}`, { cause: err });
    }
  }
}
