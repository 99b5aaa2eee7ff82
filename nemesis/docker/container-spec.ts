import type Docker from 'dockerode';
import { clockPreloadEnv } from '../clock/offset-file.js';
import type { NodeCommand, NodeInfo } from '../../core/runtime.js';
import { nodeFolder } from './holder/holder.js';
import { IMAGE_CLOCK_LIBRARY, IMAGE_PATH } from './image/plan.js';
import { LABEL } from './labels.js';

// What one node's container is: the target's command as its command (no shell, no entrypoint),
// in its holder's network namespace (the address, published port and firewall live there and
// outlive this container), with the node's volume at its folder, where its data folder and
// clock offset file are (the clock library records there, in <offset file>.seen, which offsets
// the node's program really read). Nothing of this machine is mounted: the image carries every
// program, so the same container runs on an engine anywhere.

export interface ContainerSpecInput {
  runId: string;
  info: NodeInfo;
  command: NodeCommand;
  image: string;
  /** The holder container whose network namespace the node joins. */
  holderId: string;
  volume: string;
  labels: Record<string, string>;
  /** The offset file inside the node's folder, when clocks can be skewed. */
  clockFile?: string;
  /** Where the clock library is inside the image. */
  clockLibrary?: string;
}

export function containerName(runId: string, node: string): string {
  return `faultline-${runId}-${node}`;
}

export function containerSpec(input: ContainerSpecInput): Docker.ContainerCreateOptions {
  const { info, command } = input;
  const env: Record<string, string> = { PATH: IMAGE_PATH, HOME: '/root', ...command.env };
  if (input.clockFile) Object.assign(env, clockPreloadEnv(input.clockLibrary ?? IMAGE_CLOCK_LIBRARY, input.clockFile, { LD_PRELOAD: command.env?.LD_PRELOAD }));
  return {
    name: containerName(input.runId, info.name),
    Image: input.image,
    // [''] clears an entrypoint a user's image may have (node:20's docker-entrypoint.sh).
    Entrypoint: [''],
    Cmd: [command.command, ...command.args],
    Env: Object.entries(env).map(([key, value]) => `${key}=${value}`),
    WorkingDir: command.cwd ?? info.dataDir,
    ...(command.user !== undefined ? { User: command.user } : {}),
    Labels: { ...input.labels, [LABEL.node]: info.name, [LABEL.role]: 'node' },
    AttachStdout: true,
    AttachStderr: true,
    HostConfig: {
      NetworkMode: `container:${input.holderId}`,
      Mounts: [{ Type: 'volume', Source: input.volume, Target: nodeFolder(info) }],
      // The node itself is pid 1, with no init before it: a command that cannot be executed then
      // fails the start call itself, instead of an init starting fine and exiting a moment later.
      // Every signal the runtime sends (SIGKILL, the freezer) works on pid 1 from outside.
      Init: false,
      RestartPolicy: { Name: 'no' },
    },
  };
}
