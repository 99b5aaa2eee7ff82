import { existsSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { ConfigError } from '../../core/errors.js';
import type { ContainerNeeds } from '../../core/runtime.js';
import { POSTGRES_USER } from './launch.js';

// What a PostgreSQL node needs inside a container, from this machine's installation: the server
// and initdb (which runs the server through popen, so /bin/sh too), the server's modules (procedural languages, text search dictionaries, encoding
// conversions: initdb loads several), its share folder (the catalog's bootstrap files, timezone
// and text search data), and the postgres account, since the server refuses to run as root.
// The JIT provider is left out: it drags in LLVM (over 100 MB), and without it PostgreSQL simply
// runs without JIT compilation.

export function postgresContainerNeeds(binDir: string): ContainerNeeds {
  const version = basename(dirname(binDir));
  const libDir = join(dirname(binDir), 'lib');
  const shareDir = `/usr/share/postgresql/${version}`;
  for (const [path, what] of [
    [libDir, 'module folder'],
    [shareDir, 'share folder'],
  ] as const) {
    if (!existsSync(path)) {
      throw new ConfigError(
        'pgBinDir',
        `the ${what} ${path} of the PostgreSQL in ${binDir} is missing, so the Docker runtime cannot copy that server into an image (it expects Debian's layout, /usr/lib/postgresql/<version>)`,
      );
    }
  }
  return {
    paths: [
      join(binDir, 'postgres'),
      join(binDir, 'initdb'),
      '/bin/sh',
      libDir,
      shareDir,
      // The server's default time zone; initdb falls back to GMT when it cannot identify the host's.
      ...['/usr/share/zoneinfo/GMT', '/usr/share/zoneinfo/UTC', '/usr/share/zoneinfo/Etc/UTC'].filter((p) => existsSync(p)),
    ],
    exclude: [join(libDir, 'bitcode'), join(libDir, 'llvmjit.so'), join(libDir, 'llvmjit_types.bc')],
    users: [POSTGRES_USER],
  };
}
