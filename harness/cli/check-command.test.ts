import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../cli.js';
import { captureIo } from '../test-support/capture-io.js';
import { useTempDir } from '../test-support/temp-dir.js';

const tempDir = useTempDir();
const line = (o: object) => `${JSON.stringify(o)}\n`;

describe('faultline check', () => {
  it('checks a JSONL history and exits by its verdict', async () => {
    const dir = tempDir();
    const file = join(dir, 'h.jsonl');
    writeFileSync(
      file,
      line({ index: 0, time: 1, type: 'invoke', process: 0, f: 'read', value: null }) +
        line({ index: 1, time: 2, type: 'ok', process: 0, f: 'read', value: 1 }),
    );
    const io = captureIo(dir);
    expect(await main(['check', file, '--checker', 'stats'], io)).toBe(0);
    expect(io.out()).toMatch(/stats\s+valid/);

    writeFileSync(
      file,
      line({ index: 0, time: 1, type: 'invoke', process: 0, f: 'read', value: null }) +
        line({ index: 1, time: 2, type: 'fail', process: 0, f: 'read', value: null }),
    );
    const io2 = captureIo(dir);
    expect(await main(['check', file, '--checker', 'stats', '--json'], io2)).toBe(1);
    expect(JSON.parse(io2.out())).toMatchObject({ valid: false, checkers: { stats: { neverOk: ['read'] } } });
  });

  it('checks a Jepsen EDN history', async () => {
    const dir = tempDir();
    const file = new URL('../test-support/fixtures/jepsen-register.edn', import.meta.url).pathname;
    const io = captureIo(dir);
    expect(await main(['check', file, '--checker', 'stats'], io)).toBe(1);
    expect(io.out()).toMatch(/10 events/);
  });

  it('rejects a malformed history with exit 254 and the line number', async () => {
    const dir = tempDir();
    const file = join(dir, 'bad.jsonl');
    writeFileSync(file, `${line({ index: 0, time: 1, type: 'invoke', process: 0, f: 'read', value: null })}{"index":1,"time":2,"type":"ok",\n${line({})}`);
    const io = captureIo(dir);
    expect(await main(['check', file, '--checker', 'stats'], io)).toBe(254);
    expect(io.err()).toContain(`${file}:2: is not valid JSON`);
  });

  it('rejects an unknown checker and a missing file with exit 254', async () => {
    const dir = tempDir();
    const io = captureIo(dir);
    expect(await main(['check', join(dir, 'none.jsonl'), '--checker', 'nope'], io)).toBe(254);
    expect(io.err()).toMatch(/no checker named "nope"/);
    const io2 = captureIo(dir);
    expect(await main(['check', join(dir, 'none.jsonl'), '--checker', 'stats'], io2)).toBe(254);
    expect(io2.err()).toMatch(/cannot read history file/);
  });
});
