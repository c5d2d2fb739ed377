/**
 * Text from the logs and from exports is attacker-controlled: as a law,
 * whatever control characters, ANSI escapes, C1 controls, line separators
 * or bidi overrides a trail or an export puts in names, values, set
 * identifiers, user agents, identities, comments, ids or times, every
 * output (text, JSON, zone files, change batches, the SVG chart) shows them
 * escaped, never raw.
 */
import fc from 'fast-check';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { safeText, terminalSafeJson } from '../../src/cli/terminal-text.js';
import { ACTING_BEYOND_C0 } from '../../src/model/acting-characters.js';
import { ctChange, ctChangeBatch, type Json } from '../support/cloudtrail.js';
import { smallTrail } from '../support/cloudtrail.js';
import { runMain } from '../support/run-main.js';
import { tempDirs } from '../support/temp-dirs.js';
import { STACK_LINE, UNEXPECTED } from '../support/user-errors.js';

const tempDir = tempDirs('zr-output-safety-');

/** Characters a terminal acts on: C0 but tab and line feed, and those beyond C0 (DEL, C1, separators, bidi). */
const RAW = new RegExp(`[\\u0000-\\u0008\\u000b-\\u001f${ACTING_BEYOND_C0}]`);
const ACTING = ['\u0000', '\u0007', '\b', '\r', '\u000b', '\u001b', '\u001b[2J', '\u001b]0;x\u0007', '\u007f', '\u0085', '\u009b', '\u2028', '\u2029', '\u202e', '\u202a', '\u2066', '\u2069', '\n', '\t'];

/** Text with acting characters among ordinary ones, at least one of them. */
const arbHostileText = fc
  .tuple(fc.array(fc.oneof(fc.constantFrom(...ACTING), fc.constantFrom('a', 'b', '.', '-', ' ', '"', '\\', ';', '<', '&', 'é')), { maxLength: 8 }), fc.constantFrom(...ACTING))
  .map(([parts, one]) => [...parts, one].join(''));

type Edit = (records: Json[], text: string) => void;
const at = (records: Json[], i: number): Json => records[i % records.length]!;
const batchOf = (r: Json): Json | undefined => (r.requestParameters as Json | undefined)?.changeBatch as Json | undefined;
const firstSet = (r: Json): Json | undefined => ((batchOf(r)?.changes as Json[] | undefined)?.[0]?.resourceRecordSet as Json | undefined);

/** Where a trail may carry attacker text. */
const EDITS: Record<string, Edit> = {
  userAgent: (rs, t) => (at(rs, 1).userAgent = t),
  sourceIPAddress: (rs, t) => (at(rs, 2).sourceIPAddress = t),
  eventID: (rs, t) => (at(rs, 1).eventID = t),
  eventTime: (rs, t) => (at(rs, 2).eventTime = `2024-03-01T10:30:00Z${t}`),
  eventName: (rs, t) => (at(rs, 0).eventName = `Create${t}`),
  arn: (rs, t) => ((at(rs, 1).userIdentity as Json).arn = `arn:aws:iam::1:user/${t}`),
  userName: (rs, t) => ((at(rs, 2).userIdentity as Json).userName = t),
  errorMessage: (rs, t) => Object.assign(at(rs, 2), { errorCode: `Invalid${t}`, errorMessage: t, responseElements: null }),
  comment: (rs, t) => Object.assign(batchOf(at(rs, 1)) ?? {}, { comment: t }),
  setIdentifier: (rs, t) => Object.assign(firstSet(at(rs, 1)) ?? {}, { setIdentifier: t }),
  name: (rs, t) => Object.assign(firstSet(at(rs, 1)) ?? {}, { name: `${t}.example.com` }),
  txtValue: (rs, t) => rs.push(ctChangeBatch({ id: 'ev-t', time: '2024-03-01T10:45:00Z', zone: 'Z1EXAMPLE', changes: [ctChange('CREATE', { name: 't.example.com', type: 'TXT', tTL: 60, resourceRecords: [{ value: JSON.stringify(t) }, { value: t }] })] })),
  aliasTarget: (rs, t) => Object.assign(((firstSet(at(rs, 2)) ?? {}).aliasTarget as Json | undefined) ?? {}, { dNSName: `${t}.cloudfront.net`, hostedZoneId: t }),
  hostedZoneId: (rs, t) => {
    for (const r of rs) {
      const params = r.requestParameters as Json | undefined;
      if (params?.hostedZoneId !== undefined) params.hostedZoneId = `Z1${t}`;
    }
  },
};

/** Where a run's files are. */
interface Files {
  readonly trail: string;
  readonly live: string;
  readonly zoneFile: string;
  readonly batch: string;
  readonly chart: string;
}

/** The commands and formats that print what the logs, an export or a change batch hold. */
const COMMANDS: readonly ((f: Files) => string[])[] = [
  (f) => ['replay', f.trail],
  (f) => ['replay', '--format', 'json', f.trail],
  (f) => ['replay', '--format', 'route53', f.trail],
  (f) => ['replay', '--format', 'bind', f.trail],
  (f) => ['zones', f.trail],
  (f) => ['blame', f.trail],
  (f) => ['blame', '--format', 'json', f.trail],
  (f) => ['timeline', f.trail],
  (f) => ['timeline', '--chart', f.chart, f.trail],
  (f) => ['log', f.trail],
  (f) => ['log', '--format', 'json', f.trail],
  (f) => ['diff', '--zone', 'example.com', '--from', '2024-03-01T09:30:00Z', '--to', '2024-03-02', f.trail],
  (f) => ['diff', '--against', f.live, f.trail],
  (f) => ['diff', '--against', f.zoneFile, f.trail],
  (f) => ['diff', '--against', f.live, '--format', 'json', f.trail],
  (f) => ['diff', '--against', f.live, '--format', 'change-batch', '--force', f.trail],
  (f) => ['apply', f.batch, '--to', f.live, '--format', 'text'],
  (f) => ['apply', f.batch, '--to', f.zoneFile, '--format', 'bind'],
  (f) => ['apply', f.batch, '--to', f.trail, '--format', 'route53'],
];

describe('the escapes every text output goes through', () => {
  const arbAnyString = fc.oneof(arbHostileText, fc.string({ unit: 'binary', maxLength: 30 }));

  it('safeText leaves no control character raw, line feeds and tabs included', () => {
    fc.assert(
      fc.property(arbAnyString, (s) => {
        expect(safeText(s)).not.toMatch(new RegExp(`[\\u0000-\\u001f${ACTING_BEYOND_C0}]`));
      }),
      { numRuns: 300 },
    );
  });

  it('terminalSafeJson leaves nothing raw and means the same JSON', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 3 }), arbAnyString, (value, s) => {
        const json = terminalSafeJson(JSON.stringify({ value, s }, null, 2));
        expect(json).not.toMatch(RAW);
        expect(JSON.parse(json)).toEqual(JSON.parse(JSON.stringify({ value, s })));
      }),
      { numRuns: 300 },
    );
  });
});

describe('text from the logs and exports', () => {
  it('reaches every output escaped, never raw', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(fc.constantFrom(...Object.keys(EDITS)), { minLength: 1, maxLength: 3 }), arbHostileText, fc.constantFrom(...COMMANDS), async (edits, text, command) => {
        const dir = tempDir();
        // The trail without its zone's deletion: a zone to diff, print and blame.
        const records = smallTrail().slice(0, 3);
        for (const e of edits) EDITS[e]!(records, text);
        const f: Files = { trail: join(dir, 'trail.json'), live: join(dir, 'live.json'), zoneFile: join(dir, 'live.zone'), batch: join(dir, 'batch.json'), chart: join(dir, 'chart.svg') };
        writeFileSync(f.trail, JSON.stringify({ Records: records }));
        // The export and the batch carry the same text in a set identifier and a TXT value.
        const hostileSet = { Name: 'h.example.com.', Type: 'TXT', TTL: 60, SetIdentifier: text, Weight: 1, ResourceRecords: [{ Value: JSON.stringify(text) }] };
        writeFileSync(f.live, JSON.stringify({ ResourceRecordSets: [hostileSet, { Name: 'www.example.com.', Type: 'A', TTL: 60, ResourceRecords: [{ Value: '192.0.2.1' }] }] }));
        writeFileSync(f.zoneFile, `$ORIGIN example.com.\n$TTL 60\n@ SOA ns1.example.net. h.example.com. 1 2 3 4 5\nh TXT ${JSON.stringify(text)} ; AWS routing="WEIGHTED" weight=1 identifier=${JSON.stringify(text)}\n`);
        writeFileSync(f.batch, JSON.stringify({ Changes: [{ Action: 'UPSERT', ResourceRecordSet: { ...hostileSet, Name: 'b.example.com.' } }] }));
        const r = await runMain([...command(f), '--jobs', '1']);
        expect([0, 1, 2]).toContain(r.code);
        expect(r.err).not.toMatch(STACK_LINE);
        // Nor a bug of ours said as a problem of the logs or the export (src/model/problems.ts).
        expect(r.err + r.out).not.toMatch(UNEXPECTED);
        expect(r.out).not.toMatch(RAW);
        expect(r.err).not.toMatch(RAW);
        if (existsSync(f.chart)) expect(readFileSync(f.chart, 'utf8')).not.toMatch(RAW);
      }),
      { numRuns: 120 },
    );
  });
});
