import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Op } from '../core/history.js';
import { runCheckers, type CheckedResults } from '../harness/check.js';
import { HistoryBuilder } from '../checkers/test-support/index.js';
import { writeReport } from './build-report.js';
import { browserAvailability, makeRunFolder, openBrowser, openReport, screenshotDir, type BrowserSession, type TempRunFolder } from './test-support/index.js';

// A stale read on a node cut off by a partition, in a run of four workers on three nodes (worker
// w on n((w mod 3) + 1)); worker 3's write times out, and its next process (7) stays on n1. The
// report puts the anomaly in context (node and fault per operation), shows what the partition
// exercised, and which worker served on which node; results.json says the same.

const browser = browserAvailability();

function history(): Op[] {
  const h = new HistoryBuilder();
  const isolateN1 = { topology: 'isolate-one', grudge: { n1: ['n2', 'n3'], n2: ['n1'], n3: ['n1'] } };
  h.at(1.0).invoke(1, 'write', 2, undefined, { node: 'n2' });
  h.at(1.1).ok(1, 2, { node: 'n2' });
  h.at(1.2).invoke(0, 'read', null, undefined, { node: 'n1' });
  h.at(1.3).ok(0, 2, { node: 'n2' });
  h.at(4.7).nemesis('start-partition', isolateN1);
  h.at(4.75).invoke(1, 'write', 3, undefined, { node: 'n2' });
  h.at(4.8).ok(1, 3, { node: 'n2' });
  h.at(4.82).invoke(0, 'read', null, undefined, { node: 'n1' });
  h.at(4.9).ok(0, 2, { node: 'n1' });
  h.at(5.0).invoke(3, 'write', 4, undefined, { node: 'n1' });
  h.at(6.0).invoke(2, 'read', null, undefined, { node: 'n3' });
  h.at(6.1).ok(2, 3, { node: 'n2' });
  h.at(10.0).info(3, 4, 'timeout after 5000 ms');
  h.at(10.1).invoke(7, 'read', null, undefined, { node: 'n1' });
  h.at(10.2).fail(7, null, { node: 'n1', error: 'no-leader: n1 is candidate in term 4 and knows no leader' });
  h.at(11.4).nemesis('stop-partition', 'network healed');
  h.at(12.0).invoke(2, 'read', null, undefined, { node: 'n3' });
  h.at(12.1).ok(2, 3, { node: 'n2' });
  return h.build();
}

const STALE_READ = 'read 2 on n1 at 4.820–4.900 s, while n1 was cut off from n2 and n3 (partition #1, 4.70 s to 11.40 s)';

describe.skipIf(!browser.available)('anomalies in context, fault coverage and client nodes in the browser', () => {
  let session: BrowserSession;
  let folder: TempRunFolder;
  let report: string;
  let results: CheckedResults;

  beforeAll(async () => {
    const ops = history();
    results = await runCheckers(ops, [{ checker: 'linearizable', options: { model: 'register', initial: null } }]);
    folder = await makeRunFolder(
      {
        history: ops,
        results,
        test: { config: { name: 'stale', target: 'raft-kv', workload: 'register', concurrency: 4, nodes: 3, seed: 7, nemesis: ['partition'] } },
      },
      'stale-in-context',
    );
    report = await writeReport(folder.dir);
    session = await openBrowser();
  });

  afterAll(async () => {
    await session?.close();
    await folder?.remove();
  });

  it('results.json names, for the anomaly, each operation’s node and the partition in force', () => {
    expect(results.valid).toBe(false);
    const [anomaly] = results.anomalies ?? [];
    expect(anomaly).toMatchObject({ checker: 'linearizable', kind: 'nonlinearizable', faults: ['partition #1'], nodes: ['n1', 'n2'] });
    const read = anomaly.operations.find((o) => o.role === 'deadline')!;
    expect(read).toMatchObject({
      index: 7,
      completeIndex: 8,
      node: 'n1',
      sentTo: 'n1',
      faultsAtInvoke: ['partition #1'],
      faultsAtComplete: ['partition #1'],
      text: STALE_READ,
    });
    expect(results.faultWindows).toEqual([
      expect.objectContaining({ id: 'partition #1', nodes: ['n1', 'n2', 'n3'], coverage: expect.objectContaining({ invoked: 5, ok: 3, fail: 1, info: 1 }) }),
    ]);
  });

  it('shows the anomaly in context under the checker’s evidence, and its button brings the operations up on the timeline', async () => {
    const { page, errors } = await openReport(session, report);
    const block = page.locator('#checker-linearizable .in-context');
    await expect(block.isVisible()).resolves.toBe(true);
    const items = await block.locator('li').allTextContents();
    expect(items.find((t) => t.startsWith('deadline'))).toBe(`deadline (#7, process 0): ${STALE_READ}`);
    expect(items.some((t) => t.includes('write 3 on n2 at 4.750–4.800 s, while n2 was cut off from n1 (partition #1'))).toBe(true);
    await expect(block.locator('.context-item .small').first().textContent()).resolves.toBe('on n1, n2, during partition #1');
    await block.locator('button.show').first().click();
    await expect(page.locator('.tl-highlight').isVisible()).resolves.toBe(true);
    await mkdir(screenshotDir(), { recursive: true });
    await block.screenshot({ path: join(screenshotDir(), 'anomaly-in-context.png') });
    expect(errors.join('\n')).toBe('');
  });

  it('shows what each fault window exercised: operations invoked, outcomes, per node', async () => {
    const { page } = await openReport(session, report);
    const row = page.locator('#fault-coverage table.data tbody tr');
    await expect(row.count()).resolves.toBe(1);
    const cells = await row.first().locator('td').allTextContents();
    expect(cells.slice(0, 5)).toEqual([
      'partition #1',
      'partition isolate-one: n1 | n2 n3',
      '4.70 s – 11.40 s',
      'n1, n2, n3',
      '5 invoked: 3 ok, 1 fail, 1 info',
    ]);
    expect(cells[5]).toBe('n1: 3 invoked: 1 ok, 1 fail, 1 info' + 'n2: 1 invoked: 1 ok, 0 fail, 0 info' + 'n3: 1 invoked: 1 ok, 0 fail, 0 info');
    await expect(page.locator('nav.toc a[href="#fault-coverage"]').count()).resolves.toBe(1);
    await page.locator('#fault-coverage').screenshot({ path: join(screenshotDir(), 'fault-coverage.png') });
  });

  it('shows which worker served on which node, with renumbered processes kept on their worker’s node', async () => {
    const { page } = await openReport(session, report);
    const rows = await page
      .locator('#client-nodes table.data tbody tr')
      .evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent)));
    expect(rows).toEqual([
      ['n1', 'worker 0 (process 0); worker 3 (processes 3, 7)', '4 (2 ok, 1 fail, 1 info)', '2'],
      ['n2', 'worker 1 (process 1)', '2 (2 ok, 0 fail, 0 info)', '5'],
      ['n3', 'worker 2 (process 2)', '2 (2 ok, 0 fail, 0 info)', '0'],
    ]);
    await expect(page.locator('#client-nodes').textContent()).resolves.toContain('Every worker kept to one node for the whole run');
    await page.locator('#client-nodes').screenshot({ path: join(screenshotDir(), 'client-nodes.png') });
  });
});
