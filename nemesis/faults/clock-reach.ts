import { ConfigError } from '../../core/errors.js';
import { isFaultVerifying } from '../../core/runtime.js';
import type { FaultEnvironment } from '../../core/target.js';

/**
 * The nodes whose program the clock library reaches. The others are excluded up front, each
 * named with why ("clock skew not applied: … is a Go program"), and a kind that needs clocks
 * is refused when no node is left: a run whose clock faults reach nothing must not start.
 */
export function skewableNodes(env: FaultEnvironment, kindName: string): string[] {
  const runtime = env.runtime;
  if (!isFaultVerifying(runtime)) return [...env.nodes];
  const blocked = env.nodes
    .map((node) => ({ node, why: runtime.clockSkewBlocker(node) }))
    .filter((b): b is { node: string; why: string } => b.why !== undefined);
  if (blocked.length === env.nodes.length) {
    throw new ConfigError('nemesis', `${kindName}: clock skew cannot reach any node of this target: ${blocked.map((b) => `${b.node}: ${b.why}`).join('; ')}`);
  }
  for (const { node, why } of blocked) env.exclude?.(node, `clock skew not applied: ${why}`);
  const excluded = new Set(blocked.map((b) => b.node));
  return env.nodes.filter((n) => !excluded.has(n));
}
