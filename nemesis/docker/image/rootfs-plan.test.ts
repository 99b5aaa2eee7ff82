import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { RootfsPlan, parseLdd, sharedLibraries } from './rootfs.js';

// A host path enters the image exactly as the host resolves it: every symlink on the way, in any
// component, is kept as a symlink and followed, and ldd's listing names every library to bring.

const scratch = mkdtempSync(join(tmpdir(), 'faultline-rootfs-test-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('RootfsPlan follows the host layout', () => {
  it('records a symlinked folder and a symlinked file as symlinks, and the file they lead to', () => {
    // scratch/lib -> real/lib (relative), scratch/real/lib/libx.so.1 -> libx.so.1.2 (a file)
    mkdirSync(join(scratch, 'real', 'lib'), { recursive: true });
    writeFileSync(join(scratch, 'real', 'lib', 'libx.so.1.2'), 'elf', { mode: 0o755 });
    symlinkSync('libx.so.1.2', join(scratch, 'real', 'lib', 'libx.so.1'));
    symlinkSync('real/lib', join(scratch, 'lib'));

    const plan = new RootfsPlan();
    plan.addHostPath(join(scratch, 'lib', 'libx.so.1'));
    const byPath = new Map(plan.list().map((e) => [e.path, e]));
    expect(byPath.get(join(scratch, 'lib'))).toEqual({ kind: 'symlink', path: join(scratch, 'lib'), target: 'real/lib', fromHost: true });
    expect(byPath.get(join(scratch, 'real', 'lib', 'libx.so.1'))).toMatchObject({ kind: 'symlink', target: 'libx.so.1.2' });
    expect(byPath.get(join(scratch, 'real', 'lib', 'libx.so.1.2'))).toMatchObject({ kind: 'file', mode: 0o755, size: 3 });
    expect(byPath.get(join(scratch, 'real'))).toMatchObject({ kind: 'dir' });
    // Parents come before children, so an archive of this list extracts in order.
    const paths = plan.list().map((e) => e.path);
    expect(paths.indexOf(join(scratch, 'real'))).toBeLessThan(paths.indexOf(join(scratch, 'real', 'lib')));
  });

  it('says which host path is missing', () => {
    expect(() => new RootfsPlan().addHostPath(join(scratch, 'nowhere', 'bin'))).toThrow(/nowhere does not exist on this machine/);
  });

  it('brings the libraries ldd lists for Node, the dynamic loader included', async () => {
    const libraries = await sharedLibraries([process.execPath]);
    expect(libraries.some((l) => /\/libc\.so\.6$/.test(l))).toBe(true);
    expect(libraries.some((l) => /ld-linux.*\.so\.2$/.test(l))).toBe(true);
  });
});

describe('parseLdd', () => {
  it('reads several sections, skips the vDSO and static binaries, and names a missing library and who needs it', () => {
    const listing = [
      '/bin/a:',
      '\tlinux-vdso.so.1 (0x00007ffd)',
      '\tlibc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x00007f00)',
      '\t/lib64/ld-linux-x86-64.so.2 (0x00007f01)',
      '/bin/b:',
      '\tstatically linked',
    ].join('\n');
    expect(parseLdd(['/bin/a', '/bin/b'], listing)).toEqual(['/lib/x86_64-linux-gnu/libc.so.6', '/lib64/ld-linux-x86-64.so.2']);
    const missing = '/bin/a:\n\tlibc.so.6 => /lib/libc.so.6 (0x1)\n/bin/c:\n\tlibgone.so.3 => not found';
    expect(() => parseLdd(['/bin/a', '/bin/c'], missing)).toThrow(/\/bin\/c needs libgone\.so\.3, which ldd cannot find/);
  });
});
