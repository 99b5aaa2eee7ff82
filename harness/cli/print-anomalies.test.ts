import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { Verdict } from '../../core/verdict.js';
import { HistoryBuilder } from '../../checkers/test-support/history-builder.js';
import { anomalyContext } from '../../reports/context/anomaly-context.js';
import { printAnomalies } from './print-anomalies.js';

describe('anomalies on the terminal', () => {
  it('says when an anomaly is one the checked consistency models allow, so a valid verdict above it is not a puzzle', () => {
    const h = new HistoryBuilder();
    const [t1, t2] = h.concurrent([
      [
        ['r', 'x', []],
        ['append', 'y', 1],
      ],
      [
        ['r', 'y', []],
        ['append', 'x', 2],
      ],
    ]);
    const history = h.build();
    // A list-append verdict as the checker writes it: G2-item found; `prohibited` lists the found types that made it invalid.
    const verdict = (prohibited: string[]): Verdict =>
      ({
        valid: prohibited.length === 0,
        anomalyTypes: ['G2-item'],
        prohibited,
        anomalies: {
          'G2-item': [
            {
              summary: 'G2-item T1 T2',
              txns: [
                { id: 'T1', invokeIndex: t1.invokeIndex },
                { id: 'T2', invokeIndex: t2.invokeIndex },
              ],
            },
          ],
        },
      }) as unknown as Verdict;
    const print = (v: Verdict) => {
      const checkers = { 'list-append': v };
      const out = new PassThrough();
      let text = '';
      out.on('data', (chunk) => {
        text += String(chunk);
      });
      printAnomalies(out, { valid: v.valid, checkers, ...anomalyContext(history, checkers) } as never);
      return text;
    };
    expect(print(verdict([]))).toContain('list-append: G2-item T1 T2 (allowed by the checked consistency models)');
    const invalid = print(verdict(['G2-item']));
    expect(invalid).toContain('list-append: G2-item T1 T2\n');
    expect(invalid).not.toContain('allowed');
  });
});
