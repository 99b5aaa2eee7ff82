import { open } from 'node:fs/promises';

// Node logs lined up with the history. Logs carry wall-clock ISO timestamps; the history
// carries nanoseconds since the run began; test.json's startedAt ties the two together,
// approximately (it is taken a little before the history's clock starts).

const TIMESTAMP = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?/;
const MAX_BYTES = 32 * 1024 * 1024;

export interface LogLine {
  /** 1-based line number in the file. */
  line: number;
  /** Wall-clock milliseconds; NaN before the first timestamped line. */
  at: number;
  text: string;
}

export interface NodeLog {
  /** Link target relative to the run folder, e.g. nodes/n1.log. */
  path: string;
  name: string;
  lines: LogLine[];
  /** True when only the first MAX_BYTES were read. */
  cut: boolean;
}

export function parseLog(text: string): LogLine[] {
  const out: LogLine[] = [];
  let at = NaN;
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  lines.forEach((raw, i) => {
    const m = TIMESTAMP.exec(raw);
    if (m) {
      const parsed = Date.parse(m[0]);
      if (!Number.isNaN(parsed)) at = parsed;
    }
    // A line without a timestamp (a stack trace) belongs with the line before it.
    out.push({ line: i + 1, at, text: raw });
  });
  return out;
}

export async function readLog(file: string, path: string, name: string): Promise<NodeLog> {
  const handle = await open(file, 'r');
  try {
    const size = (await handle.stat()).size;
    const length = Math.min(size, MAX_BYTES);
    const buffer = Buffer.alloc(length);
    await handle.read(buffer, 0, length, 0);
    return { path, name, lines: parseLog(buffer.toString('utf8')), cut: size > MAX_BYTES };
  } finally {
    await handle.close();
  }
}

/**
 * Lines logged between `from` and `to` (wall-clock ms), at most `max`, keeping those nearest
 * `center`. Scanned in full rather than searched: a node whose clock the nemesis skewed logs
 * times out of order.
 */
export function excerpt(log: NodeLog, from: number, to: number, center: number, max: number): LogLine[] {
  const hits = log.lines.filter((l) => l.at >= from && l.at <= to);
  if (hits.length <= max) return hits;
  return (
    hits
      // Ties (untimed lines share their predecessor's time) go to the lines nearest the moment in the file.
      .map((l, i) => ({ l, i, d: Math.abs(l.at - center), tie: l.at <= center ? -i : i }))
      .sort((a, b) => a.d - b.d || a.tie - b.tie)
      .slice(0, max)
      .sort((a, b) => a.i - b.i)
      .map((x) => x.l)
  );
}
