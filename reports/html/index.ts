// HTML building blocks: escaping, the stylesheet and the page shell.
export { clip, escapeHtml, fileHref, jsonForScript, showValue } from './escape.js';
export { contentSecurityPolicy, renderPage, scriptHash } from './page.js';
export type { Page } from './page.js';
export { STYLES } from './styles.js';
