import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../harness/test-support/temp-dir.js';
import { importGraph, violations } from './import-graph.js';

describe('the import graph', () => {
  const tempDir = useTempDir();

  it('reads bottom (core) to top (harness), with no upward import and no circle', () => {
    const found = violations(importGraph());
    expect(found.upward).toEqual([]);
    expect(found.circles).toEqual([]);
  });

  it('finds an upward import, a type-only one too, and a circle in a planted tree', () => {
    const root = tempDir();
    const write = (file: string, text: string) => {
      mkdirSync(dirname(join(root, file)), { recursive: true });
      writeFileSync(join(root, file), text);
    };
    write('core/a.ts', "import type { B } from '../harness/b.js';\nexport type A = B;\n");
    write('harness/b.ts', 'export type B = number;\n');
    write('checkers/c.ts', "import { d } from './d.js';\nexport const c = () => d;\n");
    write('checkers/d.ts', "import { c } from './c.js';\nexport const d = () => c;\n");
    write('checkers/c.test.ts', "import '../harness/b.js';\n");
    const found = violations(importGraph(root));
    expect(found.upward).toEqual(['core/a.ts → harness/b.ts']);
    expect(found.circles).toEqual([['checkers/c.ts', 'checkers/d.ts', 'checkers/c.ts']]);
  });
});
