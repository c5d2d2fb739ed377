import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { CliIO } from '../../src/cli/io.js';
import { formatDuration, progressLine, progressReporter } from '../../src/cli/progress.js';
import type { IngestProgress } from '../../src/sources/index.js';
import { runMain } from '../support/run-main.js';

function io(progress: boolean): CliIO & { err: string[] } {
  const err: string[] = [];
  return {
    err,
    stdout: { write: () => true },
    stderr: { write: (s: string) => err.push(s) },
    stdin: new PassThrough(),
    color: false,
    progress,
    env: {},
    cwd: '/',
  };
}

const MB = 1024 * 1024;
const p = (over: Partial<IngestProgress>): IngestProgress => ({
  filesDone: 0,
  filesTotal: 10,
  bytesDone: 0,
  bytesTotal: 100 * MB,
  route53Records: 0,
  elapsedMs: 0,
  ...over,
});

describe('progressReporter', () => {
  it('writes nothing when stderr is not a terminal, or when quiet', () => {
    for (const [tty, quiet] of [
      [false, false],
      [true, true],
    ] as const) {
      const o = io(tty);
      const r = progressReporter(o, { quiet });
      r.update(p({ filesDone: 10, elapsedMs: 5000 }));
      r.done();
      expect(o.err).toEqual([]);
    }
  });

  it('rewrites one line, at most every 100 ms, always shows the last file, clears at the end', () => {
    const o = io(true);
    const r = progressReporter(o, {});
    r.update(p({ elapsedMs: 0 }));
    r.update(p({ filesDone: 1, elapsedMs: 50 })); // throttled
    r.update(p({ filesDone: 2, elapsedMs: 120 }));
    r.update(p({ filesDone: 10, bytesDone: 100 * MB, elapsedMs: 130 })); // last: shown though soon
    r.done();
    r.update(p({ filesDone: 10, elapsedMs: 9999 })); // after done: ignored
    expect(o.err.length).toBe(4);
    expect(o.err.slice(0, 3).every((s) => s.startsWith('\r\u001b[2KReading ') && !s.includes('\n'))).toBe(true);
    expect(o.err[1]).toContain('2/10 files');
    expect(o.err[3]).toBe('\r\u001b[2K');
  });

  it('done() without any update writes nothing', () => {
    const o = io(true);
    progressReporter(o, {}).done();
    expect(o.err).toEqual([]);
  });
});

describe('progressLine', () => {
  it('shows files, MB, Route 53 events, speed and time left', () => {
    expect(progressLine(p({ filesDone: 4, bytesDone: 25 * MB, route53Records: 1, elapsedMs: 10_000 }))).toBe(
      'Reading 4/10 files · 25.0/100.0 MB · 1 Route 53 event · 2.5 MB/s · 30s left',
    );
  });

  it('estimates from files when sizes are unknown, and leaves out what it cannot know yet', () => {
    expect(progressLine(p({ filesDone: 5, bytesTotal: 0, bytesDone: 3 * MB, route53Records: 2, elapsedMs: 60_000 }))).toBe(
      'Reading 5/10 files · 3.0 MB · 2 Route 53 events · 0.1 MB/s · 1m 00s left',
    );
    expect(progressLine(p({ elapsedMs: 100 }))).toBe('Reading 0/10 files · 0.0/100.0 MB · 0 Route 53 events');
  });

  it('names the work and leaves out events for a reading that counts none (verify hashing)', () => {
    const { route53Records: _, ...hashing } = p({ filesDone: 4, bytesDone: 25 * MB, elapsedMs: 10_000 });
    expect(progressLine(hashing, 'Hashing')).toBe('Hashing 4/10 files · 25.0/100.0 MB · 2.5 MB/s · 30s left');
  });

  it('says "under 1s left", not "0s left", while files remain', () => {
    expect(progressLine(p({ filesDone: 7, bytesDone: 70 * MB, elapsedMs: 1_000 }))).toBe('Reading 7/10 files · 70.0/100.0 MB · 0 Route 53 events · 70.0 MB/s · under 1s left');
    expect(progressLine(p({ filesDone: 5, bytesDone: 50 * MB, elapsedMs: 1_000 }))).toBe('Reading 5/10 files · 50.0/100.0 MB · 0 Route 53 events · 50.0 MB/s · 1s left');
  });

  it('clears its line before the run says anything else on stderr', async () => {
    // The shop trail has a region folder left unread, so a note follows the reading.
    const r = await runMain(['zones', 'fixtures/shop-trail/trail', '--jobs', '1'], { progress: true });
    expect(r.code).toBe(0);
    const note = r.err.indexOf('zone-replay: note: ');
    expect(r.err).toContain('Reading ');
    expect(note).toBeGreaterThan(0);
    expect(r.err.slice(0, note).endsWith('\r\u001b[2K')).toBe(true);
  });

  it('formats durations', () => {
    expect([0, 42_000, 65_000, 7_380_000].map(formatDuration)).toEqual(['0s', '42s', '1m 05s', '2h 03m']);
  });
});
