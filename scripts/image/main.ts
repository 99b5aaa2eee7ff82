import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { errorMessage, isFaultlineError } from '../../core/errors.js';
import { ensureNodeImage } from '../../nemesis/docker/image/build.js';

// scripts/build-image's work, as a function of its arguments so it can be tested and called.

export interface BuildImageIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  cwd: string;
}

const USAGE = `usage: scripts/build-image [--extra PATH]... [--node PATH] [--json]
  --extra PATH   also put this host file or folder in the image, at the same path (repeatable)
  --node PATH    the Node binary to put in (default: the one running this script)
  --json         print {"tag","digest","built"} instead of the tag`;

/** Builds (or finds) the node image; returns the exit code (0 done, 254 bad arguments, 255 failed). */
export async function buildImageMain(args: readonly string[], io: BuildImageIo): Promise<number> {
  let values: { extra?: string[]; node?: string; json?: boolean; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: [...args],
      options: {
        extra: { type: 'string', multiple: true },
        node: { type: 'string' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (err) {
    io.stderr(`build-image: ${errorMessage(err)}\n${USAGE}\n`);
    return 254;
  }
  if (values.help) {
    io.stdout(`${USAGE}\n`);
    return 0;
  }
  try {
    const image = await ensureNodeImage({
      nodeBinary: values.node === undefined ? undefined : resolve(io.cwd, values.node),
      needs: { paths: (values.extra ?? []).map((path) => resolve(io.cwd, path)) },
      log: (message) => io.stderr(`${message}\n`),
    });
    if (values.json) io.stdout(`${JSON.stringify({ tag: image.tag, digest: image.digest, built: image.built })}\n`);
    else io.stdout(`${image.tag}${image.built ? '' : ' (already built)'}\n`);
    return 0;
  } catch (err) {
    io.stderr(`build-image: ${errorMessage(err)}\n`);
    return isFaultlineError(err) && ['BAD_CONFIG', 'BAD_ARGUMENT'].includes(err.code) ? 254 : 255;
  }
}
