import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { Writable } from 'node:stream';
import type Docker from 'dockerode';
import { markerLine } from '../local/node-log.js';

// A container's stdout and stderr reach runs/…/nodes/<name>.log through an attach stream opened
// before each start, so nothing the node prints early is missed. Output and marker lines go
// through one file descriptor with synchronous writes, so a marker lands exactly between what
// the node printed before and after the event it records.

export class NodeLog {
  private fd: number | undefined;
  private attached: NodeJS.ReadWriteStream | undefined;

  constructor(
    readonly file: string,
    private readonly node: string,
  ) {}

  /** `=== faultline <time> <node>: <event> ===`, as the local runtime writes. */
  marker(event: string): void {
    this.write(markerLine(this.node, event));
  }

  write(chunk: string | Buffer): void {
    try {
      this.fd ??= open(this.file);
      if (typeof chunk === 'string') writeSync(this.fd, chunk);
      else writeSync(this.fd, chunk);
    } catch {
      // A log that cannot be written must not stop a fault from happening or being undone.
    }
  }

  /**
   * Follows the container's output from now on (call before starting it). Resolves once
   * following, with `ended`, which resolves when the output ends: the container stopped.
   */
  async follow(docker: Docker, container: Docker.Container): Promise<{ ended: Promise<void> }> {
    this.detach();
    const stream = (await container.attach({ stream: true, stdout: true, stderr: true, logs: false })) as NodeJS.ReadWriteStream & {
      socket?: { unref?: () => void };
    };
    // A running node must not keep the harness alive; at exit the exit guard removes it.
    stream.socket?.unref?.();
    this.attached = stream;
    const sink = new Writable({
      write: (chunk: Buffer, _encoding, done) => {
        this.write(chunk);
        done();
      },
    });
    docker.modem.demuxStream(stream, sink, sink);
    const ended = new Promise<void>((resolve) => {
      stream.once('end', resolve);
      stream.once('close', resolve);
      stream.once('error', () => resolve());
    });
    return { ended };
  }

  /** Stops following (the container is gone or about to be). */
  detach(): void {
    const stream = this.attached as (NodeJS.ReadWriteStream & { destroy?: () => void }) | undefined;
    this.attached = undefined;
    stream?.destroy?.();
  }

  close(): void {
    this.detach();
    if (this.fd === undefined) return;
    try {
      closeSync(this.fd);
    } catch {
      // Already closed.
    }
    this.fd = undefined;
  }
}

function open(file: string): number {
  mkdirSync(dirname(file), { recursive: true });
  return openSync(file, 'a', 0o644);
}
