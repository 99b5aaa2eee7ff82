import { describe, expect, it } from 'vitest';
import { escapeHtml, fileHref, jsonForScript, showValue } from './escape.js';

describe('escaping text from targets', () => {
  it('escapes markup characters in text and attributes', () => {
    expect(escapeHtml(`<script>alert("x")</script> & 'y'`)).toBe('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;y&#39;');
  });

  it('keeps inline JSON from closing its script block or breaking lines', () => {
    const value = { v: '</script><script>alert(1)</script>', sep: 'a\u2028b\u2029c', amp: 'x&y', comment: '<!--' };
    const text = jsonForScript(value);
    expect(text).not.toMatch(/[<>&\u2028\u2029]/);
    expect(JSON.parse(text)).toEqual(value);
  });

  it('shows strings quoted so "3" and 3 differ, and cuts long values', () => {
    expect(showValue('3')).toBe('"3"');
    expect(showValue(3)).toBe('3');
    expect(showValue('x'.repeat(200), 10)).toBe(`"${'x'.repeat(8)}…`);
  });

  it('encodes each segment of a file link', () => {
    expect(fileHref('nodes/n#1?.log')).toBe('nodes/n%231%3F.log');
  });
});
