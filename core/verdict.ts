import type { History } from './history.js';
import type { OptionDeclarations } from './checker-options.js';
import type { HistoryShape } from './history-shape.js';

// Three-way verdicts as Jepsen has them: `unknown` means the checker ran out of budget
// (and says which), never that it guessed.

export type Validity = true | false | 'unknown';

export type Verdict<Details extends object = object> =
  | ({ valid: true } & Details)
  | ({ valid: false } & Details)
  | ({ valid: 'unknown'; reason: string } & Partial<Details>);

export interface CheckContext {
  /** Aborts a long search; the checker then answers `unknown`. */
  signal?: AbortSignal;
}

/**
 * A checker is a pure function from a history to a verdict. `options` arrive untyped (from
 * CLI flags, a config file or a workload); the checker declares them in `options` and reads
 * them with the one parser of ./options.ts.
 */
export interface Checker<Details extends object = object> {
  readonly name: string;
  /** One line for `faultline check --help`. */
  readonly summary: string;
  /** Every option the checker takes (none when absent): the CLI's flags, help and validation come from here. */
  readonly options?: OptionDeclarations;
  /**
   * The operations the checker accepts, validated before it runs (./shape.ts), so that a
   * malformed operation is reported by line and field instead of reaching the checker. A
   * function when the shape depends on the options (the linearizable checker's model).
   */
  readonly accepts?: HistoryShape | ((options: Record<string, unknown>) => HistoryShape);
  check(history: History, options: Record<string, unknown>, context?: CheckContext): Promise<Verdict<Details>> | Verdict<Details>;
}

export interface ComposedVerdict {
  valid: Validity;
  checkers: Record<string, Verdict>;
}

/** Invalid beats unknown beats valid, as in Jepsen's merge-valid. */
export function mergeValidity(values: Iterable<Validity>): Validity {
  let merged: Validity = true;
  for (const v of values) {
    if (v === false) return false;
    if (v === 'unknown') merged = 'unknown';
  }
  return merged;
}

export function compose(results: Record<string, Verdict>): ComposedVerdict {
  return { valid: mergeValidity(Object.values(results).map((r) => r.valid)), checkers: results };
}
