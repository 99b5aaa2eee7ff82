import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Docker from 'dockerode';
import { afterAll, describe, expect, it } from 'vitest';
import { CLOCK_FILE_VARIABLE, writeClockOffset } from '../../clock/offset-file.js';
import { identify } from '../../local/proc.js';
import { runLabels } from '../labels.js';
import { dockerPrerequisites } from '../test-support/prerequisites.js';
import { IMAGE_LABEL, ensureHolderImage, ensureNodeImage } from './build.js';
import { IMAGE_CLOCK_LIBRARY } from './plan.js';

const prereq = await dockerPrerequisites();
const docker = new Docker();
const scratch = mkdtempSync(join(tmpdir(), 'faultline-image-test-'));
const extraImages: string[] = [];
afterAll(async () => {
  for (const tag of extraImages)
    await docker
      .getImage(tag)
      .remove({ force: true })
      .catch(() => undefined);
  rmSync(scratch, { recursive: true, force: true });
});

/** Runs a command to completion in a labelled throwaway container; returns its exit code and output. */
async function runIn(image: string, cmd: string[], extra: Partial<Docker.ContainerCreateOptions> = {}): Promise<{ code: number; output: string }> {
  const labels = runLabels(`${process.pid}-${randomBytes(3).toString('hex')}`, identify(process.pid)!, scratch);
  const container = await docker.createContainer({
    Image: image,
    Cmd: cmd,
    Labels: labels,
    HostConfig: { NetworkMode: 'none', ...extra.HostConfig },
    Env: extra.Env,
  });
  try {
    await container.start();
    const { StatusCode } = (await container.wait()) as { StatusCode: number };
    const logs = (await container.logs({ stdout: true, stderr: true, follow: false })) as unknown as Buffer;
    // Multiplexed frames: an 8-byte header (stream, 3 zero bytes, big-endian length), then the bytes.
    let output = '';
    for (let at = 0; at + 8 <= logs.length; ) {
      const length = logs.readUInt32BE(at + 4);
      output += logs.subarray(at + 8, at + 8 + length).toString();
      at += 8 + length;
    }
    return { code: StatusCode, output };
  } finally {
    await container.remove({ force: true });
  }
}

describe.skipIf(!prereq.ok)('the node image is built from this machine’s files and named by its contents', () => {
  it('the same files give the same tag, found again without importing', async () => {
    const first = await ensureNodeImage();
    const started = performance.now();
    const again = await ensureNodeImage();
    expect(again).toEqual({ ...first, built: false });
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(first.tag).toBe(`faultline-node:${first.digest.slice(0, 16)}`);
    const inspected = await docker.getImage(first.tag).inspect();
    expect(inspected.Config.Labels[IMAGE_LABEL]).toBe(first.digest);
  });

  it('holds Node at the host’s path, faultline’s code, and of the host’s accounts root and the declared ones only', async () => {
    const { tag } = await ensureNodeImage({ needs: { users: ['postgres'] } });
    extraImages.push(tag);
    const node = await runIn(tag, [process.execPath, '-e', 'console.log(process.version, require("os").userInfo().username)']);
    expect(node).toEqual({ code: 0, output: `${process.version} root\n` });
    const passwd = await runIn(tag, [process.execPath, '-e', 'process.stdout.write(require("fs").readFileSync("/etc/passwd", "utf8"))']);
    expect(
      passwd.output
        .split('\n')
        .filter(Boolean)
        .map((l) => l.split(':')[0]),
    ).toEqual(['root', 'postgres']);
    const code = await runIn(tag, [
      process.execPath,
      '-e',
      `require(${JSON.stringify(new URL('../../../package.json', import.meta.url).pathname)}); console.log('ok')`,
    ]);
    expect(code).toEqual({ code: 0, output: 'ok\n' });
  });

  it('the holder image holds faultline-pod and iptables on the nft backend', async () => {
    const { tag } = await ensureHolderImage();
    const iptables = await runIn(tag, ['iptables', '-w', '-A', 'INPUT', '-s', '10.0.0.9/32', '-j', 'DROP'], { HostConfig: { CapAdd: ['NET_ADMIN'] } });
    expect(iptables.code).toBe(0);
    const version = await runIn(tag, ['iptables', '--version']);
    expect(version.output).toMatch(/nf_tables/);
    const usage = await runIn(tag, ['/usr/lib/faultline/faultline-pod']);
    expect(usage).toMatchObject({ code: 2, output: expect.stringMatching(/usage: faultline-pod hold/) });
  });

  it('preloads the clock library from its fixed path, shifting the wall clock by the offset file', async () => {
    const { tag } = await ensureNodeImage();
    const clockDir = join(scratch, 'clock');
    writeClockOffset(join(clockDir, 'offset'), 86_400_000);
    const before = Date.now();
    const { code, output } = await runIn(tag, [process.execPath, '-e', 'console.log(Date.now())'], {
      Env: [`LD_PRELOAD=${IMAGE_CLOCK_LIBRARY}`, `${CLOCK_FILE_VARIABLE}=${join(clockDir, 'offset')}`],
      HostConfig: { Mounts: [{ Type: 'bind', Source: clockDir, Target: clockDir, ReadOnly: true }] },
    });
    expect(code).toBe(0);
    expect(Number(output) - before).toBeGreaterThanOrEqual(86_400_000);
    expect(Number(output) - Date.now()).toBeLessThanOrEqual(86_400_000);
  });

  it('a changed file gives a new tag, and the image holds it', async () => {
    const base = await ensureNodeImage();
    const extra = join(scratch, 'extra.txt');
    writeFileSync(extra, `made by ${process.pid}\n`);
    // Its plan cache goes in the scratch folder, not the checkout's cache.
    const savedCacheDir = process.env.FAULTLINE_CACHE_DIR;
    process.env.FAULTLINE_CACHE_DIR = join(scratch, 'cache');
    const changed = await ensureNodeImage({ needs: { paths: [extra] }, pruneOthers: false }).finally(() => {
      if (savedCacheDir === undefined) delete process.env.FAULTLINE_CACHE_DIR;
      else process.env.FAULTLINE_CACHE_DIR = savedCacheDir;
    });
    extraImages.push(changed.tag);
    expect(changed.built).toBe(true);
    expect(changed.tag).not.toBe(base.tag);
    expect(await runIn(changed.tag, [process.execPath, '-e', `process.stdout.write(require("fs").readFileSync(${JSON.stringify(extra)}, "utf8"))`])).toEqual({
      code: 0,
      output: `made by ${process.pid}\n`,
    });
  });
});
