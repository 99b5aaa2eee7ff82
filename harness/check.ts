import { checkerCatalog, type CheckerCatalog } from '../checkers/registry.js';
import { lineOf, validateShape, type SourceMap } from '../core/history-shape.js';
import { parseCheckerOptions } from '../core/checker-options.js';
import { compose, type Checker, type ComposedVerdict, type Verdict } from '../core/verdict.js';
import { errorMessage, FaultlineError, HistoryFormatError, isFaultlineError } from '../core/errors.js';
import { anomalyContext, type AnomalyContext } from '../reports/context/anomaly-context.js';
import type { History } from '../core/history.js';
import type { CheckerSpec } from '../core/target.js';

export interface RunCheckersInput {
  log?: (message: string) => void;
  /** The history's file and line per operation, so that errors name the line an editor shows. */
  source?: SourceMap;
  /**
   * What a malformed history or bad option does: `throw` (the check command: exit 254 naming
   * file, line and field) or `unknown` (a finished run: that checker's verdict is unknown, with
   * the reason, and the other checkers still answer).
   */
  badInput?: 'throw' | 'unknown';
  /** Where checker names are looked up: the built-ins unless a target or the user brings more. */
  catalog?: CheckerCatalog;
}

/**
 * The composed verdict, and (`faultWindows`, `anomalies`) every anomaly's operations with the
 * node that served each and the faults in force at its invocation and completion, and what each
 * fault window exercised. Missing only when reading the context failed (`contextError` says why).
 */
export type CheckedResults = ComposedVerdict & Partial<AnomalyContext> & { contextError?: string };

/**
 * Runs each named checker on the history, composes the verdicts and puts the anomalies in
 * context. Each checker first has its options parsed and every operation it will read
 * validated against the shape it declares; a checker that still throws yields `unknown` with
 * the reason, so a run's verdict is never lost to one broken checker, nor to the context.
 */
export async function runCheckers(
  history: History,
  specs: readonly CheckerSpec[],
  input: RunCheckersInput | ((message: string) => void) = {},
): Promise<CheckedResults> {
  const { log, source, badInput = 'unknown', catalog = checkerCatalog() } = typeof input === 'function' ? { log: input } : input;
  // Checker names (and `as` labels) are data: a prototype-free object keeps "__proto__" a plain name.
  const results = Object.create(null) as Record<string, Verdict>;
  for (const spec of specs) {
    const name = spec.as ?? spec.checker;
    const checker = catalog.find(spec.checker);
    if (!checker) {
      results[name] = { valid: 'unknown', reason: `no checker named "${spec.checker}" (known: ${catalog.names().join(', ')})` };
      continue;
    }
    const started = performance.now();
    try {
      validateInput(checker, history, spec.options ?? {}, source);
      results[name] = await checker.check(history, spec.options ?? {});
    } catch (err) {
      if (isBadInput(err)) {
        const located = locate(err, source);
        if (badInput === 'throw') throw located;
        log?.(`checker ${name} refused its input: ${located.message}`);
        results[name] = { valid: 'unknown', reason: `bad input: ${located.message}` };
      } else {
        log?.(`checker ${name} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
        const where = whereThrown(err);
        results[name] = { valid: 'unknown', reason: `checker crashed: ${errorMessage(err)}${where ? ` (at ${where})` : ''}` };
      }
    }
    log?.(`checker ${name}: valid=${String(results[name].valid)} in ${Math.round(performance.now() - started)} ms`);
  }
  const composed: CheckedResults = compose(results);
  try {
    Object.assign(composed, anomalyContext(history, results));
  } catch (err) {
    log?.(`putting anomalies in context failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    composed.contextError = errorMessage(err);
  }
  return composed;
}

/** Parses the checker's declared options and validates the operations it will read. */
export function validateInput(checker: Checker, history: History, options: Record<string, unknown>, source?: SourceMap): void {
  parseCheckerOptions(checker.name, checker.options ?? [], options);
  const shape = typeof checker.accepts === 'function' ? checker.accepts(options) : checker.accepts;
  if (shape) validateShape(checker.name, shape, history, source);
}

/** Options and checker names of a run, refused before anything starts rather than after the run. */
export function validateCheckerSpecs(specs: readonly CheckerSpec[], catalog: CheckerCatalog = checkerCatalog()): void {
  for (const spec of specs) {
    const checker = catalog.find(spec.checker);
    if (!checker) throw new FaultlineError('BAD_CONFIG', `checkers: no checker named "${spec.checker}" (known: ${catalog.names().join(', ')})`);
    parseCheckerOptions(checker.name, checker.options ?? [], spec.options ?? {});
    if (typeof checker.accepts === 'function') checker.accepts(spec.options ?? {});
  }
}

function isBadInput(err: unknown): err is FaultlineError {
  return isFaultlineError(err) && (err.code === 'BAD_HISTORY' || err.code === 'BAD_CONFIG');
}

/**
 * A checker counts lines as index + 1 and knows no file; with the reader's source map the
 * error names the file and the line the operation really is on.
 */
function locate(err: FaultlineError, source: SourceMap | undefined): FaultlineError {
  if (!(err instanceof HistoryFormatError) || err.file !== undefined || !source) return err;
  const line = source.lines ? lineOf(source, err.line - 1) : err.line;
  return new HistoryFormatError({ file: source.file, line, field: err.field, problem: err.problem }, { cause: err });
}

/**
 * The checkers a run uses: the workload's (or the config's override) plus stats; `model`, when
 * given, is the model of each linearizable checker among them.
 */
export function checkerSpecsFor(workloadCheckers: readonly CheckerSpec[], override?: readonly CheckerSpec[], model?: string): CheckerSpec[] {
  const specs = (override ?? workloadCheckers).map((s) =>
    model !== undefined && s.checker === 'linearizable' ? { ...s, options: { ...s.options, model } } : s,
  );
  if (!specs.some((s) => s.checker === 'stats')) specs.push({ checker: 'stats' });
  return specs;
}

/**
 * The file, line and column an error was thrown at, from its stack: the first frame outside Node
 * and outside node_modules (a user checker's own file, source-mapped when it is TypeScript).
 */
export function whereThrown(err: unknown): string | undefined {
  const stack = err instanceof Error ? err.stack : undefined;
  for (const line of stack?.split('\n').slice(1) ?? []) {
    const frame = /\(?((?:file:\/\/)?\/[^()\s]+:\d+:\d+)\)?\s*$/.exec(line.trim());
    if (frame && !frame[1].includes('/node_modules/')) return frame[1].replace(/^file:\/\//, '');
  }
  return undefined;
}
