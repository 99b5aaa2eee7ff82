// One error family for everything a user can get wrong, each with a stable code so the
// CLI can map it to an exit code and tests can match on it without parsing messages.

export type ErrorCode = 'BAD_HISTORY' | 'BAD_CONFIG' | 'BAD_ARGUMENT' | 'RUN_FAILED' | 'NODE_UNREACHABLE' | 'UNSUPPORTED';

/**
 * Marks faultline's errors, so that one thrown by another copy of faultline (a user's target
 * that imports the sources, or its own node_modules) is still known as one.
 */
const FAULTLINE_ERROR = Symbol.for('faultline.error');

export class FaultlineError extends Error {
  readonly code: ErrorCode;
  readonly [FAULTLINE_ERROR] = true;

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'FaultlineError';
    this.code = code;
  }
}

/** A history line that cannot be read; `line` (and `column`, when known) are 1-based as editors show them. */
export class HistoryFormatError extends FaultlineError {
  readonly file: string | undefined;
  readonly line: number;
  readonly column: number | undefined;
  readonly field: string | undefined;
  readonly problem: string;

  constructor(detail: { file?: string; line: number; column?: number; field?: string; problem: string }, options?: { cause?: unknown }) {
    const where = `${detail.file ?? 'history'}:${detail.line}${detail.column === undefined ? '' : `:${detail.column}`}`;
    const what = detail.field ? ` field "${detail.field}"` : '';
    super('BAD_HISTORY', `${where}:${what} ${detail.problem}`.replace(':  ', ': '), options);
    this.name = 'HistoryFormatError';
    this.file = detail.file;
    this.line = detail.line;
    this.column = detail.column;
    this.field = detail.field;
    this.problem = detail.problem;
  }
}

/** Bad configuration or flags: names the field and quotes the value. */
export class ConfigError extends FaultlineError {
  readonly field: string;

  constructor(field: string, problem: string, options?: { cause?: unknown }) {
    super('BAD_CONFIG', `${field}: ${problem}`, options);
    this.name = 'ConfigError';
    this.field = field;
  }
}

/**
 * The run folder could not be written (disk full, read-only, removed): the run stops, and the
 * one sentence says which file and what is still on disk. An expected condition: no stack trace.
 */
export class RunStorageError extends FaultlineError {
  readonly path: string;

  constructor(path: string, cause: unknown, kept: string) {
    super('RUN_FAILED', `could not write ${path}: ${storageReason(cause)}; ${kept}`, { cause });
    this.name = 'RunStorageError';
    this.path = path;
  }
}

/** An I/O error in words a person reads: "no space left on device" rather than an errno dump. */
export function storageReason(err: unknown): string {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  const words: Record<string, string> = {
    ENOSPC: 'no space left on device',
    EDQUOT: 'disk quota exceeded',
    EROFS: 'the file system is read-only',
    EACCES: 'permission denied',
    EPERM: 'operation not permitted',
    ENOENT: 'no such file or folder',
    EIO: 'an input/output error',
  };
  return code && Object.hasOwn(words, code) ? `${words[code]} (${code})` : errorMessage(err);
}

export function isStorageError(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  return typeof code === 'string' && ['ENOSPC', 'EDQUOT', 'EROFS', 'EACCES', 'EPERM', 'ENOENT', 'EIO'].includes(code);
}

export function isFaultlineError(err: unknown): err is FaultlineError {
  return err instanceof FaultlineError || (err instanceof Error && (err as unknown as Record<symbol, unknown>)[FAULTLINE_ERROR] === true);
}

export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}
