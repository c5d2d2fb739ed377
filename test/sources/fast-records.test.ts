/**
 * The record-level fast path gives exactly what a full parse gives, on any
 * compact CloudTrail file — including Route 53's name inside other services'
 * values and record-like objects nested in requests, even a whole Route 53
 * record planted there — or declines.
 */
import fc from 'fast-check';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { fastRoute53Records } from '../../src/sources/fast-records.js';
import { inflateChunkSize, outcomeRecords, parseRecordText, scanBytes } from '../../src/sources/scan.js';

const R53 = 'route53.amazonaws.com';
const base = (id: string, source: string, params: unknown) => ({ eventVersion: '1.09', eventSource: source, eventName: 'X', eventID: id, requestParameters: params });

const arbParams = fc.oneof(
  fc.constant(null),
  fc.record({ name: fc.string({ maxLength: 20 }) }),
  // Route 53's name in a value of another service, with and without quotes around it.
  fc.constant({ principal: R53, note: `"eventSource":"${R53}"` }),
  // A record-like object nested in a request (as an event bus would carry).
  fc.constant({ entries: [{ eventVersion: '1.0', eventSource: R53, detail: 'x' }] }),
  // A whole Route 53 record planted among other objects, and objects that start like records.
  fc.constant({ entries: [{ a: 1 }, base('planted', R53, { hostedZoneId: 'Z1' }), { eventVersion: 'x' }] }),
  fc.constant({ x: { eventVersion: '1.0' }, y: [1, { eventVersion: '1.0' }] }),
  // Strings made of JSON's structural characters (escaped by JSON.stringify).
  fc.record({ s: fc.string({ unit: fc.constantFrom('"', '\\', '{', '}', '[', ']', ',', ':', 'a'), maxLength: 12 }) }),
);
const arbRecord = fc.tuple(fc.constantFrom(R53, 'ec2.amazonaws.com', 's3.amazonaws.com', 'route53domains.amazonaws.com'), arbParams);

/** The Route 53 records among the fast path's texts (parsed as the receiving thread does), as [eventID, index]. */
function fastIds(buf: Buffer, countRecords = false): { id: unknown; index: number }[] | undefined {
  return fastRoute53Records(buf, countRecords)?.records.flatMap(({ text, index }) => {
    const parsed = parseRecordText(text, index);
    if ('problem' in parsed) throw new Error(parsed.problem);
    return parsed.record === undefined ? [] : [{ id: parsed.record.eventID, index }];
  });
}

describe('fast Route 53 records', () => {
  it('agrees with the full parse, or declines', () => {
    fc.assert(
      fc.property(fc.array(arbRecord, { maxLength: 12 }), (list) => {
        const records = list.map(([source, params], i) => base(`e${i}`, source, params));
        const text = JSON.stringify({ Records: records });
        const expected = records.map((r, index) => ({ r, index })).filter(({ r }) => r.eventSource === R53).map(({ r, index }) => ({ id: r.eventID, index }));
        const fast = fastIds(Buffer.from(text));
        // Valid compact text never makes the fast path decline (an empty array is not its shape).
        if (records.length > 0) expect(fast).toBeDefined();
        if (fast !== undefined) expect(fast).toEqual(expected);
        // Whatever path scanBytes takes, the result is the full parse's.
        const scanned = outcomeRecords(scanBytes(gzipSync(text), 'f.json.gz')).map((x) => ({ id: x.record.eventID, index: x.index }));
        expect(scanned).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });

  it('reads CloudTrail files written back to back (`zcat`) at once, positions counting on across them', () => {
    fc.assert(
      fc.property(fc.array(fc.array(arbRecord, { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 4 }), fc.constantFrom('', '\n', ' \r\n'), (docs, blank) => {
        let n = 0;
        const files = docs.map((list) => list.map(([source, params]) => base(`e${n++}`, source, params)));
        const text = files.map((records) => JSON.stringify({ Records: records })).join(blank);
        const all = files.flat();
        const expected = all.map((r, index) => ({ r, index })).filter(({ r }) => r.eventSource === R53).map(({ r, index }) => ({ id: r.eventID, index }));
        expect(fastIds(Buffer.from(blank + text))).toEqual(expected);
        const scanned = scanBytes(Buffer.from(text), 'stdin', undefined, { countRecords: true });
        expect(outcomeRecords(scanned).map((x) => ({ id: x.record.eventID, index: x.index }))).toEqual(expected);
        expect(scanned.recordCount).toBe(all.length);
      }),
      { numRuns: 300 },
    );
  });

  // Until session 7, records were cut and numbered at each `{"eventVersion":`: an object nested in
  // an earlier record that starts with that key shifted the positions, and a whole Route 53 record
  // planted in another service's request parameters was taken for a real one.
  it('numbers records as a full parse does after an object nested in a record that starts like one', () => {
    const records = [base('e0', 'ec2.amazonaws.com', { entries: [{ eventVersion: '1.0' }] }), base('e1', R53, null)];
    const scanned = outcomeRecords(scanBytes(Buffer.from(JSON.stringify({ Records: records })), 'f.json'));
    expect(scanned.map((x) => [x.record.eventID, x.index])).toEqual([['e1', 1]]);
    expect(fastRoute53Records(Buffer.from(JSON.stringify({ Records: records })))?.records.map((r) => r.index)).toEqual([1]);
  });

  it('does not take a Route 53 record planted in another service\'s request for a real one', () => {
    const planted = base('planted', R53, { hostedZoneId: 'Z1', changeBatch: { changes: [{ action: 'DELETE' }] } });
    const records = [base('e0', 'events.amazonaws.com', { entries: [{ a: 1 }, planted, { eventVersion: 'x' }] }), base('e1', R53, null)];
    const text = JSON.stringify({ Records: records });
    expect(fastIds(Buffer.from(text))).toEqual([{ id: 'e1', index: 1 }]);
    const scanned = outcomeRecords(scanBytes(gzipSync(text), 'f.json.gz'));
    expect(scanned.map((x) => [x.record.eventID, x.index])).toEqual([['e1', 1]]);
  });

  it('finds Route 53 records not written compactly: spaced inside a record, or in a pretty-printed document after a compact one', () => {
    const other = base('e0', 'ec2.amazonaws.com', null);
    const r53 = base('e1', R53, null);
    const spaced = `{"Records":[${JSON.stringify(other)},${JSON.stringify(r53, null, 1)}]}`;
    const mixed = `${JSON.stringify({ Records: [other] })}\n${JSON.stringify({ Records: [r53] }, null, 2)}`;
    for (const text of [spaced, mixed]) {
      expect(outcomeRecords(scanBytes(Buffer.from(text), 'f.json')).map((x) => [x.record.eventID, x.index]), text).toEqual([['e1', 1]]);
    }
  });

  it('counts every record when asked, and declines a text cut off inside a document', () => {
    const records = [base('e0', 'ec2.amazonaws.com', { entries: [{ eventVersion: '1.0' }] }), base('e1', R53, null), base('e2', 's3.amazonaws.com', null)];
    const text = JSON.stringify({ Records: records });
    expect(fastRoute53Records(Buffer.from(text), true)?.recordCount).toBe(3);
    expect(fastRoute53Records(Buffer.from(text + text), true)?.recordCount).toBe(6);
    expect(fastRoute53Records(Buffer.from(text.slice(0, -1)))).toBeUndefined();
    expect(fastRoute53Records(Buffer.from(text.slice(0, -2)), true)).toBeUndefined();
  });

  it('keeps, of a text cut short anywhere, the Route 53 records that end before the cut, numbered as in the whole text', () => {
    fc.assert(
      fc.property(fc.array(fc.array(arbRecord, { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 3 }), fc.nat(), (docs, at) => {
        let n = 0;
        const files = docs.map((list) => list.map(([source, params]) => base(`e${n++}`, source, params)));
        const texts = files.map((records) => JSON.stringify({ Records: records }));
        const whole = Buffer.from(texts.join('\n'));
        const cut = whole.subarray(0, at % (whole.length + 1));
        const found = fastRoute53Records(cut, false, true);
        // Declined only when the text is too short to tell its shape (a full parse then finds nothing either).
        if (cut.length > '{"Records":[{"eventVersion":'.length) expect(found).toBeDefined();
        if (found === undefined) return;
        // Where each record's closing brace is in the whole text: the record is whole when that is before the cut.
        const ends: number[] = [];
        let offset = 0;
        for (const [d, records] of files.entries()) {
          let end = offset + '{"Records":['.length - 1;
          for (const r of records) {
            end += Buffer.byteLength(JSON.stringify(r)) + 1;
            ends.push(end - 1);
          }
          offset += Buffer.byteLength(texts[d]!) + 1;
        }
        const complete = ends.filter((end) => end < cut.length).length;
        expect(found.recordCount).toBe(complete);
        const ids = found.records.flatMap(({ text, index }) => {
          const parsed = parseRecordText(text, index);
          if ('problem' in parsed) throw new Error(parsed.problem);
          return parsed.record === undefined ? [] : [{ id: parsed.record.eventID, index }];
        });
        const expected = files.flat().map((r, index) => ({ r, index })).filter(({ r, index }) => index < complete && r.eventSource === R53);
        expect(ids).toEqual(expected.map(({ r, index }) => ({ id: r.eventID, index })));
      }),
      { numRuns: 300 },
    );
  });

  it('does not take a Route 53 record planted in a request for one when the text is cut after it, in the record that holds it', () => {
    const planted = base('planted', R53, { hostedZoneId: 'Z1', changeBatch: { changes: [{ action: 'DELETE' }] } });
    const text = JSON.stringify({ Records: [base('e0', R53, null), base('e1', 'events.amazonaws.com', { entries: [{ a: 1 }, planted, { eventVersion: 'x' }] })] });
    const cut = Buffer.from(text.slice(0, text.indexOf('{"eventVersion":"x"')));
    const found = fastRoute53Records(cut, false, true);
    expect(found?.recordCount).toBe(1);
    expect(found?.records.map((r) => r.index)).toEqual([0]);
  });

  it('leaves a record that holds the name and does not parse to its reader, who reports it and keeps the records before it', () => {
    const good = JSON.stringify(base('e0', R53, null));
    const bad = `{"eventVersion":"1.09","eventSource":"${R53}","eventID":"e1","n":01}`; // a leading zero: invalid JSON, valid structure
    const text = `{"Records":[${good},${bad},${JSON.stringify(base('e2', R53, null))}]}`;
    expect(fastRoute53Records(Buffer.from(text))?.records.map((r) => r.index)).toEqual([0, 1, 2]);
    const outcome = scanBytes(gzipSync(text), 'f.json.gz');
    expect(outcomeRecords(outcome).map((x) => [x.record.eventID, x.index])).toEqual([['e0', 0]]);
  });

  it('declines files that are not in the compact delivery shape', () => {
    expect(fastRoute53Records(Buffer.from(JSON.stringify({ Records: [base('a', R53, null)] }, null, 2)))).toBeUndefined();
    expect(fastRoute53Records(Buffer.from('{"Records":[{"eventVersion":"1","eventSource":"route53.amazonaws.com"'))).toBeUndefined();
  });
});

describe('inflateChunkSize', () => {
  it('is the size the gzip trailer announces, plus one, within bounds', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 5000 }), (text) => {
        const gz = gzipSync(text);
        const inflated = Buffer.byteLength(text);
        expect(inflateChunkSize(gz)).toBe(Math.max(inflated + 1, 1024));
      }),
    );
    const forged = gzipSync('x');
    forged.writeUInt32LE(0xffffffff, forged.length - 4);
    expect(inflateChunkSize(forged)).toBe(16 * 1024 * 1024);
    expect(inflateChunkSize(Buffer.from([0x1f, 0x8b]))).toBe(16 * 1024);
  });
});
