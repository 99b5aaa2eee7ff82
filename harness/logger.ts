import { appendFileSync } from 'node:fs';

/** harness.log: what the harness did and when, with the wall clock for humans. */
export class RunLogger {
  constructor(
    private readonly path: string | undefined,
    private readonly echo?: (line: string) => void,
  ) {}

  log(message: string): void {
    const line = `${new Date().toISOString()} ${message}`;
    if (this.path) {
      try {
        appendFileSync(this.path, `${line}\n`);
      } catch {
        // Logging must never be the reason a run fails.
      }
    }
    this.echo?.(line);
  }
}
