import { closeSync, openSync, readSync } from 'node:fs';
import { basename } from 'node:path';

// Whether the clock library can reach a program, judged from its file before it runs. The
// library is an LD_PRELOAD object: the dynamic loader puts it in front of libc's time functions.
// A statically linked program has no dynamic loader (no PT_INTERP program header), so nothing is
// ever preloaded. A Go program reads the wall clock from the kernel's vDSO itself, never through
// libc, so even a dynamically linked one (cgo) does not see the offset; Go marks its binaries with
// a "Go" build-id note and a .go.buildinfo section. A script is judged by its interpreter. Anything
// else (an unknown format) is left to the check after each skew (the library's .seen file).

export type ClockReach =
  | { reachable: true; program: string }
  | { reachable: false; program: string; why: string }
  | { reachable: 'unknown'; program: string; why: string };

const PT_INTERP = 3;
const PT_NOTE = 4;
const HEADER_BYTES = 64;
/** The most of a file read to find its program headers, sections and notes. */
const MAX_READ = 64 * 1024 * 1024;

/**
 * Judges `program` (an absolute path); `resolve` finds an interpreter named by a script's
 * `#!/usr/bin/env NAME` line. Never throws: an unreadable file is `unknown`.
 */
export function clockReach(program: string, resolve: (name: string) => string | undefined, depth = 0): ClockReach {
  let file: ElfFile;
  try {
    file = ElfFile.open(program);
  } catch (err) {
    return { reachable: 'unknown', program, why: `cannot read ${program}: ${(err as Error).message}` };
  }
  try {
    const head = file.read(0, 256);
    if (head.length >= 2 && head[0] === 0x23 && head[1] === 0x21) return judgeScript(program, head, resolve, depth);
    if (!(head.length >= HEADER_BYTES && head.readUInt32BE(0) === 0x7f454c46)) {
      return { reachable: 'unknown', program, why: `${program} is neither an ELF program nor a #! script` };
    }
    return judgeElf(program, file);
  } finally {
    file.close();
  }
}

function judgeScript(program: string, head: Buffer, resolve: (name: string) => string | undefined, depth: number): ClockReach {
  const line = head.toString('latin1').split('\n')[0].slice(2).trim();
  const words = line.split(/\s+/).filter(Boolean);
  let interpreter: string | undefined = words[0];
  // #!/usr/bin/env [-S] NAME …: the program is NAME, found on the PATH.
  if (interpreter !== undefined && basename(interpreter) === 'env') {
    const name = words.slice(1).find((w) => !w.startsWith('-'));
    interpreter = name === undefined ? undefined : resolve(name);
  }
  if (interpreter === undefined || depth >= 4)
    return { reachable: 'unknown', program, why: `cannot tell which program runs the script ${program} (#!${line})` };
  const reach = clockReach(interpreter, resolve, depth + 1);
  return { ...reach, program } as ClockReach;
}

function judgeElf(program: string, file: ElfFile): ClockReach {
  const elf = file.header();
  if (!elf) return { reachable: 'unknown', program, why: `${program} has an ELF header this check does not understand` };
  const headers = file.programHeaders(elf);
  if (file.isGo(elf, headers)) {
    return {
      reachable: false,
      program,
      why: `${program} is a Go program, which reads the wall clock through the kernel's vDSO, never through libc, so no preloaded library reaches it`,
    };
  }
  if (!headers.some((h) => h.type === PT_INTERP)) {
    return { reachable: false, program, why: `${program} is statically linked (no dynamic loader), so no preloaded library is ever loaded into it` };
  }
  return { reachable: true, program };
}

interface ElfHeader {
  is64: boolean;
  little: boolean;
  phoff: number;
  phentsize: number;
  phnum: number;
  shoff: number;
  shentsize: number;
  shnum: number;
  shstrndx: number;
}

interface ProgramHeader {
  type: number;
  offset: number;
  size: number;
}

/** Just enough of an ELF reader for the questions above: reads only what it needs. */
class ElfFile {
  private constructor(private readonly fd: number) {}

  static open(path: string): ElfFile {
    return new ElfFile(openSync(path, 'r'));
  }

  read(offset: number, length: number): Buffer {
    const size = Math.max(0, Math.min(length, MAX_READ));
    const buf = Buffer.alloc(size);
    const got = size > 0 && offset < MAX_READ ? readSync(this.fd, buf, 0, size, offset) : 0;
    return buf.subarray(0, got);
  }

  close(): void {
    closeSync(this.fd);
  }

  header(): ElfHeader | undefined {
    const h = this.read(0, HEADER_BYTES);
    const is64 = h[4] === 2;
    const little = h[5] === 1;
    if ((h[4] !== 1 && h[4] !== 2) || (h[5] !== 1 && h[5] !== 2)) return undefined;
    const u16 = (o: number) => (little ? h.readUInt16LE(o) : h.readUInt16BE(o));
    const u32 = (o: number) => (little ? h.readUInt32LE(o) : h.readUInt32BE(o));
    const u64 = (o: number) => Number(little ? h.readBigUInt64LE(o) : h.readBigUInt64BE(o));
    return is64
      ? { is64, little, phoff: u64(32), shoff: u64(40), phentsize: u16(54), phnum: u16(56), shentsize: u16(58), shnum: u16(60), shstrndx: u16(62) }
      : { is64, little, phoff: u32(28), shoff: u32(32), phentsize: u16(42), phnum: u16(44), shentsize: u16(46), shnum: u16(48), shstrndx: u16(50) };
  }

  programHeaders(elf: ElfHeader): ProgramHeader[] {
    const table = this.read(elf.phoff, elf.phentsize * elf.phnum);
    const out: ProgramHeader[] = [];
    for (let i = 0; i < elf.phnum && (i + 1) * elf.phentsize <= table.length; i++) {
      const at = i * elf.phentsize;
      const u32 = (o: number) => (elf.little ? table.readUInt32LE(at + o) : table.readUInt32BE(at + o));
      const u64 = (o: number) => Number(elf.little ? table.readBigUInt64LE(at + o) : table.readBigUInt64BE(at + o));
      out.push(elf.is64 ? { type: u32(0), offset: u64(8), size: u64(32) } : { type: u32(0), offset: u32(4), size: u32(16) });
    }
    return out;
  }

  /** A "Go" note in a PT_NOTE segment (survives stripping), or a .go.buildinfo / .note.go.buildid section. */
  isGo(elf: ElfHeader, headers: readonly ProgramHeader[]): boolean {
    for (const h of headers.filter((p) => p.type === PT_NOTE)) {
      if (this.notesHaveOwner(elf, this.read(h.offset, Math.min(h.size, 1 << 16)), 'Go')) return true;
    }
    const names = this.sectionNames(elf);
    return names.includes('.go.buildinfo') || names.includes('.note.go.buildid');
  }

  private notesHaveOwner(elf: ElfHeader, notes: Buffer, owner: string): boolean {
    const u32 = (o: number) => (elf.little ? notes.readUInt32LE(o) : notes.readUInt32BE(o));
    const align4 = (n: number) => (n + 3) & ~3;
    for (let at = 0; at + 12 <= notes.length; ) {
      const namesz = u32(at);
      const descsz = u32(at + 4);
      const name = notes
        .subarray(at + 12, at + 12 + namesz)
        .toString('latin1')
        .replace(/\0+$/, '');
      if (name === owner) return true;
      at += 12 + align4(namesz) + align4(descsz);
    }
    return false;
  }

  private sectionNames(elf: ElfHeader): string[] {
    if (elf.shoff === 0 || elf.shnum === 0 || elf.shstrndx >= elf.shnum) return [];
    const table = this.read(elf.shoff, elf.shentsize * elf.shnum);
    if (table.length < elf.shentsize * elf.shnum) return [];
    const field = (i: number, o32: number, o64: number, wide: boolean) => {
      const at = i * elf.shentsize + (elf.is64 ? o64 : o32);
      if (wide && elf.is64) return Number(elf.little ? table.readBigUInt64LE(at) : table.readBigUInt64BE(at));
      return elf.little ? table.readUInt32LE(at) : table.readUInt32BE(at);
    };
    // sh_name (0), sh_offset (16 / 24), sh_size (20 / 32)
    const strings = this.read(field(elf.shstrndx, 16, 24, true), Math.min(field(elf.shstrndx, 20, 32, true), 1 << 20));
    const names: string[] = [];
    for (let i = 0; i < elf.shnum; i++) {
      const start = field(i, 0, 0, false);
      const end = strings.indexOf(0, start);
      if (start < strings.length) names.push(strings.subarray(start, end < 0 ? strings.length : end).toString('latin1'));
    }
    return names;
  }
}
