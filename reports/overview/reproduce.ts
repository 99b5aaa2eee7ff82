import type { TestRecordView } from '../run-folder/load-run.js';

// The command that reproduces a run: the one recorded in test.json, pinned to the run's
// seed; or, for a run recorded without its command line, one rebuilt from the config.

const SAFE_ARG = /^[A-Za-z0-9_\-.,/:=@%+]+$/;

/** Quotes an argument for a POSIX shell, only when it needs it. */
export function shellQuote(arg: string): string {
  if (arg !== '' && SAFE_ARG.test(arg)) return arg;
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}

export interface Reproduction {
  argv: string[];
  /** True when rebuilt from the config rather than recorded. */
  rebuilt: boolean;
}

/** What `faultline <argv>` is invoked as: the script path or binary becomes `npx faultline`. */
const CLI_ENTRY = /(^|\/)(cli\.[cm]?[jt]s|faultline(\.[cm]?js)?)$/;

export function reproduction(test: TestRecordView | undefined): Reproduction | undefined {
  if (!test) return undefined;
  const seed = test.config.seed;
  const recorded = test.command ?? [];
  if (recorded.length > 0) {
    const args = CLI_ENTRY.test(recorded[0]) ? recorded.slice(1) : [...recorded];
    const hasSeed = args.some((a) => a === '--seed' || a.startsWith('--seed='));
    const argv = ['npx', 'faultline', ...args];
    if (!hasSeed && typeof seed === 'number') argv.push('--seed', String(seed));
    return { argv, rebuilt: false };
  }
  return { argv: rebuildFromConfig(test.config), rebuilt: true };
}

const FLAG_FIELDS: readonly [string, string, (v: unknown) => string | undefined][] = [
  ['name', '--name', str],
  ['target', '--target', str],
  ['workload', '--workload', str],
  ['nodes', '--nodes', (v) => (typeof v === 'number' && v > 0 ? String(v) : undefined)],
  ['concurrency', '--concurrency', num],
  ['timeLimit', '--time-limit', ms],
  ['rate', '--rate', num],
  ['opTimeout', '--op-timeout', ms],
  ['nemesis', '--nemesis', (v) => (Array.isArray(v) ? (v.length ? v.map(String).join(',') : 'none') : str(v))],
  ['nemesisInterval', '--nemesis-interval', ms],
  ['recovery', '--recovery', ms],
  ['runtime', '--runtime', str],
  ['seed', '--seed', num],
];

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}
function num(v: unknown): string | undefined {
  return typeof v === 'number' ? String(v) : undefined;
}
function ms(v: unknown): string | undefined {
  return typeof v === 'number' ? `${v / 1000}s` : str(v);
}

function rebuildFromConfig(config: Record<string, unknown>): string[] {
  const argv = ['npx', 'faultline', 'test'];
  for (const [field, flag, show] of FLAG_FIELDS) {
    const value = show(config[field]);
    if (value !== undefined) argv.push(flag, value);
  }
  const options = config.targetOptions;
  if (options && typeof options === 'object') {
    for (const [key, value] of Object.entries(options as Record<string, unknown>)) {
      const flag = `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
      for (const v of Array.isArray(value) ? value : [value]) {
        if (typeof v === 'boolean') argv.push(v ? flag : `--no-${flag.slice(2)}`);
        else if (typeof v === 'string' || typeof v === 'number') argv.push(flag, String(v));
      }
    }
  }
  return argv;
}
