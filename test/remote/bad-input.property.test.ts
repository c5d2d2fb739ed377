/**
 * A live zone's listing, broken: the pages of ListResourceRecordSets as the
 * AWS SDK hands them over (members missing, hostile strings where names,
 * types and values go, odd numbers), read by fetchLiveZone into record sets
 * or refused with a Route53LiveError naming the zone and the page, never
 * another exception, nor a bug of ours said as the zone's problem.
 */
import fc from 'fast-check';
import type { Route53Client } from '@aws-sdk/client-route-53';
import { describe, expect, it } from 'vitest';
import { ROUTE53_TYPES } from '../../src/model/index.js';
import { toResourceRecordSet } from '../../src/formats/route53-json.js';
import { fetchLiveZone, Route53LiveError } from '../../src/sources/route53-live.js';
import { arbRecordSet } from '../support/arbitraries.js';
import { arbHostileString } from '../support/mutations.js';
import { returnsOrRefusesAsync } from '../support/user-errors.js';

const ZONE = 'Z1EXAMPLE';

/** Any member the SDK's shape allows, or none: strings, whole numbers, booleans, lists of {Value}. */
const text = fc.oneof(arbHostileString, fc.constantFrom('www.example.com.', 'example.com', '192.0.2.1', '10 mail.example.com.', '"v=spf1 -all"'));
const optional = { requiredKeys: [] as [] };
const arbSdkSet = fc.record(
  {
    Name: text,
    Type: fc.oneof(fc.constantFrom(...ROUTE53_TYPES), text),
    SetIdentifier: text,
    Weight: fc.integer({ min: -1, max: 2 ** 32 }),
    Region: text,
    GeoLocation: fc.record({ ContinentCode: text, CountryCode: text, SubdivisionCode: text }, optional),
    Failover: fc.oneof(fc.constantFrom('PRIMARY', 'SECONDARY'), text),
    MultiValueAnswer: fc.boolean(),
    TTL: fc.oneof(fc.nat(), fc.integer()),
    ResourceRecords: fc.array(fc.record({ Value: text }, optional), { maxLength: 3 }),
    AliasTarget: fc.record({ HostedZoneId: text, DNSName: text, EvaluateTargetHealth: fc.boolean() }, optional),
    HealthCheckId: text,
    TrafficPolicyInstanceId: text,
    CidrRoutingConfig: fc.record({ CollectionId: text, LocationName: text }, optional),
    GeoProximityLocation: fc.record({ AWSRegion: text, LocalZoneGroup: text, Coordinates: fc.record({ Latitude: text, Longitude: text }, optional), Bias: fc.integer() }, optional),
  },
  optional,
);

/** A listing of one to three pages, its sets well formed or not. */
const arbPages = fc.array(fc.array(fc.oneof(arbRecordSet().map(toResourceRecordSet), arbSdkSet), { maxLength: 4 }), { minLength: 1, maxLength: 3 });

/** A client answering each ListResourceRecordSets with the next page, as the SDK would give it. */
function clientServing(pages: readonly unknown[][]): Route53Client {
  let page = 0;
  const send = async () => {
    const i = page++;
    const last = i >= pages.length - 1;
    return { ResourceRecordSets: pages[Math.min(i, pages.length - 1)], IsTruncated: !last, ...(last ? {} : { NextRecordName: `p${i}.example.com.`, NextRecordType: 'A' }) };
  };
  return { send } as unknown as Route53Client;
}

describe('a live zone whose listing is broken', () => {
  it('is read into record sets, or refused with a Route53LiveError naming the zone and page', async () => {
    await fc.assert(
      fc.asyncProperty(arbPages, async (pages) => {
        const r = await returnsOrRefusesAsync('fetchLiveZone', () => fetchLiveZone(ZONE, { client: clientServing(pages) }), [Route53LiveError]);
        if (!r.ok) expect(r.error.message).toMatch(/^hosted zone Z1EXAMPLE, page [1-3]: ./);
        else expect(r.value.native.size).toBe(r.value.recordSets.length);
      }),
      { numRuns: 200 },
    );
  });
});
