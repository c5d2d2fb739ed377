/**
 * CloudTrail records of Route 53 calls, in the shapes of §3 of the format
 * notes: bare hostedZoneId, `tTL`, `changeInfo.submittedAt` as Java date
 * text, the "Do not use to reconstruct hosted zone" note, failures with
 * errorCode/errorMessage and responseElements null.
 */
import type { Actor, Json } from './actors.js';
import { javaDate } from './clock.js';
import type { Rng } from './prng.js';
import { buildRecord } from './record.js';
import { toRequestRecordSet, type SimChange } from './zones.js';

/** Route 53's eventSource. */
export const ROUTE53_SOURCE = 'route53.amazonaws.com';

const NOTE = { Note: 'Do not use to reconstruct hosted zone' };

/** Who called, when, in which account. */
export interface CallContext {
  readonly account: string;
  readonly actor: Actor;
  readonly time: number;
}

/** A failed call's errorCode and errorMessage. */
export interface CallError {
  readonly code: string;
  readonly message: string;
}

function route53Record(
  ctx: CallContext,
  rng: Rng,
  name: string,
  requestParameters: Json,
  responseElements: Json,
  readOnly: boolean,
  error?: CallError,
  additionalEventData?: Json,
): { [key: string]: Json } {
  return buildRecord(
    {
      eventVersion: '1.09',
      actor: ctx.actor,
      time: ctx.time,
      source: ROUTE53_SOURCE,
      name,
      region: 'us-east-1',
      account: ctx.account,
      requestParameters,
      responseElements,
      readOnly,
      apiVersion: '2013-04-01',
      host: 'route53.amazonaws.com',
      ...(error !== undefined ? { error } : {}),
      ...(additionalEventData !== undefined ? { additionalEventData } : {}),
    },
    rng,
  );
}

/** A Route 53 change id (`C` + upper-case letters and digits). */
export function changeId(rng: Rng): string {
  return 'C' + rng.upper(rng.chance(0.5) ? 13 : 20);
}

/**
 * `changeInfo` in the order real events write it (status, id, comment, submittedAt: the certbot
 * and cloud-custodian samples; only the docs' example, which sorts every key, has it alphabetical).
 */
function changeInfo(id: string, time: number, comment?: string): Json {
  const info: { [key: string]: Json } = { status: 'PENDING', id: `/change/${id}` };
  if (comment !== undefined) info.comment = comment;
  info.submittedAt = javaDate(time);
  return { changeInfo: info };
}

/**
 * ChangeResourceRecordSets. `error` makes it a failed call; with
 * `noParameters` the request is not logged (as in AccessDenied events).
 */
export function changeRecord(
  ctx: CallContext,
  rng: Rng,
  zoneId: string,
  changes: readonly SimChange[],
  comment: string | undefined,
  outcome: { readonly changeId: string } | { readonly error: CallError; readonly noParameters?: boolean },
): { [key: string]: Json } {
  const batch: { [key: string]: Json } = {
    changes: changes.map((c) => ({ action: c.action, resourceRecordSet: toRequestRecordSet(c.set, c.spelled) })),
  };
  if (comment !== undefined) batch.comment = comment;
  const params: Json = { hostedZoneId: zoneId, changeBatch: batch };
  if ('error' in outcome) {
    return route53Record(ctx, rng, 'ChangeResourceRecordSets', outcome.noParameters === true ? null : params, null, false, outcome.error, NOTE);
  }
  return route53Record(ctx, rng, 'ChangeResourceRecordSets', params, changeInfo(outcome.changeId, ctx.time, comment), false, undefined, NOTE);
}

/** What CreateHostedZone needs to know about the new zone. */
export interface NewZone {
  readonly id: string;
  readonly name: string;
  readonly callerReference: string;
  readonly nameServers: readonly string[];
  readonly comment: string;
}

/** CreateHostedZone (shape inferred from the API model, §3.4). */
export function createZoneRecord(ctx: CallContext, rng: Rng, zone: NewZone, change: string): { [key: string]: Json } {
  // An empty comment is not sent, and the API then has no Comment (as in get-hosted-zone output).
  const config: { [key: string]: Json } = zone.comment === '' ? { privateZone: false } : { comment: zone.comment, privateZone: false };
  return route53Record(
    ctx,
    rng,
    'CreateHostedZone',
    { name: zone.name, callerReference: zone.callerReference, hostedZoneConfig: config },
    {
      hostedZone: { id: `/hostedzone/${zone.id}`, name: zone.name, callerReference: zone.callerReference, config, resourceRecordSetCount: 2 },
      changeInfo: (changeInfo(change, ctx.time) as { changeInfo: Json }).changeInfo,
      delegationSet: { nameServers: [...zone.nameServers] },
      location: `https://route53.amazonaws.com/2013-04-01/hostedzone/${zone.id}`,
    },
    false,
  );
}

/** DeleteHostedZone (`requestParameters.id`, §3.4). */
export function deleteZoneRecord(ctx: CallContext, rng: Rng, zoneId: string, outcome: { readonly changeId: string } | { readonly error: CallError }): { [key: string]: Json } {
  if ('error' in outcome) return route53Record(ctx, rng, 'DeleteHostedZone', { id: zoneId }, null, false, outcome.error);
  return route53Record(ctx, rng, 'DeleteHostedZone', { id: zoneId }, changeInfo(outcome.changeId, ctx.time), false);
}

/** A read-only call: ListResourceRecordSets, GetChange, ListHostedZones, GetHostedZone. */
export function readOnlyRecord(ctx: CallContext, rng: Rng, name: string, requestParameters: Json): { [key: string]: Json } {
  return route53Record(ctx, rng, name, requestParameters, null, true);
}
