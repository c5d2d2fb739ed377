/**
 * Zone exports on broken inputs, as laws: a list-resource-record-sets
 * listing, a BIND zone file or a zone-replay report, mutated as data and as
 * text, is read into record sets (the sets it cannot read skipped and named)
 * or refused with the reader's own error naming the file; what is read can
 * be written out again in every output format.
 */
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseZoneFile, printZoneFile, ZoneFileError } from '../../src/formats/bind/index.js';
import { ExportFormatError, printListResourceRecordSets, readRoute53Export } from '../../src/formats/route53-json.js';
import { ExportError, readZoneExport, type ZoneExport } from '../../src/formats/zone-export.js';
import { arbAnyText, arbMutatedJsonText, arbMutatedText } from '../support/mutations.js';
import { returnsOrRefuses } from '../support/user-errors.js';

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/zones/${name}`, import.meta.url), 'utf8');

const LISTINGS = [
  'list-resource-record-sets.example.com.json',
  'list-resource-record-sets-pages.example.com.json',
  'list-resource-record-sets-page-array.example.com.json',
  'resource-record-sets-bare.example.com.json',
].map(fixture);
const ZONE_FILES = ['hand-written.example.com.zone', 'escapes.example.net.zone', 'cli53-export.example.com.txt', 'octodns-bind.unit.tests.zone', 'named-compilezone.example.org.zone', 'crlf.example.com.zone'].map(fixture);

/** A zone-replay report of one snapshot (the shape `replay --format json` writes, cut to what the reader reads). */
const REPORT = {
  zoneReplay: { version: 'test', reportVersion: 1, report: 'snapshot' },
  snapshots: [{ zoneId: 'Z1EXAMPLE', zoneName: 'example.com.', ResourceRecordSets: (JSON.parse(LISTINGS[0]!) as { ResourceRecordSets: unknown[] }).ResourceRecordSets }],
};

/** The first JSON value of a listing file (several pages back to back are mutated as text only). */
const firstDocument = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return JSON.parse(text.slice(0, text.indexOf('\n}') + 2));
  }
};

const arbListing = fc.oneof(...LISTINGS.map((t) => arbMutatedJsonText(firstDocument(t), { indent: 4 })), ...LISTINGS.map(arbMutatedText));
const arbZoneFile = fc.oneof(...ZONE_FILES.map(arbMutatedText));
const arbReport = arbMutatedJsonText(REPORT, { indent: 2 });

/** Every output an export's sets are written in (the CLI's `--format route53|bind` of apply and replay). */
function writeOut(exp: ZoneExport): void {
  printListResourceRecordSets(exp.recordSets);
  printZoneFile(exp.recordSets, { origin: exp.zoneName ?? 'example.com.' });
  JSON.stringify([...exp.native.values()]);
}

describe('a zone export that is broken', () => {
  it('is read, or refused with an ExportError naming the file; what is read can be written out', () => {
    fc.assert(
      fc.property(fc.oneof(arbListing, arbZoneFile, arbReport, arbAnyText), fc.option(fc.constantFrom('example.com', 'Z1EXAMPLE'), { nil: undefined }), (text, zone) => {
        const r = returnsOrRefuses('readZoneExport', () => readZoneExport(text, 'live.json', zone !== undefined ? { zone, origin: zone } : {}), [ExportError]);
        if (!r.ok) expect(r.error.message).toMatch(/^live\.json: ./);
        else {
          // A bug of ours read as a problem of the set (see recordSetProblem).
          for (const p of r.value.problems) expect(p.message).not.toMatch(/unexpected error/);
          returnsOrRefuses('writing the export out', () => writeOut(r.value), []);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('list-resource-record-sets JSON: read, or an ExportFormatError naming the file', () => {
    fc.assert(
      fc.property(fc.oneof(arbListing, arbAnyText), (text) => {
        const r = returnsOrRefuses('readRoute53Export', () => readRoute53Export(text, 'live.json'), [ExportFormatError]);
        if (!r.ok) expect(r.error.message).toMatch(/^live\.json: ./);
        else for (const p of r.value.problems) expect(p.message).toMatch(/^live\.json: (?!.*unexpected error)/);
      }),
      { numRuns: 200 },
    );
  });

  it('a BIND zone file: sets and problems with their lines, or a ZoneFileError naming the file and line', () => {
    fc.assert(
      fc.property(fc.oneof(arbZoneFile, arbAnyText), fc.option(fc.constantFrom('example.com.', 'example.net', '.'), { nil: undefined }), (text, origin) => {
        const r = returnsOrRefuses('parseZoneFile', () => parseZoneFile(text, origin !== undefined ? { file: 'db.zone', origin } : { file: 'db.zone' }), [ZoneFileError]);
        if (!r.ok) expect(r.error.message).toMatch(/^db\.zone:\d+: ./);
        else {
          // What was read is written back, and the text written reads again.
          const printed = returnsOrRefuses('printZoneFile', () => printZoneFile(r.value.recordSets, { origin: r.value.origin ?? origin ?? 'example.com.' }), []);
          if (printed.ok) returnsOrRefuses('parseZoneFile of printZoneFile', () => parseZoneFile(printed.value, { file: 'again.zone' }), []);
        }
      }),
      { numRuns: 300 },
    );
  });
});
