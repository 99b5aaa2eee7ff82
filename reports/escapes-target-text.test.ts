import { afterEach, describe, expect, it } from 'vitest';
import { buildReport } from './build-report.js';
import { hostileRun, makeRunFolder, type TempRunFolder } from './test-support/index.js';

// Everything a target produced is text on the page. The browser test proves nothing runs;
// this one pins down where the markup goes.

describe('text from the target in the report', () => {
  let folder: TempRunFolder | undefined;
  afterEach(async () => {
    await folder?.remove();
    folder = undefined;
  });

  it('never appears as markup: values, keys, node names, errors, fault values, checker names and log lines', async () => {
    folder = await makeRunFolder(hostileRun(), 'hostile');
    const html = await buildReport(folder.dir);
    // The only <script> elements are the report's own: its JSON data block and its code.
    expect(html.match(/<script/gi)).toHaveLength(2);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    const data = /<script type="application\/json" id="timeline-data">([\s\S]*?)<\/script>/.exec(html)?.[1] ?? '';
    expect(data).toContain('\\u003cscript\\u003ealert(1)\\u003c/script\\u003e');
    expect(data).not.toContain('<');
    // The anomaly in context, the fault coverage and the client nodes name the hostile node too, as text.
    for (const part of ['class="anomaly in-context"', 'id="fault-coverage"', 'id="client-nodes"']) {
      const from = html.indexOf(part);
      expect(from, part).toBeGreaterThan(0);
      expect(html.slice(from, html.indexOf('</section>', from)), part).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    }
  });

  it('allows only its own script to run, by hash, and nothing to load', async () => {
    folder = await makeRunFolder(hostileRun(), 'hostile');
    const html = await buildReport(folder.dir);
    const csp = (/http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1] ?? '').replace(/&#39;/g, "'");
    expect(csp).toContain("default-src 'none'");
    expect(csp).toMatch(/script-src 'sha256-[A-Za-z0-9+/=]+'/);
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
  });
});
