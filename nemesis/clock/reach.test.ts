import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clockReach } from './reach.js';
import { buildTimePrograms, type TimePrograms } from './test-support/time-programs.js';

// Which programs the clock library can reach, told from their files before anything runs.

const scratch = mkdtempSync(join(tmpdir(), 'faultline-reach-test-'));
let programs: TimePrograms;
beforeAll(async () => {
  programs = await buildTimePrograms();
});
afterAll(() => {
  programs?.remove();
  rmSync(scratch, { recursive: true, force: true });
});

const onPath = (name: string) => [`/usr/bin/${name}`, `/bin/${name}`, `/usr/local/bin/${name}`].find(existsSync);

// Go binaries this machine already has (docker.io brings them): Go is not installed to build one.
const goBinary = ['/usr/sbin/runc', '/usr/bin/runc', '/usr/bin/containerd', '/usr/bin/docker', '/usr/local/bin/docker'].find(existsSync);
if (!goBinary && process.env.CI === 'true') throw new Error('the clock reach test needs a Go binary (runc or containerd, from docker.io) on CI');

describe('clock reach from the program file', () => {
  it('reaches a dynamically linked C program, and a node binary', () => {
    expect(clockReach(programs.viaLibc, onPath)).toEqual({ reachable: true, program: programs.viaLibc });
    expect(clockReach(process.execPath, onPath).reachable).toBe(true);
  });

  it('does not reach a statically linked program, and says why', () => {
    expect(clockReach(programs.staticLibc, onPath)).toEqual({
      reachable: false,
      program: programs.staticLibc,
      why: `${programs.staticLibc} is statically linked (no dynamic loader), so no preloaded library is ever loaded into it`,
    });
  });

  it.skipIf(!goBinary)('does not reach a Go program, and says why', () => {
    expect(clockReach(goBinary!, onPath)).toMatchObject({
      reachable: false,
      why: expect.stringMatching(/is a Go program, which reads the wall clock through the kernel's vDSO/),
    });
  });

  it('judges a script by its interpreter, through #!/usr/bin/env too', () => {
    const direct = join(scratch, 'direct.sh');
    writeFileSync(direct, `#!${programs.staticLibc}\n`);
    const viaEnv = join(scratch, 'via-env');
    writeFileSync(viaEnv, '#!/usr/bin/env -S node --no-warnings\nconsole.log(Date.now())\n');
    for (const f of [direct, viaEnv]) chmodSync(f, 0o755);
    expect(clockReach(direct, onPath)).toMatchObject({ reachable: false, program: direct, why: expect.stringMatching(/statically linked/) });
    expect(clockReach(viaEnv, (name) => (name === 'node' ? process.execPath : undefined))).toEqual({ reachable: true, program: viaEnv });
  });

  it('cannot tell for a file that is neither ELF nor a script: left to the check after each skew', () => {
    const data = join(scratch, 'data.bin');
    writeFileSync(data, 'just data');
    expect(clockReach(data, onPath)).toMatchObject({ reachable: 'unknown', why: expect.stringMatching(/neither an ELF program nor a #! script/) });
    expect(clockReach(join(scratch, 'missing'), onPath)).toMatchObject({ reachable: 'unknown', why: expect.stringMatching(/cannot read/) });
  });
});
