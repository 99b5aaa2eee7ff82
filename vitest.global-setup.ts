import { execa } from 'execa';
import { copyReportAssets } from './scripts/copy-report-assets.js';

// CLI tests run the built CLI (bin/faultline.js over dist/) as a user does, so dist/ must match
// the sources under test, the report's browser files included (as npm run build does). The
// build is incremental: after `npm ci` (which builds) it only checks.
export default async function buildOnce(): Promise<void> {
  await execa(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
  copyReportAssets();
}
