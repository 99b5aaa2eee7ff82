import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type Docker from 'dockerode';
import { clockPreloadEnv } from '../clock/offset-file.js';
import type { NodeCommand, NodeInfo } from '../runtime.js';
import { IMAGE_CLOCK_LIBRARY, IMAGE_PATH } from './image/plan.js';
import { LABEL } from './labels.js';
import type { RunNetwork } from './network.js';

// What one node's container is: the target's command as its command (no shell, no entrypoint),
// a fixed address on the run's network, and bind mounts at the host's own paths — this checkout
// read-only (the node's program and its node_modules, see codeFolders), the node's data folder
// read-write (it survives kill and restart, and the harness can read it), and the folder of its
// clock offset file (a folder, not the file: the harness replaces the file by rename), writable
// because the clock library reports there which offsets the node's program really read.

export interface ContainerSpecInput {
  runId: string;
  info: NodeInfo;
  command: NodeCommand;
  image: string;
  network: RunNetwork;
  labels: Record<string, string>;
  /** This checkout, mounted read-only at the same path. */
  packageRoot: string;
  /** The host's offset file for this node when clocks can be skewed. */
  clockFile?: string;
  clockDir?: string;
}

export function containerName(runId: string, node: string): string {
  return `faultline-${runId}-${node}`;
}

export function containerSpec(input: ContainerSpecInput): Docker.ContainerCreateOptions {
  const { info, command, network } = input;
  const env: Record<string, string> = { PATH: IMAGE_PATH, HOME: '/root', ...command.env };
  if (input.clockFile) Object.assign(env, clockPreloadEnv(IMAGE_CLOCK_LIBRARY, input.clockFile, { LD_PRELOAD: command.env?.LD_PRELOAD }));
  const mounts: Docker.MountSettings[] = codeFolders(input.packageRoot).map((dir) => ({ Type: 'bind', Source: dir, Target: dir, ReadOnly: true }));
  mounts.push({ Type: 'bind', Source: info.dataDir, Target: info.dataDir, ReadOnly: false });
  if (input.clockDir) mounts.push({ Type: 'bind', Source: input.clockDir, Target: input.clockDir, ReadOnly: false });
  return {
    name: containerName(input.runId, info.name),
    Image: input.image,
    // [''] clears an entrypoint a user's image may have (node:20's docker-entrypoint.sh).
    Entrypoint: [''],
    Cmd: [command.command, ...command.args],
    Env: Object.entries(env).map(([key, value]) => `${key}=${value}`),
    WorkingDir: command.cwd ?? info.dataDir,
    ...(command.user !== undefined ? { User: command.user } : {}),
    Hostname: info.name,
    Labels: { ...input.labels, [LABEL.node]: info.name },
    AttachStdout: true,
    AttachStderr: true,
    HostConfig: {
      NetworkMode: network.name,
      Mounts: mounts,
      // The node itself is pid 1, with no init before it: a command that cannot be executed then
      // fails the start call itself, instead of an init starting fine and exiting a moment later.
      // Every signal the runtime sends (SIGKILL, the freezer) works on pid 1 from outside.
      Init: false,
      RestartPolicy: { Name: 'no' },
    },
    NetworkingConfig: { EndpointsConfig: { [network.name]: { IPAMConfig: { IPv4Address: info.host } } } },
  };
}

/**
 * The folders a node's program needs to see: this package, and every node_modules folder above
 * it, since Node looks for dependencies there too (an installed faultline's dependencies are
 * usually hoisted into the project's node_modules). A folder inside another one is not repeated.
 */
export function codeFolders(packageRoot: string): string[] {
  const found: string[] = [];
  for (let dir = dirname(packageRoot); dir !== dirname(dir); dir = dirname(dir)) {
    const modules = join(dir, 'node_modules');
    if (existsSync(modules)) found.push(modules);
  }
  const folders = [packageRoot, ...found];
  return folders.filter((dir) => !folders.some((other) => other !== dir && dir.startsWith(`${other}/`)));
}
