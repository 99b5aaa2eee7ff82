import { ConfigError } from './errors.js';
import { isModulePath } from './user-code.js';

// Every checker declares its options here, in one form: name, kind, default and one line of
// help. The same declarations drive the one parser below (for CLI flags, which arrive as
// strings, and for config files and workloads, which pass JSON values), `faultline check
// --help`, and the CLI's routing of flags to the checkers that take them. A new option is one
// declaration; a checker never parses its options by hand.

export type OptionKind =
  /** true or false; the CLI flag alone means true, --no-NAME false. */
  | 'boolean'
  /** A finite number, optionally an integer and at least `min`. */
  | 'number'
  | 'integer'
  /** "60s", "500ms", "2m", "1h" or a number of seconds; parsed to milliseconds. */
  | 'duration'
  /** One of `choices`. */
  | 'choice'
  /** A comma-separated list (or repeated flag, or JSON array) of names, each checked by `choices`/`canonical`. */
  | 'list'
  /** Any JSON value; on the command line a word that is not JSON is taken as a string. */
  | 'json';

export interface OptionDeclaration {
  /** camelCase, as in a config file; the command-line flag is its kebab-case form. */
  readonly name: string;
  readonly kind: OptionKind;
  /** One line for `faultline check --help`. */
  readonly help: string;
  /** Applied when the option is absent; absent and no default means the checker's own choice. */
  readonly default?: unknown;
  /** number, integer: the smallest value accepted. */
  readonly min?: number;
  /** number, integer: also accept these words (e.g. "auto"). */
  readonly words?: readonly string[];
  /** choice, list: the accepted names. */
  readonly choices?: readonly string[];
  /** choice: a path to a module (a user's own) is accepted too, as the path. */
  readonly orModule?: boolean;
  /** list, choice: maps an accepted spelling (an alias) to its canonical name, or undefined when unknown. */
  readonly canonical?: (name: string) => string | undefined;
  /** list: numbers are allowed and taken as their decimal text (account names). */
  readonly numbersAsNames?: boolean;
  /** list: must name at least one element. */
  readonly nonEmpty?: boolean;
  /** list: a repeated element is an error rather than dropped. */
  readonly unique?: boolean;
}

export type OptionDeclarations = readonly OptionDeclaration[];

/** The command-line flag of an option: maxStates → max-states. */
export function flagName(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

/** The option name of a flag: max-states → maxStates. */
export function optionName(flag: string): string {
  return flag.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

/** How the value of an option is written, for help and error messages. */
export function describeKind(d: OptionDeclaration): string {
  switch (d.kind) {
    case 'boolean':
      return 'true or false';
    case 'number':
    case 'integer': {
      const what = d.kind === 'integer' ? 'a whole number' : 'a number';
      const bound = d.min === undefined ? '' : d.min === 0 ? ' (0 or more)' : ` (at least ${d.min})`;
      const words = d.words?.length ? ` or ${d.words.map((w) => `"${w}"`).join(', ')}` : '';
      return `${what}${bound}${words}`;
    }
    case 'duration':
      return 'a duration such as 60s, 500ms, 2m or a number of seconds';
    case 'choice':
      return `one of ${(d.choices ?? []).join(', ')}${d.orModule ? ', or a path to a module' : ''}`;
    case 'list':
      return d.choices ? `a comma-separated list of ${d.choices.join(', ')}` : 'a comma-separated list of names';
    case 'json':
      return 'a JSON value (0, null, "", {"x":0}); a word that is not JSON is a string';
  }
}

const DURATION = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h)?$/;
const UNIT_MS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
const NUMBER_TEXT = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/** Why a value was refused: by default "expected <what the kind takes>", or a sharper sentence. */
class Rejection {
  constructor(readonly message?: string) {}
}

/**
 * Validates a checker's options against its declarations and returns them with defaults
 * applied and every value in its parsed form. An option the checker does not declare is
 * refused, naming the ones it takes, so a misspelt option fails loudly.
 */
export function parseCheckerOptions<T extends object = Record<string, unknown>>(
  checker: string,
  declarations: OptionDeclarations,
  raw: Readonly<Record<string, unknown>> | undefined,
): T {
  const byName = new Map(declarations.map((d) => [d.name, d]));
  const out: Record<string, unknown> = {};
  for (const name of Object.keys(raw ?? {})) {
    if (raw![name] === undefined) continue;
    const declaration = byName.get(name);
    if (!declaration) {
      const takes = declarations.length === 0 ? 'it takes no options' : `it takes ${declarations.map((d) => d.name).join(', ')}`;
      throw new ConfigError(`${checker} option "${name}"`, `is not an option of the ${checker} checker (${takes})`);
    }
  }
  for (const d of declarations) {
    const given = raw && Object.hasOwn(raw, d.name) ? raw[d.name] : undefined;
    if (given === undefined) {
      if (d.default !== undefined) out[d.name] = d.default;
      continue;
    }
    const parsed = parseValue(d, given);
    if (parsed instanceof Rejection) {
      throw new ConfigError(`${checker} option "${d.name}"`, `${parsed.message ?? `expected ${describeKind(d)}`}, got ${quote(given)}`);
    }
    out[d.name] = parsed;
  }
  return out as T;
}

function parseValue(d: OptionDeclaration, value: unknown): unknown {
  if (Array.isArray(value) && d.kind !== 'list' && d.kind !== 'json') {
    // A flag given twice arrives as an array: only lists take several values.
    return new Rejection('is given more than once: expected one value');
  }
  switch (d.kind) {
    case 'boolean':
      if (typeof value === 'boolean') return value;
      if (value === 'true' || value === 'false') return value === 'true';
      return new Rejection();
    case 'number':
    case 'integer':
      return parseNumber(d, value);
    case 'duration':
      return parseDuration(value);
    case 'choice': {
      if (typeof value !== 'string') return new Rejection();
      if (d.orModule && isModulePath(value.trim())) return value.trim();
      const name = canonicalName(d, value.trim());
      return name ?? new Rejection();
    }
    case 'list':
      return parseList(d, value);
    case 'json':
      // Already a JSON value (a config file's); the CLI decodes its strings with commandLineValue.
      return value;
  }
}

function parseNumber(d: OptionDeclaration, value: unknown): unknown {
  if (typeof value === 'string' && d.words?.includes(value.trim())) return value.trim();
  let n: number;
  if (typeof value === 'number') n = value;
  else if (typeof value === 'string' && NUMBER_TEXT.test(value.trim())) n = Number(value.trim());
  else return new Rejection();
  if (!Number.isFinite(n) || (d.kind === 'integer' && !Number.isInteger(n)) || (d.min !== undefined && n < d.min)) return new Rejection();
  return n;
}

function parseDuration(value: unknown): unknown {
  if (typeof value === 'number') return Number.isFinite(value) && value > 0 ? value * 1000 : new Rejection();
  if (typeof value !== 'string') return new Rejection();
  const m = DURATION.exec(value.trim());
  if (!m) return new Rejection();
  const ms = Number(m[1]) * UNIT_MS[m[2] ?? 's'];
  return ms > 0 ? ms : new Rejection();
}

function parseList(d: OptionDeclaration, value: unknown): unknown {
  const items: unknown[] = Array.isArray(value)
    ? value.flatMap((v) => (typeof v === 'string' ? v.split(',') : [v]))
    : typeof value === 'string'
      ? value.split(',')
      : [value];
  const out: string[] = [];
  for (const item of items) {
    let text: string;
    if (typeof item === 'string') text = item.trim();
    else if (typeof item === 'number' && d.numbersAsNames && Number.isFinite(item)) text = String(item);
    else return new Rejection(`${quote(item)} is not a name`);
    if (text === '') continue;
    const name = canonicalName(d, text);
    if (name === undefined) return new Rejection(`${quote(text)} is not one of ${(d.choices ?? []).join(', ')}`);
    if (out.includes(name)) {
      if (d.unique) return new Rejection(`${quote(text)} is named twice`);
      continue;
    }
    out.push(name);
  }
  if (d.nonEmpty && out.length === 0) return new Rejection('names nothing: expected at least one name');
  return out;
}

function canonicalName(d: OptionDeclaration, text: string): string | undefined {
  if (d.canonical) return d.canonical(text);
  if (!d.choices) return text;
  return d.choices.includes(text) ? text : undefined;
}

/**
 * A flag's value as typed: a JSON option is a string on the command line, parsed as JSON
 * ("0", "null", "\"\"", "{\"x\":0}"), and a word that is not JSON is the string itself. In a
 * config file the value is JSON already and does not come through here.
 */
export function commandLineValue(d: OptionDeclaration, value: unknown): unknown {
  if (d.kind !== 'json' || typeof value !== 'string') return value;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

function quote(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
