import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkLinearizable } from '../checkers/linearizable/index.js';
import { statsChecker } from '../checkers/stats.js';
import { compose } from '../core/verdict.js';
import { readHistoryJsonl } from '../core/history-reader.js';
import { writeReport } from '../reports/index.js';
import { registerModel, simulate } from '../checkers/test-support/index.js';
import { addRunFolder, browserAvailability, nodeLog, openBrowser, STARTED_AT, waitForTimelinePaint } from '../reports/test-support/index.js';
import type { BenchModule } from './run.js';
import { median } from './quantiles.js';

// report.html for a 100,000-operation history: how long it takes to write, how big it is,
// and how long Chromium takes to open it and paint the timeline. Budgets: 5 s, 15 MB, 2 s.
// The machine is shared, so each time is also given as a ratio to a baseline measured in
// the same run: reading the history (the floor for any report) and opening a tiny page.

const OPERATIONS = 100_000;
const ROUNDS = 3;

function faultSchedule(seconds: number): [number, string, unknown][] {
  const faults: [number, string, unknown][] = [];
  for (let s = 2; s < seconds; s += 8) {
    faults.push([s, 'start-partition', { topology: 'halves', grudge: { n1: ['n2', 'n3'], n2: ['n1'], n3: ['n1'] } }]);
    faults.push([s + 3, 'stop-partition', 'network healed']);
    faults.push([s + 4, 'kill', { nodes: ['n2'] }]);
    faults.push([s + 6, 'start', { nodes: ['n2'] }]);
  }
  return faults;
}

const bench: BenchModule = async (report) => {
  const root = await mkdtemp(join(tmpdir(), 'faultline-report-bench-'));
  try {
    const model = registerModel({ mix: 'cas-register', keys: 20, values: 5, infoRate: 0.005, staleReads: { from: 10, to: 11 } });
    const history = simulate(model, {
      seed: 1,
      operations: OPERATIONS,
      workers: 20,
      meanLatencyMs: 2.5,
      meanThinkMs: 5,
      nemesis: faultSchedule(60),
      nodes: ['n1', 'n2', 'n3'],
    });
    const seconds = Math.ceil(history[history.length - 1].time / 1e9);
    const logs = Object.fromEntries(['n1', 'n2', 'n3'].map((n) => [n, nodeLog(n, STARTED_AT, seconds)]));
    const cases = [
      { name: 'valid (stats only)', results: compose({ stats: statsChecker.check(history, {}) as never }) },
      {
        name: 'invalid (linearizable, 20 keys)',
        results: compose({
          linearizable: await checkLinearizable(history, 'cas-register', { timeoutMs: 120_000 }),
          stats: statsChecker.check(history, {}) as never,
        }),
      },
    ];
    const browser = browserAvailability().available ? await openBrowser() : undefined;
    try {
      for (const c of cases) {
        const dir = await addRunFolder(join(root, c.name.replace(/\W+/g, '-'), '20260102T030405'), { history, results: c.results, logs });
        const parse: number[] = [];
        const write: number[] = [];
        let path = '';
        for (let r = 0; r < ROUNDS; r++) {
          let t = performance.now();
          await readHistoryJsonl(join(dir, 'history.jsonl'));
          parse.push(performance.now() - t);
          t = performance.now();
          path = await writeReport(dir);
          write.push(performance.now() - t);
        }
        const bytes = (await stat(path)).size;
        const html = await readFile(path, 'utf8');
        const data = /<script type="application\/json" id="timeline-data">([\s\S]*?)<\/script>/.exec(html)?.[1].length ?? 0;
        const metrics: Record<string, number | string> = {
          events: history.length,
          write_ms: median(write),
          write_min_ms: Math.min(...write),
          x_history_parse: median(write) / median(parse),
          size_mb: bytes / 1024 / 1024,
          timeline_json_mb: data / 1024 / 1024,
        };
        if (browser) {
          const tiny = join(root, 'tiny.html');
          await writeFile(tiny, '<!DOCTYPE html><title>t</title><p>t</p>');
          const load: number[] = [];
          const blank: number[] = [];
          // In-page: from navigation start to the timeline's first full paint.
          const painted: number[] = [];
          for (let r = 0; r < ROUNDS; r++) {
            let t = performance.now();
            const base = await browser.page();
            await base.page.goto(`file://${tiny}`);
            blank.push(performance.now() - t);
            await base.page.close();
            const opened = await browser.page();
            t = performance.now();
            await opened.page.goto(`file://${path}`);
            await waitForTimelinePaint(opened.page, 20);
            load.push(performance.now() - t);
            painted.push((await opened.page.evaluate('window.faultlineTimeline.paintedAt')) as number);
            if (opened.errors.length) metrics.console_errors = opened.errors.join(' | ');
            await opened.page.close();
          }
          metrics.open_ms = median(load);
          metrics.painted_in_page_ms = median(painted);
          metrics.open_min_ms = Math.min(...load);
          metrics.x_tiny_page = median(load) / median(blank);
        } else {
          metrics.open_ms = 'skipped: no Chromium';
        }
        report(c.name, metrics);
      }
    } finally {
      await browser?.close();
    }
  } finally {
    await rm(root, { recursive: true, force: true });
  }
};

export default bench;
