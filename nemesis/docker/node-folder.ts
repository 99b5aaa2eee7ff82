import { existsSync } from 'node:fs';
import { ConfigError } from '../../core/errors.js';
import { lookUpUser } from '../local/run-as-user.js';
import type { ContainerNeeds, NodeInfo } from '../../core/runtime.js';
import { nodeFolder, type NodeHolder } from './holder/holder.js';
import { RootfsPlan, type RootEntry } from './image/rootfs.js';
import { tarStream } from './image/tar.js';

// A node's folder lives in its volume, on the engine's machine. Before the node's first start
// (and again should it come to run as another user) the folder is made ready there: what a
// target put into nodes/<name>/ on this machine beforehand (a config file, a template data
// folder) is copied in, and the folder with everything in it is handed to the user the node
// runs as (PostgreSQL refuses to run as root), with the same uid and gid as here, which the
// image's /etc/passwd has too.

export async function prepareNodeFolder(holder: NodeHolder, info: NodeInfo, user: string | undefined, needs: ContainerNeeds, ownImage: boolean): Promise<void> {
  const folder = nodeFolder(info);
  const entries = hostEntries(folder);
  if (entries.some((e) => e.kind !== 'dir')) await holder.upload(folder, tarStream(entries));
  let uid = 0;
  let gid = 0;
  if (user !== undefined && user !== 'root') {
    if (!ownImage && !(needs.users ?? []).includes(user)) {
      throw new ConfigError(
        `command(${info.name}).user`,
        `the node runs as ${JSON.stringify(user)}, which its container needs do not name (add it to container.users)`,
      );
    }
    ({ uid, gid } = await lookUpUser(info.name, user));
  }
  await holder.own(uid, gid, [folder, info.dataDir]);
}

/** The host folder's contents as archive entries relative to the folder (empty when it has none). */
function hostEntries(folder: string): RootEntry[] {
  if (!existsSync(folder)) return [];
  const plan = new RootfsPlan();
  plan.addHostTree(folder);
  const prefix = `${folder}/`;
  return plan
    .list()
    .filter((e) => e.path.startsWith(prefix))
    .map((e) => ({ ...e, path: e.path.slice(prefix.length) }));
}
