/**
 * Broken trail files for the bad-input laws: the small trail of
 * cloudtrail.ts in every shape zone-replay reads records from (CloudTrail
 * log, lookup-events, EventBridge, JSON Lines, CloudTrail Lake results,
 * Athena CSV), mutated as data and as text, and the bytes of such files
 * (gzipped, UTF-16, gzip broken, random).
 */
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { formatCsv, parseCsv } from '../../src/sql/result-csv.js';
import { smallTrail } from './cloudtrail.js';
import { arbAnyText, arbHostileString, arbJsonMutation, arbMutatedJsonText, arbTextMutation, DEEP, jsonText, mutateJson, mutateText } from './mutations.js';

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/${name}`, import.meta.url), 'utf8');

const RECORDS = smallTrail();

/** The same records in each JSON shape a format reads. */
export const TRAIL_DOCUMENTS: Readonly<Record<string, unknown>> = {
  'cloudtrail-log': { Records: RECORDS },
  'lookup-events': { Events: RECORDS.map((r) => ({ EventId: r.eventID, EventName: r.eventName, CloudTrailEvent: JSON.stringify(r) })), NextToken: 'x' },
  eventbridge: RECORDS.map((r) => ({ version: '0', 'detail-type': 'AWS API Call via CloudTrail', source: 'aws.route53', detail: r })),
  jsonl: RECORDS,
  'cloudtrail-lake': JSON.parse(fixture('lake/get-query-results-page-1.json')),
};

const ATHENA_ROWS = parseCsv(fixture('athena/3f9d2c41-7b1e-4a8f-9c55-0e6d1b2a7f30.csv'), 'a.csv').map((r) => r.fields);

/** Cells a query result may hold: hostile text, deep struct text and deep JSON (userIdentity, requestParameters), long runs of braces. */
const arbCell = fc.oneof(
  arbHostileString,
  fc.constantFrom('{a='.repeat(DEEP) + '1' + '}'.repeat(DEEP), '{a=' + '}'.repeat(DEEP) + 'x', '{' + 'a={'.repeat(DEEP) + '}'.repeat(DEEP + 1), '{"a":'.repeat(DEEP) + '1' + '}'.repeat(DEEP), '{__proto__={polluted=1}}', '{"__proto__":{"polluted":1}}', '{toString=1, valueOf={}}', '{a=1}}}', '{', 'null'),
);

/** A column of the result, the parsed ones (userIdentity, requestParameters, responseElements) half the time. */
const arbColumn = fc.oneof(fc.constantFrom(...['useridentity', 'requestparameters', 'responseelements'].map((c) => ATHENA_ROWS[0]!.indexOf(c))), fc.nat());

/** An Athena CSV: its rows mutated as data (cells replaced by hostile ones), then as text. */
export const arbAthenaText: fc.Arbitrary<string> = fc
  .tuple(fc.array(fc.tuple(fc.nat(), arbColumn, arbCell), { maxLength: 3 }), fc.array(arbJsonMutation, { maxLength: 2 }), fc.array(arbTextMutation, { maxLength: 2 }))
  .map(([cells, jm, tm]) => {
    const rows = ATHENA_ROWS.map((r) => [...r]);
    for (const [r, c, v] of cells) {
      const row = rows[r % rows.length]!;
      row[c % row.length] = v;
    }
    const mutated = mutateJson(rows, jm);
    const asRows = (Array.isArray(mutated) ? mutated : [mutated]).map((row) => (Array.isArray(row) ? row : [row]).map((v) => (v === null ? null : typeof v === 'string' ? v : jsonText(v))));
    return mutateText(formatCsv(asRows), tm);
  });

/** JSON Lines of the records, mutated as data (a line per record), then as text. */
const arbJsonLinesText = fc.tuple(fc.array(arbJsonMutation, { maxLength: 4 }), fc.array(arbTextMutation, { maxLength: 2 })).map(([jm, tm]) => {
  const recs = mutateJson(RECORDS, jm);
  return mutateText(Array.isArray(recs) ? recs.map((r) => jsonText(r)).join('\n') : jsonText(recs), tm);
});

/** The formats records are read from. */
export const TRAIL_FORMATS = ['cloudtrail-log', 'lookup-events', 'eventbridge', 'jsonl', 'cloudtrail-lake', 'athena-csv'] as const;

/** Text of the trail in the shape of `format`, mutated. */
export function arbTrailText(format: (typeof TRAIL_FORMATS)[number]): fc.Arbitrary<string> {
  if (format === 'athena-csv') return arbAthenaText;
  if (format === 'jsonl') return arbJsonLinesText;
  return arbMutatedJsonText(TRAIL_DOCUMENTS[format], { indent: format === 'cloudtrail-lake' ? 4 : undefined });
}

/** Any trail file's text: the trail mutated in any format, or anything at all. */
export const arbTrailFileText: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: fc.oneof(...TRAIL_FORMATS.map(arbTrailText)) },
  { weight: 1, arbitrary: arbAnyText },
);

/** Bytes of a trail file: its text as UTF-8 or UTF-16, gzipped or not, gzip bytes broken, or random bytes. */
export const arbTrailFileBytes: fc.Arbitrary<Buffer> = fc.oneof(
  { weight: 4, arbitrary: arbTrailFileText.map((t) => Buffer.from(t)) },
  { weight: 2, arbitrary: arbTrailFileText.map((t) => gzipSync(t)) },
  { weight: 1, arbitrary: arbTrailFileText.map((t) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(t, 'utf16le')])) },
  {
    weight: 1,
    arbitrary: fc.tuple(arbTrailFileText, fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 3 }), fc.nat()).map(([t, flips, cut]) => {
      const gz = Buffer.from(gzipSync(t));
      for (const [at, byte] of flips) gz[at % gz.length] = byte;
      return gz.subarray(0, Math.max(2, gz.length - (cut % 16)));
    }),
  },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 300 }).map((a) => Buffer.from(a)) },
);
