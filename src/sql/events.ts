/**
 * Which CloudTrail events a replay needs: the Route 53 calls that change a
 * hosted zone or its record sets. The SQL generators filter on exactly this
 * list, so a query result holds nothing the replay would throw away.
 */
import { ROUTE53_EVENT_REGION as REGION, ROUTE53_SOURCE } from '../events/normalize.js';

/** CloudTrail `eventSource` of the Route 53 API (always recorded in us-east-1). */
export const ROUTE53_EVENT_SOURCE = ROUTE53_SOURCE;

/** The region where CloudTrail records Route 53 calls. */
export const ROUTE53_EVENT_REGION = REGION;

/** The zone-changing Route 53 `eventName`s, in a fixed order. */
export const ZONE_CHANGING_EVENT_NAMES = [
  'CreateHostedZone',
  'DeleteHostedZone',
  'ChangeResourceRecordSets',
  'CreateTrafficPolicyInstance',
  'UpdateTrafficPolicyInstance',
  'DeleteTrafficPolicyInstance',
  'UpdateHostedZoneComment',
  'AssociateVPCWithHostedZone',
  'DisassociateVPCFromHostedZone',
  'ChangeTagsForResource',
] as const;

/** One of the zone-changing event names. */
export type ZoneChangingEventName = (typeof ZONE_CHANGING_EVENT_NAMES)[number];
