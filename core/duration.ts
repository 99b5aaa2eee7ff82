// Durations as users write them in flags and config files.

const DURATION_UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** "30s", "500ms", "2m" or a bare number of seconds → milliseconds. */
export function parseDuration(input: unknown): number | undefined {
  if (typeof input === 'number') return Number.isFinite(input) && input >= 0 ? input * 1000 : undefined;
  if (typeof input !== 'string') return undefined;
  const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h)?\s*$/.exec(input);
  if (!match) return undefined;
  return Number(match[1]) * DURATION_UNITS[match[2] ?? 's'];
}
