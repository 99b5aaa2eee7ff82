import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type Docker from 'dockerode';
import { ConfigError, FaultlineError } from '../../../core/errors.js';
import { packageRoot } from '../../../core/package-root.js';
import { buildClockLibrary, clockCacheDir } from '../../clock/build.js';
import type { ContainerNeeds } from '../../../core/runtime.js';
import { connectToDaemon, engineMessage, engineStatus } from '../daemon.js';
import { buildHolderProgram } from '../holder/build.js';
import { withBuildLock } from './build-lock.js';
import { digestEntries } from './digest.js';
import { packageCodePaths } from './package-code.js';
import { loadPlan, savePlan } from './plan-cache.js';
import { IMAGE_CLOCK_LIBRARY, IMAGE_PATH, planCode, planHolderImage, planNodeImage } from './plan.js';
import { RootfsPlan, type RootEntry } from './rootfs.js';
import { tarStream } from './tar.js';

// No registry is reachable from a test machine, so images are imported from root filesystems
// assembled here (plan.ts) and tagged with the digest of their contents: building is a no-op
// while nothing changed, and seconds when Node, a declared program or faultline's code did.

export const IMAGE_REPOSITORY = 'faultline-node';
export const HOLDER_REPOSITORY = 'faultline-holder';
/** Label on every image faultline builds; its value is the full content digest. */
export const IMAGE_LABEL = 'faultline.image';
/** Which inputs an image was built for, without their contents: older builds of one family are pruned. */
export const FAMILY_LABEL = 'faultline.image-family';

const BUILD_LOCK_TIMEOUT_MS = 5 * 60_000;
const PRUNE_GRACE_S = 3600;
const fromSources = fileURLToPath(import.meta.url).endsWith('.ts');

export interface NodeImageOptions {
  /** A dockerode client (default: DOCKER_HOST or the local socket). */
  docker?: Docker;
  /** The Node binary to put in the image (default: process.execPath). */
  nodeBinary?: string;
  /** What the target's nodes need (host paths at their own paths, exclusions, accounts). */
  needs?: Pick<ContainerNeeds, 'paths' | 'exclude' | 'users'>;
  /** Remove older images of the same family that no container uses (default true). */
  pruneOthers?: boolean;
  log?: (message: string) => void;
}

export interface BuiltImage {
  /** `<repository>:<first 16 hex digits of the digest>`. */
  tag: string;
  /** sha256 of the contents (hex). */
  digest: string;
  /** Whether this call imported it (false: it was already there). */
  built: boolean;
}

export interface NodeImage extends BuiltImage {
  /** Where Node is inside the image: the same path as on the host. */
  nodeBinary: string;
  /** Where the clock skew library is inside the image. */
  clockLibrary: string;
}

interface PlannedImage {
  entries: RootEntry[];
  digest: string;
  family: string;
}

const plans = new Map<string, Promise<PlannedImage>>();

/** The node image for these inputs, imported into the engine if it is not there yet. */
export async function ensureNodeImage(options: NodeImageOptions = {}): Promise<NodeImage> {
  const docker = await connectToDaemon(options.docker);
  const nodeBinary = options.nodeBinary ?? process.execPath;
  const inputs = {
    nodeBinary,
    paths: [...(options.needs?.paths ?? [])],
    exclude: [...(options.needs?.exclude ?? [])],
    users: [...(options.needs?.users ?? [])],
  };
  inputs.paths.forEach((path, i) => {
    if (typeof path !== 'string' || !path.startsWith('/'))
      throw new ConfigError(`container.paths[${i}]`, `must be an absolute path, got ${JSON.stringify(path)}`);
  });
  const planned = await memo(JSON.stringify(['node', inputs, clockCacheDir()]), async () => {
    const clockLibrary = await buildClockLibrary();
    const base = await cachedPlan(['node', inputs, clockLibrary], async () => (await planNodeImage({ ...inputs, clockLibrary })).list());
    const plan = new RootfsPlan();
    plan.merge(base);
    plan.merge(planCode(packageCodePaths(packageRoot(), fromSources)));
    const entries = plan.list();
    return { entries, digest: await digestEntries(entries), family: familyOf(['node', inputs, fromSources]) };
  });
  const image = await ensureImage(docker, IMAGE_REPOSITORY, planned, options);
  return { ...image, nodeBinary, clockLibrary: IMAGE_CLOCK_LIBRARY };
}

/** The holder image (faultline-pod, iptables, tc), imported into the engine if it is not there yet. */
export async function ensureHolderImage(options: Pick<NodeImageOptions, 'docker' | 'log' | 'pruneOthers'> = {}): Promise<BuiltImage> {
  const docker = await connectToDaemon(options.docker);
  const planned = await memo(JSON.stringify(['holder', clockCacheDir()]), async () => {
    const helper = await buildHolderProgram();
    // 'tc': plans cached before the holder image carried tc are not reused.
    const entries = await cachedPlan(['holder', helper, 'tc'], async () => (await planHolderImage(helper)).list());
    return { entries, digest: await digestEntries(entries), family: familyOf(['holder']) };
  });
  return ensureImage(docker, HOLDER_REPOSITORY, planned, options);
}

function memo(key: string, plan: () => Promise<PlannedImage>): Promise<PlannedImage> {
  let planned = plans.get(key);
  if (!planned) {
    planned = plan();
    plans.set(key, planned);
    planned.catch(() => plans.delete(key));
  }
  return planned;
}

/**
 * Planning runs ldd over many binaries; the result is kept on disk and reused while every host
 * file it names is unchanged (plan-cache.ts).
 */
async function cachedPlan(inputs: unknown, plan: () => Promise<RootEntry[]>): Promise<RootEntry[]> {
  const key = JSON.stringify(inputs);
  const file = join(clockCacheDir(), `docker-image-plan-${createHash('sha256').update(key).digest('hex').slice(0, 16)}.json`);
  const cached = loadPlan(file, key);
  if (cached) return cached.entries;
  const entries = await plan();
  savePlan(file, key, { entries, digest: '' });
  return entries;
}

function familyOf(inputs: unknown): string {
  return createHash('sha256').update(JSON.stringify(inputs)).digest('hex').slice(0, 16);
}

async function ensureImage(
  docker: Docker,
  repository: string,
  planned: PlannedImage,
  options: Pick<NodeImageOptions, 'log' | 'pruneOthers'>,
): Promise<BuiltImage> {
  const { entries, digest } = planned;
  const tag = `${repository}:${digest.slice(0, 16)}`;
  if (await imageExists(docker, tag)) return { tag, digest, built: false };
  const lock = join(clockCacheDir(), `docker-image-${digest.slice(0, 16)}.lock`);
  return withBuildLock(lock, BUILD_LOCK_TIMEOUT_MS, async () => {
    if (await imageExists(docker, tag)) return { tag, digest, built: false };
    const started = performance.now();
    await importRootfs(docker, entries, tag, digest, planned.family);
    options.log?.(`nemesis/docker: imported ${tag} (${entries.length} entries) in ${Math.round(performance.now() - started)} ms`);
    if (options.pruneOthers ?? true) await pruneOlderImages(docker, tag, planned.family, options.log);
    return { tag, digest, built: true };
  });
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

async function importRootfs(docker: Docker, entries: readonly RootEntry[], tag: string, digest: string, family: string): Promise<void> {
  const [repo, version] = tag.split(':');
  const changes = [`LABEL ${IMAGE_LABEL}=${digest}`, `LABEL ${FAMILY_LABEL}=${family}`, `ENV PATH=${IMAGE_PATH}`];
  let progress: NodeJS.ReadableStream;
  try {
    progress = await docker.importImage(tarStream(entries), { repo, tag: version, changes });
  } catch (err) {
    throw new FaultlineError('RUN_FAILED', `nemesis/docker image: the engine refused to import ${tag}: ${engineMessage(err)}`, { cause: err });
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
 * Older images of the same family go once nothing uses them; one in use by a container stays,
 * and so does a recent one, which another checkout may have just built and not yet started
 * containers from. Images of other families (another target's) are left alone.
 */
async function pruneOlderImages(docker: Docker, keep: string, family: string, log?: (message: string) => void): Promise<void> {
  const images = await docker.listImages({ filters: JSON.stringify({ label: [IMAGE_LABEL] }) }).catch(() => []);
  const recent = Date.now() / 1000 - PRUNE_GRACE_S;
  for (const image of images) {
    // Images from before families were labelled count as this family's.
    const itsFamily = image.Labels?.[FAMILY_LABEL];
    if (itsFamily !== undefined && itsFamily !== family) continue;
    if ((image.RepoTags ?? []).includes(keep) || image.Created > recent) continue;
    try {
      await docker.getImage(image.Id).remove();
      log?.(`nemesis/docker: removed the outdated image ${(image.RepoTags ?? [image.Id]).join(', ')}`);
    } catch {
      // In use (409) or already gone: either way not ours to force.
    }
  }
}

/** Checks that the engine has a user-named image; a ConfigError names it when it does not. */
export async function requireImage(docker: Docker, image: string): Promise<void> {
  try {
    await docker.getImage(image).inspect();
  } catch (err) {
    if (engineStatus(err) === 404) {
      throw new ConfigError(
        'image',
        `${JSON.stringify(image)} is not among the Docker engine's images (build or load it there first, or leave image unset to assemble one from this machine's files)`,
      );
    }
    throw new FaultlineError('RUN_FAILED', `nemesis/docker: cannot inspect the image ${image}: ${engineMessage(err)}`, { cause: err });
  }
}
