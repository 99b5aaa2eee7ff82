import { monoNow } from './clock.js';

// One line per event: wall-clock time (which may be skewed on purpose), seconds since the
// process started on the monotonic clock (which is not), the node, the event and its fields.
// Reading a failed run means lining nodes up by wall time and trusting each node's offsets.

export type LogFields = Record<string, string | number | boolean | null | undefined>;

export class NodeLogger {
  constructor(private readonly node: string) {}

  info(event: string, fields: LogFields = {}): void {
    process.stdout.write(this.format(event, fields));
  }

  warn(event: string, fields: LogFields = {}): void {
    process.stderr.write(this.format(`WARN ${event}`, fields));
  }

  private format(event: string, fields: LogFields): string {
    let line = `${new Date().toISOString()} +${(monoNow() / 1000).toFixed(3)}s ${this.node} ${event}`;
    for (const [key, value] of Object.entries(fields)) {
      if (value === undefined) continue;
      line += typeof value === 'string' && /[\s"=]/.test(value) ? ` ${key}=${JSON.stringify(value)}` : ` ${key}=${value}`;
    }
    return `${line}\n`;
  }
}
