import { errorMessage } from '../../core/errors.js';

// What a client error says about the operation, in the history's terms: `fail` when it certainly
// did not take effect, `info` when it may have (Jepsen's :fail and :info). Calling an operation
// that happened `fail` makes a checker wrong; calling one that failed `info` only makes it work
// harder, so anything unproven is `info`. What is proven: the request never left this process
// (the caller says so with `sent: false`), the connection was refused (so nothing was sent on
// it), or the server answered "no" (a Refusal, or what a rule of the caller's recognises).

/** How one error is judged; every field given must match. */
export interface ErrorRule {
  /** `err.code`: Node's socket codes (ECONNREFUSED…), or a driver's own (a SQLSTATE…). */
  code?: string | readonly string[];
  /** `err.name`, e.g. ioredis's 'ReplyError'. */
  name?: string | readonly string[];
  /** Text the message contains, or a pattern it matches. */
  message?: string | RegExp;
  /** Anything else about the error. */
  test?: (err: unknown) => boolean;
  outcome: 'fail' | 'info';
  /** Why, in words: for the reader of the rules. */
  why: string;
}

/** What the caller knows of the request when it failed. */
export interface ErrorContext {
  /**
   * False when the request that could take effect (the write, the COMMIT) certainly never left
   * this process: then nothing happened, whatever the error. Default: it may have been sent.
   */
  sent?: boolean;
}

/** The operation's completion for an error: its type and the error's message. */
export interface ErrorCompletion {
  type: 'fail' | 'info';
  error: string;
}

const REFUSAL = Symbol.for('faultline.refusal');

/** Thrown (or classified) when the server answered that it did not, and will not, do the operation. */
export class Refusal extends Error {
  readonly [REFUSAL] = true;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'Refusal';
  }
}

/** True for a Refusal, also one from another copy of faultline (a user's own node_modules). */
export function isRefusal(err: unknown): err is Refusal {
  return typeof err === 'object' && err !== null && (err as Record<symbol, unknown>)[REFUSAL] === true;
}

/** The rules every classifier ends with; a classifier's own rules come first. */
export const DEFAULT_ERROR_RULES: readonly ErrorRule[] = Object.freeze([
  { test: isRefusal, outcome: 'fail', why: 'the server answered that it did not do it' },
  { code: 'ECONNREFUSED', outcome: 'fail', why: 'the connection was refused, so nothing was sent on it' },
  { code: ['ENOTFOUND', 'EAI_AGAIN'], outcome: 'fail', why: 'the host name did not resolve, so no connection was made' },
  { code: ['ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ECONNABORTED'], outcome: 'info', why: 'the connection broke; the request may have arrived before it did' },
  { name: ['AbortError', 'TimeoutError'], outcome: 'info', why: 'the client stopped waiting; the server may still do it' },
]) as readonly ErrorRule[];

/** Judges an error: `fail` (certainly not applied) or `info` (maybe applied). */
export type ErrorClassifier = (err: unknown, context?: ErrorContext) => 'fail' | 'info';

/**
 * A classifier with these rules before the defaults, e.g. for ioredis:
 * `errorClassifier([{ name: 'ReplyError', outcome: 'fail', why: 'Redis answered with an error' }])`.
 * The first rule that matches decides; no match means `info`; `sent: false` means `fail`.
 */
export function errorClassifier(rules: readonly ErrorRule[] = []): ErrorClassifier {
  const all = [...rules, ...DEFAULT_ERROR_RULES];
  return (err, context = {}) => {
    if (context.sent === false) return 'fail';
    return all.find((rule) => matches(rule, err))?.outcome ?? 'info';
  };
}

/** The default classifier (DEFAULT_ERROR_RULES only). */
export const classifyError: ErrorClassifier = errorClassifier();

/** `{ type, error }` for a client's completion: `catch (err) { return errorCompletion(err, { sent }) }`. */
export function errorCompletion(err: unknown, context: ErrorContext = {}, classify: ErrorClassifier = classifyError): ErrorCompletion {
  return { type: classify(err, context), error: errorMessage(err) };
}

function matches(rule: ErrorRule, err: unknown): boolean {
  const e = (typeof err === 'object' && err !== null ? err : {}) as { code?: unknown; name?: unknown };
  if (rule.code !== undefined && !oneOf(rule.code, e.code)) return false;
  if (rule.name !== undefined && !oneOf(rule.name, e.name)) return false;
  if (rule.message !== undefined) {
    const message = errorMessage(err);
    if (typeof rule.message === 'string' ? !message.includes(rule.message) : !rule.message.test(message)) return false;
  }
  if (rule.test !== undefined && !rule.test(err)) return false;
  return rule.code !== undefined || rule.name !== undefined || rule.message !== undefined || rule.test !== undefined;
}

function oneOf(wanted: string | readonly string[], actual: unknown): boolean {
  return typeof actual === 'string' && (typeof wanted === 'string' ? actual === wanted : wanted.includes(actual));
}
