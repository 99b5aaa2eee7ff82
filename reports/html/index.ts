// HTML building blocks: escaping, the inlined stylesheet and scripts, and the page shell.
export { clip, escapeHtml, fileHref, jsonForScript, showValue } from './escape.js';
export { readInlineAsset } from './assets.js';
export { contentSecurityPolicy, renderPage, reportStyles, scriptHash } from './page.js';
export type { Page } from './page.js';
