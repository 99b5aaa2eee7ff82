import { ConfigError } from '../harness/errors.js';
import type { Rng } from '../harness/rng.js';
import type { Target, TargetContext } from '../targets/target.js';
import { noNemesis, type NemesisPackage } from './package.js';
import type { NodeRuntime } from './runtime.js';

export interface NemesisRequest {
  faults: readonly string[];
  intervalMs: number;
  runtime: NodeRuntime | undefined;
  target: Target<any>;
  targetContext: TargetContext<any>;
  rng: Rng;
  log(message: string): void;
}

/** Builds the fault schedule for the fault kinds the user named. */
export async function buildNemesis(request: NemesisRequest): Promise<NemesisPackage> {
  if (request.faults.length === 0) return noNemesis();
  if (!request.runtime) {
    throw new ConfigError('nemesis', `target ${request.target.name} runs in-process, so faults (${request.faults.join(', ')}) cannot reach it; use --nemesis none`);
  }
  throw new ConfigError('nemesis', `unknown fault kind(s): ${request.faults.join(', ')}`);
}
