/**
 * A damaged gzip file keeps the records whose text inflated before the
 * damage, and is reported with the gzip problem: the same records and the
 * same problem read whole and as a stream (stdin, big files), in one piece or
 * many, on this thread or on workers.
 */
import { constants, gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { ingestEvents, type InputFile } from '../../src/sources/index.js';
import { gunzipBeforeError } from '../../src/sources/gunzip-damaged.js';
import { scanBytes } from '../../src/sources/scan.js';
import { compact, ctRecord, damage, gzipped, R53, readBoth, recordEnds } from '../support/gzip-damage.js';

/** Two CloudTrail files of six records each, Route 53's at 1, 4, 7 and 10. */
const FILES = [0, 1].map((f) => Array.from({ length: 6 }, (_, i) => ctRecord(`e${f * 6 + i}`, i % 3 === 1 ? R53 : 'ec2.amazonaws.com', { pad: 'x'.repeat(40 * i) })));
const ALL = FILES.flat();
const R53_SEEN = ALL.flatMap((r, index) => (r.eventSource === R53 ? [[index, r.eventID]] : []));
const ONE = gzipped([compact(FILES[0]!)], 'one');

describe('the text before the damage', () => {
  /** By brute force: the text of the longest prefix zlib takes without an error. */
  function longestPrefixText(gz: Buffer): Buffer {
    for (let n = gz.length; n > 0; n--) {
      try {
        return gunzipSync(gz.subarray(0, n), { finishFlush: constants.Z_SYNC_FLUSH });
      } catch {
        // an error within these bytes: one fewer
      }
    }
    return Buffer.alloc(0);
  }

  it('is what zlib inflates of the longest prefix it takes without an error, whatever the damage', () => {
    const gz = gzipped(FILES.map(compact), 'each');
    const damaged = [damage.cut(gz, 300), damage.trailer(gz, 1, 0x10), damage.trailing(gz, Buffer.from('xyz'))];
    for (const at of [12, 40, 100, 240, 300]) {
      const bad = Buffer.from(gz);
      bad.fill(0xa5, at, at + 6);
      damaged.push(bad);
    }
    for (const data of damaged) expect(gunzipBeforeError(data, 2 ** 20)).toEqual(longestPrefixText(data));
    // Too large: nothing.
    expect(gunzipBeforeError(damage.trailer(gz, 1, 0x10), 100)).toBeUndefined();
  });
});

describe('a damaged gzip file, read whole and as a stream', () => {
  it('keeps every record when a byte of the CRC or the length is wrong, and says the check failed', async () => {
    for (const [at, check] of [
      [0, 'incorrect data check: the text does not match its CRC'],
      [7, 'incorrect length check: the text is not the length its trailer gives'],
    ] as const) {
      const { whole, streamed } = await readBoth(damage.trailer(ONE, at, 0x40));
      expect(whole.seen).toEqual(R53_SEEN.slice(0, 2));
      expect(whole.problems).toEqual([`gzip data is corrupt (${check}); the 6 records read before it are kept, unverified`]);
      expect(streamed).toEqual(whole);
    }
  });

  it('keeps the records whole before a cut, numbered as in the file', async () => {
    // The text inflated from the first bytes, and the records whole in it.
    for (const n of [11, 200, Math.floor(ONE.length * 0.6), ONE.length - 9, ONE.length - 1]) {
      const cut = damage.cut(ONE, n);
      const text = gunzipSync(cut, { finishFlush: constants.Z_SYNC_FLUSH });
      const whole = recordEnds([FILES[0]!], 'one').filter((end) => end < text.length).length;
      const read = await readBoth(cut);
      expect(read.whole.seen, `cut at ${n}`).toEqual(R53_SEEN.filter(([index]) => (index as number) < whole));
      const kept = whole === 0 ? '' : `; the ${whole === 1 ? 'record' : `${whole} records`} read before it ${whole === 1 ? 'is' : 'are'} kept, unverified`;
      expect(read.whole.problems, `cut at ${n}`).toEqual([`gzip data is truncated (unexpected end of file)${kept}`]);
      expect(read.streamed, `cut at ${n}`).toEqual(read.whole);
    }
  });

  it('keeps every record before bytes that are not gzip data, which passed its checks', async () => {
    const { whole, streamed } = await readBoth(damage.trailing(ONE, Buffer.from('garbage!garbage!garbage!')));
    expect(whole.seen).toEqual(R53_SEEN.slice(0, 2));
    expect(whole.problems).toEqual(['gzip data is followed by bytes that are not gzip data; the 6 records read before them are kept']);
    expect(streamed).toEqual(whole);
  });

  it('reads a file padded with NUL bytes as a good one, as gzip does', async () => {
    const { whole, streamed } = await readBoth(damage.trailing(ONE, Buffer.alloc(100)));
    expect(whole.seen).toEqual(R53_SEEN.slice(0, 2));
    expect(whole.problems).toEqual([]);
    expect(streamed).toEqual(whole);
  });

  it('says so when NUL padding is followed by more bytes, which zlib leaves unread: another member, or garbage', async () => {
    for (const after of [gzipSync('{"Records":[]}'), Buffer.from('garbage!')]) {
      for (const chunk of [7, 97, 4096]) {
        const { whole, streamed } = await readBoth(damage.trailing(ONE, Buffer.concat([Buffer.alloc(8), after])), { chunk });
        expect(whole.seen).toEqual(R53_SEEN.slice(0, 2));
        expect(whole.problems).toEqual(['gzip data is followed by bytes that are not gzip data; the 6 records read before them are kept']);
        expect(streamed).toEqual(whole);
      }
    }
  });

  it('counts positions across documents and members, in one piece or many, here or on worker threads', async () => {
    for (const members of ['one', 'each'] as const) {
      const gz = gzipped(FILES.map(compact), members);
      const text = gunzipSync(gz);
      // Cut inside the second file's fifth record (index 10, Route 53's).
      const cutText = text.length - Buffer.byteLength(compact([ALL[10], ALL[11]])) + '{"Records":['.length + 30;
      let n = 0;
      while (gunzipSync(damage.cut(gz, n), { finishFlush: constants.Z_SYNC_FLUSH }).length < cutText) n++;
      for (const [label, data, seen, problem] of [
        ['cut', damage.cut(gz, n), R53_SEEN.slice(0, 3), /^gzip data is truncated \(unexpected end of file\); the 10 records read before it are kept, unverified$/],
        ['CRC', damage.trailer(gz, 2, 1), R53_SEEN, /^gzip data is corrupt \(incorrect data check: .*\); the 12 records read before it are kept, unverified$/],
        ['trailing', damage.trailing(gz, Buffer.from('\u0001junk')), R53_SEEN, /^gzip data is followed by bytes that are not gzip data; the 12 records read before them are kept$/],
      ] as const) {
        for (const pieceBytes of [300, 2 ** 20]) {
          for (const jobs of [1, 2]) {
            const { whole, streamed } = await readBoth(data, { pieceBytes, options: { jobs }, chunk: 50 });
            const where = `${members} member(s), ${label}, pieces of ${pieceBytes}, ${jobs} thread(s)`;
            expect(whole.seen, where).toEqual(seen);
            expect(whole.problems, where).toEqual([expect.stringMatching(problem)]);
            expect(streamed, where).toEqual(whole);
          }
        }
      }
    }
  });

  it('does not take a Route 53 record planted in the request of the record the cut is in', async () => {
    const planted = ctRecord('planted', R53, { hostedZoneId: 'Z1', changeBatch: { changes: [{ action: 'DELETE' }] } });
    const records = [ctRecord('r0', R53), ctRecord('r1', 'events.amazonaws.com', { entries: [{ a: 1 }, planted, { eventVersion: 'x', tail: 'y'.repeat(200) }] })];
    const gz = gzipped([compact(records)], 'one');
    const text = compact(records);
    const plantedEnd = text.indexOf('{"eventVersion":"x"');
    let n = 0;
    while (gunzipSync(damage.cut(gz, n), { finishFlush: constants.Z_SYNC_FLUSH }).length < plantedEnd) n++;
    const { whole, streamed } = await readBoth(damage.cut(gz, n));
    expect(whole.seen).toEqual([[0, 'r0']]);
    expect(streamed).toEqual(whole);
  });

  it('leaves a file whose damage comes before any whole record as it was: no records, the problem alone', async () => {
    const bad = Buffer.from(ONE);
    bad.fill(0x55, 12, 40); // inside the first deflate block
    for (const data of [damage.cut(ONE, 30), bad, Buffer.from([0x1f, 0x8b, 0x08, 0x00])]) {
      const { whole, streamed } = await readBoth(data);
      expect(whole.seen).toEqual([]);
      expect(whole.problems).toEqual([expect.stringMatching(/^gzip data is (truncated|corrupt) \([^;]*\)$/)]);
      expect(streamed).toEqual(whole);
    }
  });

  it('gives the same events both ways (ingestEvents, which the commands use), with the problem', async () => {
    const data = damage.cut(gzipped(FILES.map(compact), 'each'), 400); // in the second member (229 and 232 bytes)
    const whole: InputFile = { name: 'f.json.gz', size: data.length, read: async () => data };
    const streamed: InputFile = { ...whole, stream: async function* () { yield data.subarray(0, 150); yield data.subarray(150); } };
    const a = await ingestEvents([whole], { jobs: 1 });
    const b = await ingestEvents([streamed], { jobs: 1, pieceBytes: 200 });
    const ids = (events: typeof a.events) => events.map((e) => ('provenance' in e ? [e.provenance.index, e.provenance.eventId] : [e.index, e.message]));
    expect(ids(a.events).length).toBeGreaterThan(0);
    expect(ids(b.events)).toEqual(ids(a.events));
    expect(b.report.problems).toEqual(a.report.problems);
    expect(a.report.problems).toEqual([{ file: 'f.json.gz', message: expect.stringMatching(/^gzip data is truncated .*; the \d+ records read before it are kept, unverified$/) as unknown }]);
  });

  it('hashes no damaged file (digest validation), and finds no records in it there', () => {
    const outcome = scanBytes(damage.trailer(ONE, 0, 1), 'f.json.gz', undefined, { hashUncompressed: true, hashOnly: true });
    expect(outcome).toEqual({ inflated: 0, problem: 'gzip data is corrupt (incorrect data check: the text does not match its CRC)', records: [] });
  });
});
