import { join } from 'node:path';
import { compileCached } from '../../clock/build.js';
import { packageRoot } from '../../../core/package-root.js';

// faultline-pod is compiled on first use, like the clock library, into the same cache folder
// under a name derived from its source.

export function holderProgramSource(): string {
  return join(packageRoot(), 'nemesis', 'docker', 'holder', 'faultline-pod.c');
}

/** Path of the compiled faultline-pod on this machine, building it if needed. */
export function buildHolderProgram(): Promise<string> {
  return compileCached({ source: holderProgramSource(), name: (digest) => `faultline-pod-${digest}`, flags: [], what: 'the holder program faultline-pod' });
}
