import type { ClientRequest, Hello, KvKey, KvValue } from './messages.js';

// Hand-written checks for what arrives from outside the cluster: a bad request is answered
// with an error naming the field, never allowed into the log.

export type Parsed<T> = { ok: true; value: T } | { ok: false; problem: string };

export function isKvKey(value: unknown): value is KvKey {
  return typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value));
}

export function isKvValue(value: unknown): value is KvValue {
  return typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function parseHello(frame: unknown): Parsed<Hello> {
  if (!isRecord(frame)) return { ok: false, problem: 'hello must be a JSON object' };
  if (frame.hello === 'client') return { ok: true, value: { hello: 'client' } };
  if (frame.hello === 'peer') {
    if (typeof frame.from !== 'string' || frame.from === '') return { ok: false, problem: 'peer hello needs a non-empty "from"' };
    return { ok: true, value: { hello: 'peer', from: frame.from } };
  }
  return { ok: false, problem: `"hello" must be "client" or "peer", got ${JSON.stringify(frame.hello)}` };
}

/** The request id when there is one, so even a malformed request can be answered. */
export function requestId(frame: unknown): number | undefined {
  return isRecord(frame) && Number.isSafeInteger(frame.id) ? (frame.id as number) : undefined;
}

export function parseClientRequest(frame: unknown): Parsed<ClientRequest> {
  if (!isRecord(frame)) return { ok: false, problem: 'request must be a JSON object' };
  const id = requestId(frame);
  if (id === undefined) return { ok: false, problem: '"id" must be an integer' };
  const op = frame.op;
  if (op === 'status') return { ok: true, value: { id, op } };
  if (op !== 'read' && op !== 'write' && op !== 'append' && op !== 'cas') {
    return { ok: false, problem: `"op" must be read, write, append, cas or status, got ${JSON.stringify(op)}` };
  }
  const key = frame.key;
  if (!isKvKey(key)) return { ok: false, problem: `"key" must be a string or a finite number, got ${JSON.stringify(key)}` };
  if (op === 'read') return { ok: true, value: { id, op, key } };
  if (op === 'cas') {
    if (!isKvValue(frame.from)) return { ok: false, problem: `"from" must be a string or a finite number, got ${JSON.stringify(frame.from)}` };
    if (!isKvValue(frame.to)) return { ok: false, problem: `"to" must be a string or a finite number, got ${JSON.stringify(frame.to)}` };
    return { ok: true, value: { id, op, key, from: frame.from, to: frame.to } };
  }
  if (!isKvValue(frame.value)) return { ok: false, problem: `"value" must be a string or a finite number, got ${JSON.stringify(frame.value)}` };
  return { ok: true, value: { id, op, key, value: frame.value } };
}
