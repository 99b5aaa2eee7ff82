import type { Socket } from 'node:net';
import { encodeFrame } from '../../protocol/framing.js';

// Writes frames to a socket, batching everything written in one turn of the event loop into
// one syscall (corked until the check phase), and refusing to queue without bound when the
// other side stops reading. Syscalls and the wake-ups they cause are most of a node's cost.

export const MAX_BUFFERED_BYTES = 8 * 1024 * 1024;

export class FrameWriter {
  private corked = false;

  constructor(
    private readonly socket: Socket,
    private readonly maxBuffered = MAX_BUFFERED_BYTES,
  ) {}

  /** False when the socket is gone or its queue is full; the frame is then dropped. */
  write(message: object): boolean {
    const socket = this.socket;
    if (socket.destroyed || !socket.writable || socket.writableLength > this.maxBuffered) return false;
    if (!this.corked) {
      this.corked = true;
      socket.cork();
      setImmediate(() => {
        this.corked = false;
        socket.uncork();
      });
    }
    socket.write(encodeFrame(message));
    return true;
  }
}
