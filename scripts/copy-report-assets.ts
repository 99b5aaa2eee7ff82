import { copyFileSync, mkdirSync, readdirSync } from 'node:fs';
import { dirname, join, normalize, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

// The report's browser files (.js and .css under reports/, outside test support) are read at
// report time from beside the module that inlines them, so the build copies them into dist/
// where the compiled modules look: `npm run build` runs this after tsc, and so does the test
// suite's global setup. `node --import tsx scripts/copy-report-assets.ts` runs it alone.

const ROOT = fileURLToPath(new URL('..', import.meta.url));

function assets(dir: string, out: string[]): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'test-support' && entry.name !== 'screenshots') assets(path, out);
    } else if (/\.(js|css)$/.test(entry.name)) {
      out.push(path);
    }
  }
  return out;
}

/** Copies every report asset to the same place under `outDir`; returns their paths relative to the root. */
export function copyReportAssets(root = ROOT, outDir = join(root, 'dist')): string[] {
  const copied: string[] = [];
  for (const source of assets(join(root, 'reports'), [])) {
    const rel = relative(root, source);
    const target = join(outDir, rel);
    mkdirSync(dirname(target), { recursive: true });
    copyFileSync(source, target);
    copied.push(rel.split(sep).join('/'));
  }
  return copied;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === normalize(process.argv[1])) {
  console.log(`copied ${copyReportAssets().length} report assets into dist/`);
}
