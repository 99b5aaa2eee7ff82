import { realpath, stat } from 'node:fs/promises';
import type { Stats } from 'node:fs';
import { join, sep } from 'node:path';

// Maps a request path to a file inside the runs folder, or refuses. Segments are decoded one
// by one, so an encoded "/" or ".." cannot smuggle a traversal past the split, and the final
// path is resolved through symlinks and must still lie inside the folder.

export type Resolved = { ok: true; path: string; stats: Stats; segments: string[] } | { ok: false; status: 400 | 403 | 404; reason: string };

const MAX_PATH = 2048;

export async function resolveInside(root: string, rawPath: string): Promise<Resolved> {
  if (rawPath.length > MAX_PATH) return { ok: false, status: 400, reason: 'path too long' };
  const pathname = rawPath.split(/[?#]/, 1)[0];
  if (!pathname.startsWith('/')) return { ok: false, status: 400, reason: 'path must start with /' };
  const segments: string[] = [];
  for (const raw of pathname.split('/')) {
    let segment: string;
    try {
      segment = decodeURIComponent(raw);
    } catch {
      return { ok: false, status: 400, reason: 'bad percent-encoding' };
    }
    if (segment === '' || segment === '.') continue;
    if (segment === '..' || /[/\\\0]/.test(segment)) return { ok: false, status: 403, reason: `refused path segment ${JSON.stringify(segment)}` };
    segments.push(segment);
  }
  const realRoot = await realpath(root).catch(() => undefined);
  if (realRoot === undefined) return { ok: false, status: 404, reason: 'the runs folder does not exist' };
  let real: string;
  try {
    real = await realpath(join(realRoot, ...segments));
  } catch {
    return { ok: false, status: 404, reason: 'not found' };
  }
  if (real !== realRoot && !real.startsWith(realRoot + sep)) return { ok: false, status: 403, reason: 'outside the runs folder' };
  const stats = await stat(real).catch(() => undefined);
  if (!stats) return { ok: false, status: 404, reason: 'not found' };
  return { ok: true, path: real, stats, segments };
}
