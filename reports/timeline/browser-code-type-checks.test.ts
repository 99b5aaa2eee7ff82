import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';

// The timeline's browser code (client/*.js) is plain JavaScript checked by tsc against the
// DOM and against the TimelineData type the report embeds; `npm run typecheck` runs the same
// check, and this test keeps CI, which runs only the tests, honest about it.

const repo = join(import.meta.dirname, '..', '..');

describe('the timeline’s browser code', () => {
  it('type-checks with tsconfig.report-js.json', async () => {
    const tsc = await execa(process.execPath, [join(repo, 'node_modules/typescript/bin/tsc'), '-p', join(repo, 'tsconfig.report-js.json')], {
      cwd: repo,
      reject: false,
      timeout: 120_000,
    });
    expect(tsc.stdout + tsc.stderr).toBe('');
    expect(tsc.exitCode).toBe(0);
  });
});
