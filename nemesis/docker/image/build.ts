import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type Docker from 'dockerode';
import { ConfigError, FaultlineError } from '../../../harness/errors.js';
import { buildClockLibrary, clockCacheDir } from '../../clock/build.js';
import { connectToDaemon, engineMessage, engineStatus } from '../daemon.js';
import { withBuildLock } from './build-lock.js';
import { digestEntries } from './digest.js';
import { loadPlan, savePlan } from './plan-cache.js';
import { IMAGE_CLOCK_LIBRARY, IMAGE_PATH, planNodeImage } from './plan.js';
import type { RootEntry } from './rootfs.js';
import { tarStream } from './tar.js';

// No registry is reachable from a test machine, so node images are imported from a root
// filesystem assembled here (plan.ts) and tagged with the digest of its contents: building is a
// no-op while nothing changed, and a few seconds when Node or the clock library did.

export const IMAGE_REPOSITORY = 'faultline-node';
/** Label on every node image; its value is the full content digest. */
export const IMAGE_LABEL = 'faultline.image';

const BUILD_LOCK_TIMEOUT_MS = 5 * 60_000;
const PRUNE_GRACE_S = 3600;

export interface NodeImageOptions {
  /** A dockerode client (default: DOCKER_HOST or the local socket). */
  docker?: Docker;
  /** The Node binary to put in the image (default: process.execPath). */
  nodeBinary?: string;
  /** More host files or folders to include at their own paths (a server a target runs, say). */
  extraPaths?: readonly string[];
  /** Remove node images of other contents that no container uses (default true). */
  pruneOthers?: boolean;
  log?: (message: string) => void;
}

export interface NodeImage {
  /** `faultline-node:<first 16 hex digits of the digest>`. */
  tag: string;
  /** sha256 of the contents (hex). */
  digest: string;
  /** Whether this call imported it (false: it was already there). */
  built: boolean;
  /** Where Node is inside the image: the same path as on the host. */
  nodeBinary: string;
  /** Where the clock skew library is inside the image. */
  clockLibrary: string;
}

interface PlannedImage {
  entries: RootEntry[];
  digest: string;
}

const plans = new Map<string, Promise<PlannedImage>>();

/** The node image for these inputs, imported into the daemon if it is not there yet. */
export async function ensureNodeImage(options: NodeImageOptions = {}): Promise<NodeImage> {
  const docker = await connectToDaemon(options.docker);
  const nodeBinary = options.nodeBinary ?? process.execPath;
  const extraPaths = [...(options.extraPaths ?? [])];
  const { entries, digest } = await planned(nodeBinary, extraPaths);
  const tag = `${IMAGE_REPOSITORY}:${digest.slice(0, 16)}`;
  const result = (built: boolean): NodeImage => ({ tag, digest, built, nodeBinary, clockLibrary: IMAGE_CLOCK_LIBRARY });
  if (await imageExists(docker, tag)) return result(false);

  const lock = join(clockCacheDir(), `docker-image-${digest.slice(0, 16)}.lock`);
  return withBuildLock(lock, BUILD_LOCK_TIMEOUT_MS, async () => {
    if (await imageExists(docker, tag)) return result(false);
    const started = performance.now();
    await importRootfs(docker, entries, tag, digest);
    options.log?.(`nemesis/docker: imported ${tag} (${entries.length} entries) in ${Math.round(performance.now() - started)} ms`);
    if (options.pruneOthers ?? true) await pruneOtherImages(docker, tag, options.log);
    return result(true);
  });
}

function planned(nodeBinary: string, extraPaths: string[]): Promise<PlannedImage> {
  const cacheDir = clockCacheDir();
  const key = JSON.stringify([nodeBinary, extraPaths, cacheDir]);
  let plan = plans.get(key);
  if (!plan) {
    plan = (async () => {
      const clockLibrary = await buildClockLibrary();
      const cacheKey = JSON.stringify([nodeBinary, extraPaths, clockLibrary]);
      const cacheFile = join(cacheDir, `docker-image-plan-${createHash('sha256').update(cacheKey).digest('hex').slice(0, 16)}.json`);
      const cached = loadPlan(cacheFile, cacheKey);
      if (cached) return cached;
      const entries = (await planNodeImage({ nodeBinary, clockLibrary, extraPaths })).list();
      const fresh = { entries, digest: await digestEntries(entries) };
      savePlan(cacheFile, cacheKey, fresh);
      return fresh;
    })();
    plans.set(key, plan);
    plan.catch(() => plans.delete(key));
  }
  return plan;
}

async function imageExists(docker: Docker, tag: string): Promise<boolean> {
  try {
    await docker.getImage(tag).inspect();
    return true;
  } catch (err) {
    if (engineStatus(err) === 404) return false;
    throw new FaultlineError('RUN_FAILED', `nemesis/docker image: cannot inspect ${tag}: ${engineMessage(err)}`, { cause: err });
  }
}

async function importRootfs(docker: Docker, entries: readonly RootEntry[], tag: string, digest: string): Promise<void> {
  const [repo, version] = tag.split(':');
  const changes = [`LABEL ${IMAGE_LABEL}=${digest}`, `ENV PATH=${IMAGE_PATH}`];
  let progress: NodeJS.ReadableStream;
  try {
    progress = await docker.importImage(tarStream(entries), { repo, tag: version, changes });
  } catch (err) {
    throw new FaultlineError('RUN_FAILED', `nemesis/docker image: the daemon refused to import ${tag}: ${engineMessage(err)}`, { cause: err });
  }
  const events = await new Promise<unknown[]>((resolve, reject) => {
    docker.modem.followProgress(progress, (err: Error | null, output: unknown[]) => (err ? reject(err) : resolve(output)));
  }).catch((err: unknown) => {
    throw new FaultlineError('RUN_FAILED', `nemesis/docker image: importing ${tag} failed: ${engineMessage(err)}`, { cause: err });
  });
  const failure = events.find((e): e is { error: string } => typeof (e as { error?: unknown }).error === 'string');
  if (failure) throw new FaultlineError('RUN_FAILED', `nemesis/docker image: importing ${tag} failed: ${failure.error}`);
}

/**
 * Older node images go once nothing uses them; one in use by a container stays, and so does a
 * recent one, which another checkout may have just built and not yet started containers from.
 */
async function pruneOtherImages(docker: Docker, keep: string, log?: (message: string) => void): Promise<void> {
  const images = await docker.listImages({ filters: JSON.stringify({ label: [IMAGE_LABEL] }) }).catch(() => []);
  const recent = Date.now() / 1000 - PRUNE_GRACE_S;
  for (const image of images) {
    if ((image.RepoTags ?? []).includes(keep) || image.Created > recent) continue;
    try {
      await docker.getImage(image.Id).remove();
      log?.(`nemesis/docker: removed the outdated node image ${(image.RepoTags ?? [image.Id]).join(', ')}`);
    } catch {
      // In use (409) or already gone: either way not ours to force.
    }
  }
}

/** Checks that the daemon has a user-named image; a ConfigError names it when it does not. */
export async function requireImage(docker: Docker, image: string): Promise<void> {
  try {
    await docker.getImage(image).inspect();
  } catch (err) {
    if (engineStatus(err) === 404) {
      throw new ConfigError('image', `${JSON.stringify(image)} is not in the Docker daemon's images (build it first, or leave image unset to use the built-in node image)`);
    }
    throw new FaultlineError('RUN_FAILED', `nemesis/docker: cannot inspect the image ${image}: ${engineMessage(err)}`, { cause: err });
  }
}
