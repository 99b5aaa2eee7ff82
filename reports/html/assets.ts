import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

// The report's browser code and styles are real .js and .css files (the .js type-checked by
// tsconfig.report-js.json), read here and inlined so report.html stays one file that opens
// offline. The build copies them beside the compiled modules (scripts/copy-report-assets.ts).

const CLOSERS = { script: /<\/script|<!--/i, style: /<\/style/i } as const;

/**
 * A file's text for a `<script>` or `<style>` element, read from `url` (a file beside the
 * calling module). Text that would end the element early is refused: it is our own code, so
 * that is a bug here, never something to escape.
 */
export function readInlineAsset(url: URL, element: keyof typeof CLOSERS): string {
  const path = fileURLToPath(url);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new Error(`the report's ${element} file ${path} cannot be read (a build copies it there: npm run build)`, { cause: err });
  }
  if (CLOSERS[element].test(text))
    throw new Error(`${path} contains ${CLOSERS[element].source.replace(/\\/g, '')}, which would end its <${element}> element in report.html`);
  return text;
}
