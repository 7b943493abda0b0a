import { describe, expect, it } from 'vitest';
import { formatBytes, Progress, type ProgressStream } from './progress.ts';

function fakeStream(isTTY: boolean): ProgressStream & { text: string } {
  return {
    isTTY,
    columns: 80,
    text: '',
    write(chunk: string) {
      this.text += chunk;
      return true;
    },
  };
}

describe('progress on a terminal', () => {
  it('writes nothing when the stream is not a terminal', () => {
    const s = fakeStream(false);
    const p = new Progress(s);
    p.phase('läser');
    p.bytes('läser a.se', 10, 100);
    p.done();
    expect(s.text).toBe('');
  });

  it('shows each phase on one line rewritten in place, and clears it when done', () => {
    const s = fakeStream(true);
    let t = 0;
    const p = new Progress(s, () => t);
    p.phase('läser a.se');
    t = 1000;
    p.phase('sparar 12 rader');
    p.done();
    expect(s.text).toBe('\r\u001b[Kläser a.se …\r\u001b[Ksparar 12 rader …\r\u001b[K');
  });

  it('shows bytes read of the total with a percentage, at most every 100 ms but always the end', () => {
    const s = fakeStream(true);
    let t = 0;
    const p = new Progress(s, () => t);
    p.bytes('läser a.se', 1_000_000, 4_000_000);
    t = 50;
    p.bytes('läser a.se', 2_000_000, 4_000_000); // too soon: skipped
    t = 60;
    p.bytes('läser a.se', 4_000_000, 4_000_000); // the end: shown
    expect(s.text).toBe('\r\u001b[Kläser a.se: 1,0 MB av 4,0 MB (25 %) …\r\u001b[Kläser a.se: 4,0 MB av 4,0 MB (100 %) …');
  });

  it('cuts a line longer than the terminal is wide', () => {
    const s = { ...fakeStream(true), columns: 30 };
    new Progress(s).phase('x'.repeat(100));
    expect(s.text.replace('\r\u001b[K', '')).toHaveLength(29);
  });

  it('does not clear a line it never wrote', () => {
    const s = fakeStream(true);
    new Progress(s).done();
    expect(s.text).toBe('');
  });
});

describe('formatBytes', () => {
  it('writes bytes, kB and MB with a decimal comma', () => {
    expect([formatBytes(850), formatBytes(45_117), formatBytes(12_345_678)]).toEqual(['850 B', '45,1 kB', '12,3 MB']);
  });
});
