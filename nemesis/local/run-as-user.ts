import { chown } from 'node:fs/promises';
import { execa } from 'execa';
import { ConfigError } from '../../core/errors.js';

// Some servers refuse to run as root (PostgreSQL). Such a node runs under runuser, which keeps
// the environment (our LD_PRELOAD included) and stays in the node's process group, so signals
// to the group reach the server too. Its data folder is handed to that user.

export interface UserAccount {
  name: string;
  uid: number;
  gid: number;
}

export async function lookUpUser(node: string, name: string): Promise<UserAccount> {
  const result = await execa('getent', ['passwd', name], { reject: false });
  const fields = result.failed ? [] : result.stdout.split('\n')[0].split(':');
  if (fields.length < 4) throw new ConfigError(`command(${node}).user`, `no user named ${JSON.stringify(name)} on this machine`);
  return { name, uid: Number(fields[2]), gid: Number(fields[3]) };
}

/** The command line that runs `command` as `user`. */
export function asUser(user: string, command: string, args: readonly string[]): { command: string; args: string[] } {
  return { command: 'runuser', args: ['-u', user, '--', command, ...args] };
}

export async function giveTo(account: UserAccount, paths: readonly string[]): Promise<void> {
  for (const path of paths) await chown(path, account.uid, account.gid);
}
