import { describe, expect, it } from 'vitest';
import { encodeFrame, FrameDecoder, FrameError } from './framing.js';

describe('line framing', () => {
  it('reassembles frames split anywhere, including inside a multi-byte character', () => {
    const text = encodeFrame({ a: 'héllo\nwörld' }) + encodeFrame({ b: 2 });
    const decoder = new FrameDecoder();
    const frames: unknown[] = [];
    for (const ch of text) decoder.push(ch, (frame) => frames.push(frame));
    expect(frames).toEqual([{ a: 'héllo\nwörld' }, { b: 2 }]);
  });

  it('rejects a line that is not JSON, quoting it', () => {
    const decoder = new FrameDecoder();
    expect(() => decoder.push('{nope}\n', () => {})).toThrow(FrameError);
    expect(() => new FrameDecoder().push('{nope}\n', () => {})).toThrow(/\{nope\}/);
  });

  it('rejects a frame longer than its limit before the line ends', () => {
    const decoder = new FrameDecoder(10);
    expect(() => decoder.push('"aaaaaaaaaaaaaaaa', () => {})).toThrow(/longer than 10/);
  });
});
