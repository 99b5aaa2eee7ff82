import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../cli.js';
import { captureIo } from '../test-support/capture-io.js';
import { useTempDir } from '../test-support/temp-dir.js';

const tempDir = useTempDir();
const memoryTarget = new URL('../../targets/memory/target.ts', import.meta.url).pathname;
// The module sits outside any package, so it loads as CommonJS: its default export one level down.

describe('a target whose setup fails', () => {
  it('is still torn down, and the run ends with exit 255 naming the failure', async () => {
    const cwd = tempDir();
    const marker = join(cwd, 'torn-down');
    const module = join(cwd, 'broken-target.ts');
    writeFileSync(
      module,
      [
        `import { writeFileSync } from 'node:fs';`,
        `import { memoryTarget } from ${JSON.stringify(memoryTarget)};`,
        `export default {`,
        `  ...memoryTarget,`,
        `  name: 'broken',`,
        `  async setup() { throw new Error('the database refused to start'); },`,
        `  async teardown() { writeFileSync(${JSON.stringify(marker)}, 'yes'); },`,
        `};`,
      ].join('\n'),
    );
    const io = captureIo(cwd);
    const code = await main(['test', '--target', module, '--time-limit', '1'], io);
    expect(code, io.err()).toBe(255);
    expect(io.err()).toContain('the database refused to start');
    expect(existsSync(marker)).toBe(true);
    expect(readFileSync(join(cwd, 'runs', 'latest', 'harness.log'), 'utf8')).toContain('the database refused to start');
  });
});
