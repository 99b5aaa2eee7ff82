// Entry point of scripts/build-image (which runs this under tsx).
import { buildImageMain } from './main.js';

process.exitCode = await buildImageMain(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  cwd: process.cwd(),
});
