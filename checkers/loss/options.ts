import { ConfigError } from '../../harness/errors.js';

/**
 * Reads a checker's untyped options (from CLI flags, a config file or a workload). Unknown
 * names are rejected so that a misspelt option fails loudly instead of being ignored.
 */
export class OptionReader {
  constructor(
    private readonly checker: string,
    private readonly options: Record<string, unknown> | undefined,
    known: readonly string[],
  ) {
    for (const name of Object.keys(options ?? {})) {
      if (!known.includes(name)) {
        const expected = known.length === 0 ? 'it takes no options' : `expected one of ${known.join(', ')}`;
        throw new ConfigError(`${checker}.${name}`, `unknown option (${expected})`);
      }
    }
  }

  boolean(name: string, fallback: boolean): boolean {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    if (typeof value !== 'boolean') this.reject(name, 'must be true or false', value);
    return value as boolean;
  }

  /** A finite number, optionally at least `min`. */
  number(name: string, constraint: { min?: number; integer?: boolean } = {}): number | undefined {
    const value = this.raw(name);
    if (value === undefined) return undefined;
    if (typeof value !== 'number' || !Number.isFinite(value)) this.reject(name, 'must be a finite number', value);
    const n = value as number;
    if (constraint.integer && !Number.isInteger(n)) this.reject(name, 'must be an integer', value);
    if (constraint.min !== undefined && n < constraint.min) this.reject(name, `must be at least ${constraint.min}`, value);
    return n;
  }

  /** A list of distinct account or element names; numbers are taken as their decimal text. */
  names(name: string): string[] | undefined {
    const value = this.raw(name);
    if (value === undefined) return undefined;
    if (!Array.isArray(value) || value.length === 0) this.reject(name, 'must be a non-empty list of names', value);
    const out: string[] = [];
    for (const item of value as unknown[]) {
      if (typeof item !== 'string' && typeof item !== 'number') this.reject(name, 'must hold only strings or numbers', value);
      out.push(String(item));
    }
    if (new Set(out).size !== out.length) this.reject(name, 'must not repeat a name', value);
    return out;
  }

  private raw(name: string): unknown {
    return this.options?.[name];
  }

  private reject(name: string, problem: string, value: unknown): never {
    throw new ConfigError(`${this.checker}.${name}`, `${problem}, got ${quote(value)}`);
  }
}

function quote(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
