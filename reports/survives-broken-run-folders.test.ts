import { readFile } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { FaultlineError } from '../core/errors.js';
import { buildReport, writeReport } from './build-report.js';
import { makeRunFolder, registerRun, type TempRunFolder } from './test-support/index.js';

// A report is written for every run, however it ended: missing or broken files are named,
// never fatal, and a checker the report does not know is still shown.

describe('a report for a broken or unusual run folder', () => {
  let folder: TempRunFolder | undefined;
  afterEach(async () => {
    await folder?.remove();
    folder = undefined;
  });

  it('says there is no verdict when results.json is missing, and still draws the history', async () => {
    const { history } = await registerRun({ operations: 100 });
    folder = await makeRunFolder({ history });
    const html = await buildReport(folder.dir);
    expect(html).toContain('NO VERDICT');
    expect(html).toContain('results.json: missing');
    expect(html).toContain('id="timeline-data"');
    expect(html).toContain('class="chart"');
  });

  it('names the bad line of a broken history instead of failing', async () => {
    folder = await makeRunFolder({
      historyText: '{"index":0,"time":1,"type":"invoke","process":0,"f":"read","value":null}\n{"index":5}\n',
      results: { valid: true, checkers: {} },
    });
    const html = await buildReport(folder.dir);
    expect(html).toContain('history could not be read');
    expect(html).toContain('history.jsonl:2');
  });

  it('shows an unknown checker’s result generically, and an unknown verdict with its reason', async () => {
    const { history } = await registerRun({ operations: 100 });
    const results = {
      valid: 'unknown',
      checkers: {
        'brand-new': { valid: false, widgets: 3, broken: [{ index: 4, why: 'bent' }], nested: { a: 1 } },
        slow: { valid: 'unknown', reason: 'ran out of time after 60 s' },
      },
    };
    folder = await makeRunFolder({ history, results });
    const html = await buildReport(folder.dir);
    expect(html).toContain('brand-new: invalid');
    expect(html).toContain('<td>bent</td>'.replace('bent', '&quot;bent&quot;'));
    expect(html).toContain('Raw result (JSON)');
    expect(html).toContain('undecided: ran out of time after 60 s');
  });

  it('falls back to the generic view when a known result has an unexpected shape', async () => {
    const { history } = await registerRun({ operations: 100 });
    const results = { valid: false, checkers: { linearizable: { valid: false, model: 'cas-register', failures: [{ key: 1, nonsense: true }] } } };
    folder = await makeRunFolder({ history, results });
    const html = await buildReport(folder.dir);
    expect(html).toContain('The specialised view of this result failed');
    expect(html).toContain('&quot;nonsense&quot;');
  });

  it('marks a run that itself failed', async () => {
    const { history } = await registerRun({ operations: 50 });
    folder = await makeRunFolder({ history, results: { valid: 'unknown', checkers: {}, error: 'node n2 never started' } });
    const html = await buildReport(folder.dir);
    expect(html).toContain('RUN FAILED');
    expect(html).toContain('node n2 never started');
  });

  it('writes report.html into the run folder and refuses a folder that does not exist', async () => {
    const { history, results } = await registerRun({ operations: 50 });
    folder = await makeRunFolder({ history, results });
    const path = await writeReport(folder.dir);
    expect(path).toBe(`${folder.dir}/report.html`);
    expect(await readFile(path, 'utf8')).toMatch(/^<!DOCTYPE html>/);
    await expect(writeReport(`${folder.dir}/nope`)).rejects.toBeInstanceOf(FaultlineError);
  });
});
