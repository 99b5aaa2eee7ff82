import { Writable } from 'node:stream';
import type { CliIo } from '../cli/io.js';

/** CLI output captured in memory. */
export function captureIo(cwd: string): CliIo & { out: () => string; err: () => string } {
  let out = '';
  let err = '';
  const sink = (append: (s: string) => void) =>
    new Writable({
      write(chunk, _enc, done) {
        append(String(chunk));
        done();
      },
    });
  return {
    stdout: sink((s) => (out += s)),
    stderr: sink((s) => (err += s)),
    cwd,
    handleSignals: false,
    out: () => out,
    err: () => err,
  };
}
