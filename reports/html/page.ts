import { createHash } from 'node:crypto';
import { readInlineAsset } from './assets.js';
import { escapeHtml } from './escape.js';

// The document shell. Its Content-Security-Policy lets nothing load from anywhere and lets
// only our own inline script run (by its hash), so even text that escaped escaping could
// neither run script nor phone home.

export interface Page {
  title: string;
  header: string;
  /** [section id, link text] for the navigation bar. */
  nav: readonly (readonly [string, string])[];
  body: string;
  script: string;
  /** Styles for the page's own parts, after the report's stylesheet. */
  styles?: string;
}

let reportCss: string | undefined;

/** The stylesheet every report page starts from (report.css). */
export function reportStyles(): string {
  reportCss ??= readInlineAsset(new URL('./report.css', import.meta.url), 'style');
  return reportCss;
}

export function scriptHash(script: string): string {
  return `sha256-${createHash('sha256').update(script, 'utf8').digest('base64')}`;
}

/** The policy of a page whose only script is `script`: the report's, and the header `faultline serve` sends. */
export function contentSecurityPolicy(script: string): string {
  return `default-src 'none'; style-src 'unsafe-inline'; script-src '${scriptHash(script)}'; img-src data:; base-uri 'none'; form-action 'none'`;
}

export function renderPage(page: Page): string {
  const csp = contentSecurityPolicy(page.script);
  const nav = page.nav.map(([id, text]) => `<a href="#${escapeHtml(id)}">${escapeHtml(text)}</a>`).join('');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="faultline">
<title>${escapeHtml(page.title)}</title>
<style>${reportStyles()}${page.styles ?? ''}</style>
</head>
<body>
${page.header}
<nav class="toc">${nav}</nav>
<main>
${page.body}
</main>
<script>${page.script}</script>
</body>
</html>
`;
}
