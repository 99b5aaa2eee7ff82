import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { ensureNodeImage } from '../../nemesis/docker/image/build.js';
import { dockerPrerequisites } from '../../nemesis/docker/test-support/prerequisites.js';

const SCRIPT = fileURLToPath(new URL('../build-image', import.meta.url));
const prereq = await dockerPrerequisites();

describe('scripts/build-image', () => {
  it('is valid bash and explains itself', async () => {
    expect((await execa('bash', ['-n', SCRIPT], { reject: false })).exitCode).toBe(0);
    const help = await execa(SCRIPT, ['--help'], { reject: false });
    expect(help.exitCode).toBe(0);
    expect(help.stdout).toMatch(/^usage: scripts\/build-image \[--extra PATH\]\.\.\. \[--node PATH\] \[--json\]/);
  });

  it('refuses an unknown option or a missing extra path with exit code 254, naming it', async () => {
    const unknown = await execa(SCRIPT, ['--force'], { reject: false });
    expect(unknown.exitCode).toBe(254);
    expect(unknown.stderr).toMatch(/Unknown option '--force'/);
    const missing = await execa(SCRIPT, ['--extra', '/nonexistent/faultline-extra'], { reject: false });
    expect(missing.exitCode).toBe(254);
    expect(missing.stderr).toMatch(/\/nonexistent\/faultline-extra does not exist on this machine/);
  });

  it.skipIf(!prereq.ok)('prints the same tag the runtime uses, without rebuilding it', async () => {
    const image = await ensureNodeImage();
    const result = await execa(SCRIPT, ['--json'], { reject: false });
    expect(result.exitCode).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({ tag: image.tag, digest: image.digest, built: false });
  });
});
