import { ConfigError } from '../../core/errors.js';
import type { Invocation } from '../../core/target.js';
import { selectNodes, type NodeSpec } from '../node-selection.js';
import { isPacketShapeable, type PacketBehaviour, type PacketShapeable } from '../../core/runtime.js';
import type { FaultEnvironment, FaultKind } from '../../core/target.js';

const PACKET_TARGETS: readonly NodeSpec[] = ['one', 'minority', 'majority', 'all'];

/** Jepsen's default loss: a fifth of the packets. */
export const DEFAULT_PACKET_LOSS = 0.2;

export interface StartPacket {
  targets: NodeSpec;
  behaviour: PacketBehaviour;
}

/**
 * Jepsen's packet nemesis: packets between the chosen nodes and the other nodes, both ways, are
 * lost at random (--packet-loss, default 0.2) and, where the kernel has netem, the chosen nodes'
 * packets to the others delayed (--packet-delay). Traffic to and from the harness is never
 * touched. A kernel without netem refuses delay before the run.
 */
export function packetFault(env: FaultEnvironment): FaultKind {
  if (!isPacketShapeable(env.runtime)) throw new ConfigError('nemesis', `the ${env.runtime.kind} runtime cannot disturb packets`);
  const runtime: PacketShapeable = env.runtime;
  const loss = env.packet?.loss ?? (env.packet?.delayMs === undefined ? DEFAULT_PACKET_LOSS : undefined);
  if (loss !== undefined && !(loss > 0 && loss <= 1)) throw new ConfigError('packetLoss', `must be a probability in (0, 1], got ${loss}`);
  const behaviour: PacketBehaviour = { ...(loss !== undefined ? { loss } : {}), ...(env.packet?.delayMs !== undefined ? { delayMs: env.packet.delayMs } : {}) };
  let shaped: string[] = [];

  return {
    name: 'packet',
    fs: ['start-packet', 'stop-packet'],
    async prepare() {
      const problem = await runtime.packetProblem(behaviour);
      if (problem) throw new ConfigError('nemesis', `packet: ${problem}`);
    },
    start: (rng) => ({ f: 'start-packet', value: { targets: rng.pick(PACKET_TARGETS), behaviour } satisfies StartPacket }),
    stop: { f: 'stop-packet', value: null },
    async apply(op: Invocation) {
      if (op.f === 'stop-packet') {
        const nodes = shaped;
        await runtime.unshapePackets();
        shaped = [];
        return { nodes };
      }
      const spec = op.value as StartPacket;
      const nodes = selectNodes(spec.targets, env.nodes, env.rng, await env.primary());
      await runtime.shapePackets(Object.fromEntries(nodes.map((n) => [n, spec.behaviour])));
      shaped = nodes;
      return { nodes, behaviour: spec.behaviour };
    },
    async heal() {
      if (shaped.length) env.log('removing the packet faults');
      await runtime.unshapePackets();
      shaped = [];
    },
    active: () => (shaped.length ? [`packets from ${shaped.join(',')}: ${describe(behaviour)}`] : []),
  };
}

function describe(b: PacketBehaviour): string {
  return [b.loss !== undefined ? `${Math.round(b.loss * 100)}% lost` : '', b.delayMs !== undefined ? `+${b.delayMs} ms` : ''].filter(Boolean).join(', ');
}
