import fc from 'fast-check';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { ingest, type InputFile } from '../../src/sources/index.js';

type Rec = Record<string, unknown> & { eventID: string; eventSource: string };

const SOURCES = ['route53.amazonaws.com', 'ec2.amazonaws.com', 'route53domains.amazonaws.com', 's3.amazonaws.com'];
const FORMATS = ['log', 'log-gz', 'jsonl', 'jsonl-gz', 'array', 'lookup', 'eventbridge'] as const;
type Fmt = (typeof FORMATS)[number];

const recordArb = fc.record({
  eventSource: fc.constantFrom(...SOURCES),
  eventName: fc.constantFrom('ChangeResourceRecordSets', 'CreateHostedZone', 'DescribeInstances'),
  requestParameters: fc.option(fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 }), { nil: null }),
});

/** One file holding `recs` in format `fmt`. */
function encode(recs: readonly Rec[], fmt: Fmt, n: number): InputFile {
  let text: string;
  switch (fmt) {
    case 'log':
    case 'log-gz':
      text = JSON.stringify({ Records: recs });
      break;
    case 'jsonl':
    case 'jsonl-gz':
      text = recs.map((r) => JSON.stringify(r)).join('\n') + '\n';
      break;
    case 'array':
      text = JSON.stringify(recs, null, 1);
      break;
    case 'lookup': {
      // Two pages back to back, the first possibly empty.
      const half = Math.floor(recs.length / 2);
      const page = (rs: readonly Rec[]) => JSON.stringify({ Events: rs.map((r) => ({ EventId: r.eventID, CloudTrailEvent: JSON.stringify(r) })), NextToken: 'x' }, null, 4);
      text = page(recs.slice(0, half)) + '\n' + page(recs.slice(half));
      break;
    }
    case 'eventbridge':
      text = recs.map((r) => JSON.stringify({ version: '0', 'detail-type': 'AWS API Call via CloudTrail', source: 'aws.x', detail: r })).join('\n');
      break;
  }
  const bytes = fmt.endsWith('-gz') ? gzipSync(text) : Buffer.from(text);
  return { name: `file-${n}.${fmt}`, size: bytes.length, read: async () => Buffer.from(bytes) };
}

describe('ingest does not depend on how records are split across files', () => {
  it('keeps exactly the Route 53 records, in order, whatever the files and formats', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(recordArb, { maxLength: 25 }),
        fc.array(fc.tuple(fc.nat(25), fc.constantFrom(...FORMATS)), { maxLength: 6 }),
        async (raw, cuts) => {
          const recs: Rec[] = raw.map((r, i) => ({ eventVersion: '1.09', eventID: `id-${i}`, ...r }));
          const points = [...new Set(cuts.map(([c]) => Math.min(c, recs.length)))].sort((a, b) => a - b);
          const bounds = [0, ...points, recs.length];
          const files: InputFile[] = [];
          for (let i = 0; i + 1 < bounds.length; i++) {
            const chunk = recs.slice(bounds[i], bounds[i + 1]);
            // Formats other than a log file cannot be empty (an empty file is a problem).
            const fmt = chunk.length === 0 ? 'log' : (cuts[i]?.[1] ?? 'jsonl');
            files.push(encode(chunk, fmt, i));
          }
          const { records, report } = await ingest(files, { jobs: 1 });
          expect(report.problems).toEqual([]);
          // What the files hold: JSON has no -0 (fc.jsonValue makes some), so the records as written, read back.
          const want = JSON.parse(JSON.stringify(recs.filter((r) => r.eventSource === 'route53.amazonaws.com'))) as unknown;
          expect(records.map((r) => r.record)).toEqual(want);
          expect(report.filesRead).toBe(files.length);
        },
      ),
      { numRuns: 150 },
    );
  });
});
