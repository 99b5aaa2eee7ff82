#!/usr/bin/env node
// Runs the compiled CLI when it exists (npm ci builds it); from a source checkout without
// a build, falls back to running the TypeScript through tsx.
import { existsSync } from 'node:fs';

const compiled = new URL('../dist/harness/cli.js', import.meta.url);
let cli;
if (existsSync(compiled)) {
  cli = await import(compiled.href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  cli = await import(new URL('../harness/cli.ts', import.meta.url).href);
}
process.exitCode = await cli.main(process.argv.slice(2));
