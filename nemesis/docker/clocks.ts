import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { writeClockOffset } from '../clock/offset-file.js';
import { createSeenFile, seenFileOf } from '../clock/seen-file.js';
import type { NodeInfo } from '../runtime.js';
import { clockFileOf } from './layout.js';

// Each node's offset file, read by the clock library inside its container through a read-only
// mount of the file's folder. Offsets start at 0 and go back to 0 when the run ends, so a
// container that somehow outlives the run does not keep a skewed clock.

export class NodeClocks {
  private readonly files = new Map<string, string>();

  constructor(nodes: readonly NodeInfo[]) {
    for (const info of nodes) {
      const file = clockFileOf(info);
      this.files.set(info.name, file);
      writeClockOffset(file, 0);
      createSeenFile(seenFileOf(file));
    }
  }

  /** The node's offset file on the host (the same path inside its container). */
  fileOf(node: string): string | undefined {
    return this.files.get(node);
  }

  set(node: string, ms: number): void {
    const file = this.files.get(node);
    if (file) writeClockOffset(file, ms);
  }

  /** Back to true time, then the files and their folders are removed. */
  resetAll(): void {
    for (const file of this.files.values()) {
      try {
        writeClockOffset(file, 0);
        rmSync(dirname(file), { recursive: true, force: true });
      } catch {
        // The run folder may be gone already; nothing reads the file any more.
      }
    }
  }
}
