import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';

// Small C programs that read the wall clock in ways the clock library may or may not reach,
// compiled for a test into a temporary folder (removed by `remove`). Each prints its idea of the
// time, in ms since the epoch, once every 50 ms for at most a minute, like a server logging:
//   viaLibc     — clock_gettime through libc, dynamically linked: reached (the library interposes)
//   viaSyscall  — the raw clock_gettime system call, dynamically linked: never reached, as a Go
//                 program is never reached (Go reads the vDSO itself); only the check after a skew
//                 can tell
//   staticLibc  — clock_gettime through libc, statically linked: no preload is ever loaded, which
//                 the ELF check sees before the run

const SOURCE = `#define _GNU_SOURCE
#include <stdio.h>
#include <time.h>
#include <unistd.h>
#include <sys/syscall.h>
static void now(struct timespec *ts) {
#ifdef RAW
  syscall(SYS_clock_gettime, CLOCK_REALTIME, ts);
#else
  clock_gettime(CLOCK_REALTIME, ts);
#endif
}
int main(void) {
  setvbuf(stdout, NULL, _IOLBF, 0);
  for (int i = 0; i < 1200; i++) {
    struct timespec ts;
    now(&ts);
    printf("%lld\\n", (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000);
    usleep(50000);
  }
  return 0;
}
`;

export interface TimePrograms {
  viaLibc: string;
  viaSyscall: string;
  staticLibc: string;
  remove(): void;
}

export async function buildTimePrograms(): Promise<TimePrograms> {
  const dir = mkdtempSync(join(tmpdir(), 'faultline-time-programs-'));
  const source = join(dir, 'clock.c');
  writeFileSync(source, SOURCE);
  const compiler = process.env.CC || 'gcc';
  const out = (name: string) => join(dir, name);
  try {
    await execa(compiler, ['-O2', '-o', out('via-libc'), source]);
    await execa(compiler, ['-O2', '-DRAW', '-o', out('via-syscall'), source]);
    await execa(compiler, ['-O2', '-static', '-o', out('static-libc'), source]);
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  return {
    viaLibc: out('via-libc'),
    viaSyscall: out('via-syscall'),
    staticLibc: out('static-libc'),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
