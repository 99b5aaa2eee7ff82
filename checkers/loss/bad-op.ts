import { HistoryFormatError } from '../../core/errors.js';
import type { Op } from '../../core/history.js';

/**
 * An operation whose value breaks a checker's history convention. History files hold one
 * operation per line from index 0, so the line an editor shows is `index + 1`.
 */
export function badOp(checker: string, op: Op, problem: string): HistoryFormatError {
  return new HistoryFormatError({
    line: op.index + 1,
    field: 'value',
    problem: `${checker}: ${op.type} ${op.f} at index ${op.index} ${problem}, got ${quote(op.value)}`,
  });
}

function quote(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
