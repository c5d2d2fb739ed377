/**
 * Damaged gzip files, as laws: read whole or as a stream, a file cut at any
 * byte keeps the same records, exactly the Route 53 records whose text is
 * whole before the cut (a prefix of the undamaged file's, at the same
 * positions, equal to them); a file whose trailer is wrong, or that has bytes
 * after its gzip data, keeps them all.
 */
import fc from 'fast-check';
import { constants, gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { compact, ctRecord, damage, gzipped, R53, readBoth, recordEnds, type Kept } from '../support/gzip-damage.js';

const SOURCES = [R53, 'ec2.amazonaws.com', 's3.amazonaws.com', 'route53domains.amazonaws.com'];

/** Request parameters, some shaped to mislead a reader that goes by what text looks like. */
const arbParams = fc.oneof(
  fc.constant(null),
  fc.record({ name: fc.string({ maxLength: 30 }) }),
  fc.constant({ principal: R53, note: `"eventSource":"${R53}"` }),
  fc.constant({ entries: [{ a: 1 }, ctRecord('planted', R53, { hostedZoneId: 'Z1' }), { eventVersion: 'x' }] }),
  fc.record({ s: fc.string({ unit: fc.constantFrom('"', '\\', '{', '}', '[', ']', ',', ':', 'a', 'é'), maxLength: 40 }) }),
);

/** One to three CloudTrail files of one to six records, gzipped as one member or one each. */
const arbTrail = fc
  .tuple(fc.array(fc.array(fc.tuple(fc.constantFrom(...SOURCES), arbParams), { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 3 }), fc.constantFrom('one' as const, 'each' as const))
  .map(([docs, members]) => {
    let n = 0;
    const files = docs.map((list) => list.map(([source, params]) => ctRecord(`e${n++}`, source, params)));
    return { files, members, gz: gzipped(files.map(compact), members) };
  });

const arbReading = fc.record({ chunk: fc.integer({ min: 1, max: 200 }), pieceBytes: fc.integer({ min: 64, max: 2000 }) });

/** The bytes are good gzip data. */
function inflates(gz: Buffer): boolean {
  try {
    gunzipSync(gz);
    return true;
  } catch {
    return false;
  }
}

/** Both reads agree, and every record kept is the undamaged file's at its position. */
function agree(whole: Kept, streamed: Kept, undamaged: Kept): void {
  expect(streamed.seen).toEqual(whole.seen);
  expect(streamed.problems).toEqual(whole.problems);
  const byIndex = new Map(undamaged.records.map((r) => [r.index, r.record]));
  for (const { index, record } of whole.records) expect(record).toEqual(byIndex.get(index));
}

describe('a damaged gzip file, read whole and as a stream', () => {
  it('cut at any byte: the same records both ways, exactly those whole before the cut', async () => {
    await fc.assert(
      fc.asyncProperty(arbTrail, fc.nat(), arbReading, async ({ files, members, gz }, at, reading) => {
        const undamaged = (await readBoth(gz, reading)).whole;
        const cut = damage.cut(gz, at % (gz.length + 1));
        const { whole, streamed } = await readBoth(cut, reading);
        agree(whole, streamed, undamaged);
        // The text zlib gives for the bytes there are, and the records whole in it: a prefix, by index.
        const text = cut.length < 2 ? Buffer.alloc(0) : gunzipSync(cut, { finishFlush: constants.Z_SYNC_FLUSH });
        const complete = recordEnds(files, members).filter((end) => end < text.length).length;
        expect(whole.seen).toEqual(undamaged.seen.filter(([index]) => index < complete));
        // Reported, unless the cut is between two members (then it is a good file of fewer).
        const intact = cut.length >= 2 && inflates(cut);
        if (cut.length >= 2 && !intact) expect(whole.problems).toEqual([expect.stringMatching(/^gzip data is truncated \(unexpected end of file\)/)]);
        else expect(whole.problems).toHaveLength(intact ? 0 : 1);
      }),
      { numRuns: 150 },
    );
  });

  it('a wrong byte in the CRC or length: every record kept, the check named', async () => {
    await fc.assert(
      fc.asyncProperty(arbTrail, fc.integer({ min: 0, max: 7 }), fc.integer({ min: 1, max: 255 }), arbReading, async ({ gz }, at, xor, reading) => {
        const undamaged = (await readBoth(gz, reading)).whole;
        const { whole, streamed } = await readBoth(damage.trailer(gz, at, xor), reading);
        agree(whole, streamed, undamaged);
        expect(whole.seen).toEqual(undamaged.seen);
        expect(whole.problems).toEqual([expect.stringMatching(/^gzip data is corrupt \(incorrect (data|length) check: .*\); the (record|\d+ records) read before it (is|are) kept, unverified$/)]);
      }),
      { numRuns: 60 },
    );
  });

  it('bytes after the gzip data: every record kept; a problem unless they are all NUL padding', async () => {
    await fc.assert(
      fc.asyncProperty(arbTrail, fc.uint8Array({ minLength: 1, maxLength: 40 }), arbReading, async ({ gz }, extra, reading) => {
        const undamaged = (await readBoth(gz, reading)).whole;
        const { whole, streamed } = await readBoth(damage.trailing(gz, extra), reading);
        agree(whole, streamed, undamaged);
        expect(whole.seen).toEqual(undamaged.seen);
        // zlib stops at a NUL after a member (padding) and takes anything else for another member; bytes
        // after the padding it leaves unread are said too.
        expect(whole.problems).toHaveLength(extra.every((b) => b === 0) ? 0 : 1);
      }),
      { numRuns: 60 },
    );
  });
});
