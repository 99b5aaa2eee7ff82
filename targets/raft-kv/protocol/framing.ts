// One JSON object per line. JSON.stringify never emits a raw newline, so a line is a frame;
// sockets are read as UTF-8 strings so multi-byte characters split across chunks stay whole.

/** Larger frames mean a confused or hostile peer; a snapshot of a test workload is far smaller. */
export const MAX_FRAME_CHARS = 64 * 1024 * 1024;

export class FrameError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FrameError';
  }
}

export function encodeFrame(message: object): string {
  return `${JSON.stringify(message)}\n`;
}

/** Splits a character stream into parsed frames; throws FrameError on bad JSON or an oversized line. */
export class FrameDecoder {
  private partial = '';

  constructor(private readonly maxChars = MAX_FRAME_CHARS) {}

  push(chunk: string, onFrame: (frame: unknown) => void): void {
    let text = this.partial === '' ? chunk : this.partial + chunk;
    let start = 0;
    for (;;) {
      const end = text.indexOf('\n', start);
      if (end < 0) break;
      if (end > start) onFrame(parseFrame(text.slice(start, end)));
      start = end + 1;
    }
    text = start === 0 ? text : text.slice(start);
    if (text.length > this.maxChars) throw new FrameError(`frame longer than ${this.maxChars} characters`);
    this.partial = text;
  }
}

function parseFrame(line: string): unknown {
  try {
    return JSON.parse(line);
  } catch (err) {
    const shown = line.length > 80 ? `${line.slice(0, 80)}…` : line;
    throw new FrameError(`not a JSON frame (${(err as Error).message}): ${shown}`);
  }
}
