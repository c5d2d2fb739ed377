/**
 * The record-level fast path gives exactly what a full parse gives, on any
 * compact CloudTrail file — including Route 53's name inside other services'
 * values and record-like objects nested in requests — or declines.
 */
import fc from 'fast-check';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { fastRoute53Records } from '../../src/sources/fast-records.js';
import { inflateChunkSize, outcomeRecords, scanBytes } from '../../src/sources/scan.js';

const R53 = 'route53.amazonaws.com';
const base = (id: string, source: string, params: unknown) => ({ eventVersion: '1.09', eventSource: source, eventName: 'X', eventID: id, requestParameters: params });

const arbParams = fc.oneof(
  fc.constant(null),
  fc.record({ name: fc.string({ maxLength: 20 }) }),
  // Route 53's name in a value of another service, with and without quotes around it.
  fc.constant({ principal: R53, note: `"eventSource":"${R53}"` }),
  // A record-like object nested in a request (as an event bus would carry).
  fc.constant({ entries: [{ eventVersion: '1.0', eventSource: R53, detail: 'x' }] }),
);
const arbRecord = fc.tuple(fc.constantFrom(R53, 'ec2.amazonaws.com', 's3.amazonaws.com', 'route53domains.amazonaws.com'), arbParams);

describe('fast Route 53 records', () => {
  it('agrees with the full parse, or declines', () => {
    fc.assert(
      fc.property(fc.array(arbRecord, { maxLength: 12 }), (list) => {
        const records = list.map(([source, params], i) => base(`e${i}`, source, params));
        const text = JSON.stringify({ Records: records });
        const expected = records.map((r, index) => ({ r, index })).filter(({ r }) => r.eventSource === R53).map(({ r, index }) => ({ id: r.eventID, index }));
        const fast = fastRoute53Records(Buffer.from(text));
        if (fast !== undefined) expect(fast.map((f) => ({ id: (JSON.parse(f.text) as { eventID: string }).eventID, index: f.index }))).toEqual(expected);
        // Whatever path scanBytes takes, the result is the full parse's.
        const scanned = outcomeRecords(scanBytes(gzipSync(text), 'f.json.gz')).map((x) => ({ id: x.record.eventID, index: x.index }));
        expect(scanned).toEqual(expected);
      }),
      { numRuns: 300 },
    );
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
