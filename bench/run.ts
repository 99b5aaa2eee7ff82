import { readdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

// `npm run bench [filter]`: runs every bench/*.bench.ts whose name contains the filter.
// Each module's default export receives a reporter and prints rows as it measures, so a
// slow suite still shows its early figures.

export interface BenchRow {
  suite: string;
  case: string;
  metrics: Record<string, number | string>;
}

export type BenchModule = (report: (caseName: string, metrics: BenchRow['metrics']) => void) => Promise<void>;

const here = dirname(fileURLToPath(import.meta.url));
const filter = process.argv[2] ?? '';
const files = (await readdir(here)).filter((f) => f.endsWith('.bench.ts') && f.includes(filter)).sort();
if (files.length === 0) {
  console.error(`no benchmark matches "${filter}" in ${here}`);
  process.exit(254);
}
for (const file of files) {
  const suite = file.replace(/\.bench\.ts$/, '');
  console.log(`\n## ${suite}`);
  const mod = (await import(join(here, file))) as { default: BenchModule };
  await mod.default((caseName, metrics) => {
    const cells = Object.entries(metrics).map(([k, v]) => `${k}=${typeof v === 'number' ? formatNumber(v) : v}`);
    console.log(`${caseName.padEnd(44)} ${cells.join('  ')}`);
  });
}

function formatNumber(n: number): string {
  if (Number.isInteger(n)) return String(n);
  return Math.abs(n) >= 100 ? n.toFixed(0) : n.toPrecision(3);
}
