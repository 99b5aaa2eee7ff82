import { readInlineAsset } from '../html/assets.js';

// The timeline's reader and painter, inlined into report.html. It decodes the packed columns
// once, keeps per-lane lists sorted by start, and repaints only what is in view on a canvas,
// so a 100,000-operation history stays one element, not 100,000. Text from the history
// reaches the page only through textContent.
//
// The code is in client/ as plain browser JavaScript, type-checked with tsc
// (tsconfig.report-js.json): decode.js (the packed columns, lanes), view.js (state and
// geometry), paint.js (drawing) and interact.js (events, highlights, start-up). They are
// wrapped here in one function, so nothing they declare reaches the page's global scope.

const PARTS = ['decode.js', 'view.js', 'paint.js', 'interact.js'];

let script: string | undefined;
let styles: string | undefined;

/** The report's one script (its CSP names it by hash), read once. */
export function timelineScript(): string {
  script ??= `(function () {\n'use strict';\n${PARTS.map((file) => readInlineAsset(new URL(`./client/${file}`, import.meta.url), 'script')).join('\n')}\nstartTimeline();\n})();\n`;
  return script;
}

/** The timeline's stylesheet, read once. */
export function timelineStyles(): string {
  styles ??= readInlineAsset(new URL('./client/timeline.css', import.meta.url), 'style');
  return styles;
}
