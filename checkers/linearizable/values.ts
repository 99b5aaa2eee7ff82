// Values from a history are arbitrary JSON. Models compare them many times per search, so
// each is reduced once to a canonical primitive that `===` compares correctly: numbers,
// strings, booleans and null stay as they are; arrays and objects become a tagged string of
// their key-sorted JSON, which no plain string can equal.

export type Canonical = string | number | boolean | null;

const STRUCTURED_TAG = '\u0000';

export function canonical(value: unknown): Canonical {
  if (value === null || value === undefined) return null;
  switch (typeof value) {
    case 'number':
      return Object.is(value, -0) ? 0 : value;
    case 'string':
    case 'boolean':
      return value;
    default:
      return STRUCTURED_TAG + stableJson(value);
  }
}

/** JSON with object keys sorted, so equal structures give equal text. */
export function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const keys = Object.keys(value).sort();
    const obj = value as Record<string, unknown>;
    return `{${keys.map((k) => `${JSON.stringify(k)}:${stableJson(obj[k])}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** How a canonical value reads in an explanation. */
export function showCanonical(value: Canonical): string {
  if (typeof value === 'string') {
    return value.startsWith(STRUCTURED_TAG) ? value.slice(1) : JSON.stringify(value);
  }
  return String(value);
}

/** The murmur3 finalizer: spreads every input bit over the 32-bit result. */
export function mix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h | 0;
}

/** FNV-1a over UTF-16 code units. */
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return mix32(h);
}

const NULL_HASH = 0x5bd1e995 | 0;
const TRUE_HASH = 0x27d4eb2f | 0;
const FALSE_HASH = 0x165667b1 | 0;

export function hashCanonical(value: Canonical): number {
  if (value === null) return NULL_HASH;
  if (typeof value === 'number') {
    return (value | 0) === value ? mix32(value ^ 0x9e3779b9) : hashString(String(value));
  }
  if (typeof value === 'string') return hashString(value);
  return value ? TRUE_HASH : FALSE_HASH;
}

/** One string that tells canonical values apart (1 and "1" differ), for operation keys. */
export function joinCanonical(values: readonly Canonical[]): string {
  let out = '';
  for (const v of values) out += `${typeof v === 'string' ? `s${v}` : String(v)}\u0001`;
  return out;
}
