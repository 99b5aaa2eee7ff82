import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { FaultlineError } from '../../../core/errors.js';
import type { RootEntry } from './rootfs.js';

// The engine imports a root filesystem as a tar archive. POSIX ustar is all it needs: every
// entry is owned by root, paths are relative to /, and a file's bytes follow its 512-byte header
// padded to a whole block. Written here rather than by a tar program so that the image holds
// exactly the planned entries, whatever the host's tar does with modes and owners.

const BLOCK = 512;
const TYPE = { file: '0', symlink: '2', dir: '5' } as const;

/** The archive as a stream, files read from the host as it is consumed. */
export function tarStream(entries: readonly RootEntry[]): Readable {
  return Readable.from(tarChunks(entries), { objectMode: false });
}

async function* tarChunks(entries: readonly RootEntry[]): AsyncGenerator<Buffer> {
  for (const entry of entries) {
    const name = entry.path.replace(/^\/+/, '');
    switch (entry.kind) {
      case 'dir':
        yield header(`${name}/`, { mode: entry.mode, size: 0, type: TYPE.dir });
        break;
      case 'symlink':
        yield header(name, { mode: 0o777, size: 0, type: TYPE.symlink, linkName: entry.target });
        break;
      case 'content':
        yield header(name, { mode: entry.mode, size: entry.content.length, type: TYPE.file });
        yield entry.content;
        yield padding(entry.content.length);
        break;
      case 'file': {
        yield header(name, { mode: entry.mode, size: entry.size, type: TYPE.file });
        let written = 0;
        if (entry.size > 0) {
          // Bounded by the planned size: a file that grew meanwhile still fills exactly its slot.
          for await (const chunk of createReadStream(entry.source, { start: 0, end: entry.size - 1 })) {
            written += (chunk as Buffer).length;
            yield chunk as Buffer;
          }
        }
        if (written !== entry.size) {
          throw new FaultlineError('RUN_FAILED', `nemesis/docker image: ${entry.source} changed size while being archived (${entry.size} → ${written} bytes)`);
        }
        yield padding(entry.size);
        break;
      }
    }
  }
  yield Buffer.alloc(2 * BLOCK);
}

interface HeaderFields {
  mode: number;
  size: number;
  type: string;
  linkName?: string;
}

/** One ustar header block; long names are split between the prefix and name fields. */
export function header(name: string, fields: HeaderFields): Buffer {
  const block = Buffer.alloc(BLOCK);
  const [prefix, base] = splitName(name);
  writeText(block, 0, 100, base, name);
  writeOctal(block, 100, 8, fields.mode & 0o7777);
  writeOctal(block, 108, 8, 0);
  writeOctal(block, 116, 8, 0);
  writeOctal(block, 124, 12, fields.size);
  writeOctal(block, 136, 12, 0);
  block.fill(0x20, 148, 156);
  block.write(fields.type, 156, 'latin1');
  writeText(block, 157, 100, fields.linkName ?? '', name);
  block.write('ustar\u000000', 257, 'latin1');
  writeText(block, 265, 32, 'root', name);
  writeText(block, 297, 32, 'root', name);
  writeText(block, 345, 155, prefix, name);
  let sum = 0;
  for (const byte of block) sum += byte;
  block.write(`${sum.toString(8).padStart(6, '0')}\u0000 `, 148, 'latin1');
  return block;
}

function splitName(name: string): [string, string] {
  if (Buffer.byteLength(name) <= 100) return ['', name];
  // The prefix must end at a slash, which the header leaves out.
  for (let at = name.indexOf('/'); at >= 0; at = name.indexOf('/', at + 1)) {
    const prefix = name.slice(0, at);
    const base = name.slice(at + 1);
    if (Buffer.byteLength(prefix) <= 155 && Buffer.byteLength(base) <= 100 && base !== '') return [prefix, base];
  }
  throw new FaultlineError('RUN_FAILED', `nemesis/docker image: the path /${name} is too long for a ustar archive`);
}

function writeText(block: Buffer, offset: number, length: number, text: string, entry: string): void {
  if (Buffer.byteLength(text) > length) {
    throw new FaultlineError('RUN_FAILED', `nemesis/docker image: "${text}" (in /${entry}) does not fit a ${length}-byte tar field`);
  }
  block.write(text, offset, length, 'utf8');
}

function writeOctal(block: Buffer, offset: number, length: number, value: number): void {
  const digits = value.toString(8).padStart(length - 1, '0');
  if (digits.length > length - 1) throw new FaultlineError('RUN_FAILED', `nemesis/docker image: ${value} does not fit a ${length}-byte tar field`);
  block.write(`${digits}\u0000`, offset, 'latin1');
}

function padding(size: number): Buffer {
  const rest = size % BLOCK;
  return Buffer.alloc(rest === 0 ? 0 : BLOCK - rest);
}
