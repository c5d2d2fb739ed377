/**
 * The change batch `apply` reads, broken: `{"Changes": [...]}`, the CLI's
 * full input or a list of batches, mutated as data, is read into changes or
 * refused with a ChangeBatchError saying which batch and change; what is
 * read runs through the simulator to a zone or Route 53's refusal, and the
 * zone is written out, never an exception.
 */
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ChangeBatchError, changeBatchZoneId, readChangeBatches, whatIf } from '../../src/diff/what-if.js';
import { printZoneFile } from '../../src/formats/bind/index.js';
import { printListResourceRecordSets, readRoute53Export } from '../../src/formats/route53-json.js';
import { arbJsonMutation, jsonText, mutateJson } from '../support/mutations.js';
import { returnsOrRefuses } from '../support/user-errors.js';

const LIVE = readRoute53Export(readFileSync(new URL('../../fixtures/zones/list-resource-record-sets.example.com.json', import.meta.url), 'utf8'), 'live.json').recordSets;

/** Each shape apply reads, with every action and an alias, weighted routing and TXT quoting. */
const BATCHES: unknown[] = [
  {
    Comment: 'web',
    Changes: [
      { Action: 'CREATE', ResourceRecordSet: { Name: 'new.example.com.', Type: 'A', TTL: 300, ResourceRecords: [{ Value: '192.0.2.9' }] } },
      { Action: 'UPSERT', ResourceRecordSet: { Name: 'w.example.com.', Type: 'A', SetIdentifier: 'one', Weight: 10, TTL: 60, ResourceRecords: [{ Value: '192.0.2.10' }] } },
      { Action: 'UPSERT', ResourceRecordSet: { Name: 'txt.example.com', Type: 'TXT', TTL: 60, ResourceRecords: [{ Value: '"v=spf1 -all"' }] } },
    ],
  },
  { HostedZoneId: '/hostedzone/Z1EXAMPLE', ChangeBatch: { Changes: [{ Action: 'CREATE', ResourceRecordSet: { Name: 'cdn.example.com.', Type: 'A', AliasTarget: { HostedZoneId: 'Z2FDTNDATAQYW2', DNSName: 'd1.cloudfront.net.', EvaluateTargetHealth: false } } }] } },
  [{ Changes: [{ Action: 'DELETE', ResourceRecordSet: { Name: 'example.com.', Type: 'MX', TTL: 300, ResourceRecords: [{ Value: '10 inbound-smtp.us-east-1.amazonaws.com' }] } }] }],
];

/** A batch document mutated, as JSON.parse reads it back. */
const arbBatchDocument = fc.tuple(fc.constantFrom(...BATCHES), fc.array(arbJsonMutation, { maxLength: 5 })).map(([doc, jm]) => {
  const text = jsonText(mutateJson(doc, jm));
  return text === '' ? undefined : (JSON.parse(text) as unknown);
});

describe('a change batch that is broken', () => {
  it('is read or refused with a ChangeBatchError; what is read runs through the simulator and is written out', () => {
    fc.assert(
      fc.property(arbBatchDocument, (doc) => {
        const r = returnsOrRefuses('readChangeBatches', () => readChangeBatches(doc), [ChangeBatchError]);
        if (!r.ok) {
          expect(r.error.message).toMatch(/^batch \d+/);
          // A bug of ours read as the user's mistake (see recordSetProblem).
          expect(r.error.message).not.toMatch(/unexpected error/);
          return;
        }
        const zoneId = returnsOrRefuses('changeBatchZoneId', () => changeBatchZoneId(doc), []);
        const result = returnsOrRefuses('whatIf', () => whatIf('example.com.', LIVE, r.value, ...(zoneId.ok && zoneId.value !== undefined ? [zoneId.value] : [])), []);
        if (result.ok && result.value.ok) {
          const sets = result.value.recordSets;
          returnsOrRefuses('writing the zone out', () => [printListResourceRecordSets(sets), printZoneFile(sets, { origin: 'example.com.' })], []);
        }
        if (result.ok && !result.value.ok) expect(result.value.errors.length).toBeGreaterThan(0);
      }),
      { numRuns: 300 },
    );
  });
});
