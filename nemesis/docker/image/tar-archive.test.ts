import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { text } from 'node:stream/consumers';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import { RootfsPlan } from './rootfs.js';
import { tarStream } from './tar.js';

// The archive the engine imports must mean what the plan says: GNU tar, reading it back, sees
// every entry with its mode, root as owner, symlinks as symlinks, and long paths whole.

const scratch = mkdtempSync(join(tmpdir(), 'faultline-tar-test-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

async function archive(plan: RootfsPlan): Promise<string> {
  const file = join(scratch, `${Math.random().toString(16).slice(2)}.tar`);
  const chunks: Buffer[] = [];
  for await (const chunk of tarStream(plan.list())) chunks.push(chunk as Buffer);
  writeFileSync(file, Buffer.concat(chunks));
  return file;
}

describe('tarStream writes a ustar archive of the planned root filesystem', () => {
  it('lists folders, files, generated files and symlinks with their modes and root as owner', async () => {
    const source = join(scratch, 'program');
    writeFileSync(source, 'x'.repeat(1000), { mode: 0o755 });
    const plan = new RootfsPlan();
    plan.addDir('/tmp', 0o1777);
    plan.addFileAs('/usr/bin/program', source, 0o755);
    plan.addContent('/etc/hosts', '127.0.0.1\tlocalhost\n');
    plan.addSymlink('/usr/bin/alias', 'program');
    const { stdout } = await execa('tar', ['-tvf', await archive(plan)]);
    const lines = stdout.split('\n').map((line) => line.replace(/\s+/g, ' '));
    expect(lines).toEqual([
      expect.stringMatching(/^drwxr-xr-x root\/root 0 .* etc\/$/),
      expect.stringMatching(/^-rw-r--r-- root\/root 20 .* etc\/hosts$/),
      expect.stringMatching(/^drwxrwxrwt root\/root 0 .* tmp\/$/),
      expect.stringMatching(/^drwxr-xr-x root\/root 0 .* usr\/$/),
      expect.stringMatching(/^drwxr-xr-x root\/root 0 .* usr\/bin\/$/),
      expect.stringMatching(/^lrwxrwxrwx root\/root 0 .* usr\/bin\/alias -> program$/),
      expect.stringMatching(/^-rwxr-xr-x root\/root 1000 .* usr\/bin\/program$/),
    ]);
  });

  it('keeps file bytes intact across block padding, and paths longer than 100 bytes whole', async () => {
    const source = join(scratch, 'data');
    const bytes = Buffer.from(Array.from({ length: 1537 }, (_, i) => i % 251));
    writeFileSync(source, bytes);
    const deep = `/opt/${'a'.repeat(60)}/${'b'.repeat(60)}/file.bin`;
    const plan = new RootfsPlan();
    plan.addFileAs(deep, source);
    plan.addContent('/after', 'still aligned\n');
    const file = await archive(plan);
    const out = join(scratch, 'out');
    await execa('mkdir', ['-p', out]);
    await execa('tar', ['-xf', file, '-C', out]);
    expect(readFileSync(join(out, deep)).equals(bytes)).toBe(true);
    expect(readFileSync(join(out, 'after'), 'utf8')).toBe('still aligned\n');
  });

  it('refuses a path no ustar header can hold, naming it', async () => {
    const plan = new RootfsPlan();
    plan.addContent(`/${'x'.repeat(120)}`, '');
    await expect(text(tarStream(plan.list()))).rejects.toThrow(/the path \/x{120} is too long for a ustar archive/);
  });
});
