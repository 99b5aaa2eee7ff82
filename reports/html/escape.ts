// Everything a target produced (values, errors, log lines, node names) reaches the page
// through one of these functions; nothing else builds markup from data.

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes text for element content and quoted attribute values alike. */
export function escapeHtml(text: unknown): string {
  return String(text).replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);
}

const SCRIPT_ESCAPES: Record<string, string> = {
  '<': '\\u003c',
  '>': '\\u003e',
  '&': '\\u0026',
  '\u2028': '\\u2028',
  '\u2029': '\\u2029',
};

/**
 * JSON that is safe inside a `<script>` element: no `</script>` or `<!--` can end or
 * confuse the block, and the line separators that old parsers treat as newlines are escaped.
 * The characters only ever occur inside JSON strings, where `\uXXXX` means the same.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => SCRIPT_ESCAPES[c]);
}

/** A short one-line rendering of any value for tables and tooltips; strings keep their quotes so "3" and 3 differ. */
export function showValue(value: unknown, max = 120): string {
  let text: string;
  if (value === undefined) text = '';
  else {
    try {
      text = JSON.stringify(value) ?? String(value);
    } catch {
      text = String(value);
    }
  }
  return clip(text, max);
}

/** Cuts text to at most `max` characters, marking the cut. */
export function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** A relative link to a file in the run folder, each path segment percent-encoded. */
export function fileHref(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}
