/**
 * One CloudTrail record → one Route53Event.
 *
 * CloudTrail writes the API's member names with only the first letter
 * lower-cased (`tTL`, `dNSName`, `resourceRecordSet`), and hand-edited
 * samples mix spellings, so every key is read case-insensitively. The zone
 * id is bare in `hostedZoneId`, `/hostedzone/…` in responses, and
 * DeleteHostedZone calls it `id`.
 */
import { StringMemo } from '../model/memo.js';
import { tryCanonicalName } from '../model/name.js';
import { calendarDay } from '../model/time.js';
import { bareZoneId, field, isObject, readResourceRecordSet, recordSetProblem, stringField, type JsonObject } from '../model/read-rrset.js';
import type { Change, Identity, Provenance, Route53Action, Route53Event } from './types.js';

/** Where a record was read from. */
export interface RecordOrigin {
  readonly file: string;
  readonly index: number;
}

/** A record that is not a usable Route 53 event, and why. */
export interface EventProblem {
  readonly file: string;
  readonly index: number;
  readonly eventId?: string;
  readonly message: string;
}

/** The problem of a record without an eventID (its id is then `file#index`). */
export const NO_EVENT_ID = 'record has no eventID; identified by its file and position';

/** The CloudTrail eventSource of Route 53's hosted-zone API. */
export const ROUTE53_SOURCE = 'route53.amazonaws.com';

/** The region where CloudTrail records Route 53's calls (a global service's home). */
export const ROUTE53_EVENT_REGION = 'us-east-1';

/** Calls that change record sets without a ChangeResourceRecordSets event. */
const GAP_CALLS: Readonly<Record<string, string>> = {
  CreateTrafficPolicyInstance: 'a traffic policy instance created record sets that no ChangeResourceRecordSets event lists',
  UpdateTrafficPolicyInstance: 'a traffic policy instance replaced record sets that no ChangeResourceRecordSets event lists',
  DeleteTrafficPolicyInstance: 'a traffic policy instance deleted record sets that no ChangeResourceRecordSets event lists',
};

/**
 * One copy of each repeated string. JSON.parse makes a new string for every
 * value, and a trail repeats the same account ids, ARNs, user agents and event
 * names in thousands of events: without sharing, most of an event log's memory
 * is copies, and each copy is one more object for every young-generation GC to
 * move. Unique values (eventID, requestID, eventTime) are not shared.
 */
const SHARED = new StringMemo<string>();
/** Zone ids as logged → bare zone ids (a memo of its own: SHARED maps each string to itself). */
const ZONE_IDS = new StringMemo<string>();
const itself = (s: string): string => s;

/** A string field, as the shared copy of its value. */
function sharedField(obj: unknown, key: string): string | undefined {
  const value = stringField(obj, key);
  return value === undefined ? undefined : SHARED.get(value, itself);
}

/** CloudTrail's eventTime, ISO-8601 (`2024-03-01T10:00:00Z`); the day is checked apart. */
const EVENT_TIME = /^(\d{4}-\d{2}-\d{2})T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?$/;

/**
 * Epoch milliseconds of an eventTime, or NaN when it is not an ISO-8601
 * instant. Date.parse alone would also read "Mar 1 2024 10:00" (in the
 * machine's time zone, so a replay would depend on where it runs), take
 * text in parentheses, and roll 2024-02-30 over into March. Without a zone,
 * UTC, as every CloudTrail time is.
 */
export function eventTimeMs(text: string): number {
  const m = EVENT_TIME.exec(text);
  if (m === null || calendarDay(m[1]!) === undefined) return NaN;
  return Date.parse(m[2] === undefined ? text + 'Z' : text);
}

/** True when a record is from Route 53's hosted-zone API. */
export function isRoute53Record(record: unknown): boolean {
  return stringField(record, 'eventSource') === ROUTE53_SOURCE;
}

/**
 * Normalizes one record. Returns a problem instead of throwing when the
 * record cannot be read (no eventTime, no eventName).
 */
export function normalizeRecord(record: JsonObject, origin: RecordOrigin): Route53Event | EventProblem {
  const eventName = sharedField(record, 'eventName');
  const eventTime = stringField(record, 'eventTime');
  const rawId = stringField(record, 'eventID');
  if (eventName === undefined) return { ...origin, eventId: rawId, message: 'record has no eventName' };
  const timeMs = eventTime === undefined ? NaN : eventTimeMs(eventTime);
  if (eventTime === undefined || Number.isNaN(timeMs)) {
    return { ...origin, eventId: rawId, message: `record has no readable eventTime (${JSON.stringify(eventTime ?? null)})` };
  }
  const problems: string[] = [];
  const response = field(record, 'responseElements');
  const changeInfo = field(response, 'changeInfo');
  const provenance: Provenance = stripUndefined({
    eventId: rawId ?? `${origin.file}#${origin.index}`,
    eventTime,
    timeMs,
    eventName,
    identity: readIdentity(field(record, 'userIdentity')),
    sourceIPAddress: sharedField(record, 'sourceIPAddress'),
    userAgent: sharedField(record, 'userAgent'),
    requestId: stringField(record, 'requestID'),
    recipientAccountId: sharedField(record, 'recipientAccountId'),
    changeId: stringField(changeInfo, 'id'),
    file: origin.file,
    index: origin.index,
  });
  if (rawId === undefined) problems.push(NO_EVENT_ID);

  const errorCode = stringField(record, 'errorCode');
  const error = errorCode !== undefined ? stripUndefined({ code: errorCode, message: stringField(record, 'errorMessage') }) : undefined;
  const action = readAction(eventName, field(record, 'requestParameters'), response, problems, error !== undefined);
  const event: Route53Event = stripUndefined({
    provenance,
    action,
    error,
    problems: problems.length > 0 ? problems : undefined,
  });
  return event;
}

function readAction(eventName: string, params: unknown, response: unknown, problems: string[], failed: boolean): Route53Action {
  const zoneFromParams = (key: string) => {
    const id = stringField(params, key);
    return id !== undefined && id.trim() !== '' ? ZONE_IDS.get(id, bareZoneId) : undefined;
  };
  if (Object.hasOwn(GAP_CALLS, eventName)) return policyInstanceGap(eventName, params, response);
  if (isTruncated(params)) {
    return { kind: 'gap', zoneId: zoneFromParams('hostedZoneId') ?? zoneFromParams('id'), reason: `CloudTrail truncated the request of ${eventName} (omitted: true); its changes are unknown` };
  }
  switch (eventName) {
    case 'CreateHostedZone':
      return readCreateZone(params, response, problems, failed);
    case 'DeleteHostedZone': {
      const zoneId = zoneFromParams('id') ?? zoneFromParams('hostedZoneId');
      if (zoneId === undefined) return { kind: 'other' };
      return { kind: 'delete-zone', zoneId };
    }
    case 'ChangeResourceRecordSets': {
      const zoneId = zoneFromParams('hostedZoneId') ?? zoneFromParams('id');
      if (zoneId === undefined) {
        problems.push('ChangeResourceRecordSets without a hostedZoneId');
        return { kind: 'gap', reason: 'ChangeResourceRecordSets without a readable hostedZoneId' };
      }
      const batch = field(params, 'changeBatch');
      const list = field(batch, 'changes');
      if (!Array.isArray(list) || isTruncated(batch)) {
        return { kind: 'gap', zoneId, reason: 'the change list of this ChangeResourceRecordSets was not logged (truncated or missing)' };
      }
      const changes: Change[] = [];
      for (const [i, c] of list.entries()) {
        const action = stringField(c, 'action')?.toUpperCase();
        if (action !== 'CREATE' && action !== 'DELETE' && action !== 'UPSERT') {
          problems.push(`change ${i + 1} has an unknown action ${JSON.stringify(stringField(c, 'action') ?? null)}`);
          return { kind: 'gap', zoneId, reason: `change ${i + 1} cannot be read, so the atomic batch cannot be replayed` };
        }
        try {
          changes.push({ action, rrset: readResourceRecordSet(field(c, 'resourceRecordSet')) });
        } catch (err) {
          problems.push(`change ${i + 1}: ${recordSetProblem(err)}`);
          return { kind: 'gap', zoneId, reason: `change ${i + 1} cannot be read, so the atomic batch cannot be replayed` };
        }
      }
      const comment = stringField(batch, 'comment');
      return comment !== undefined ? { kind: 'change-rrsets', zoneId, comment, changes } : { kind: 'change-rrsets', zoneId, changes };
    }
    default: {
      const zoneId = zoneFromParams('hostedZoneId') ?? zoneFromParams('id');
      const named = readHostedZone(field(response, 'hostedZone'));
      if (named !== undefined && named.name !== undefined) return { kind: 'zone-name', zoneId: named.id, zoneName: named.name };
      return zoneId !== undefined && eventName.toLowerCase().includes('hostedzone') ? { kind: 'other', zoneId } : { kind: 'other' };
    }
  }
}

/**
 * A traffic policy instance call: a gap in the zone it names. Only Create
 * names the zone in its request; Update and Delete name the instance
 * (their `id` is the instance's, not a zone's), Update's response names
 * the zone again, and Delete's names nothing: the instance id lets the
 * replay find the zone another call tied it to.
 */
function policyInstanceGap(eventName: string, params: unknown, response: unknown): Route53Action {
  const instance = field(response, 'trafficPolicyInstance');
  const zone = stringField(params, 'hostedZoneId') ?? stringField(instance, 'hostedZoneId');
  const zoneId = zone !== undefined && zone.trim() !== '' ? ZONE_IDS.get(zone, bareZoneId) : undefined;
  const instanceId = (eventName === 'CreateTrafficPolicyInstance' ? undefined : stringField(params, 'id')) ?? stringField(instance, 'id');
  return stripUndefined({ kind: 'gap' as const, zoneId, trafficPolicyInstanceId: instanceId, reason: GAP_CALLS[eventName]! });
}

function readCreateZone(params: unknown, response: unknown, problems: string[], failed: boolean): Route53Action {
  const zone = readHostedZone(field(response, 'hostedZone'));
  const requestedName = stringField(params, 'name');
  const name = zone?.name ?? (requestedName !== undefined ? tryCanonicalName(requestedName) : undefined);
  if (zone === undefined) {
    // A failed CreateHostedZone has no response: no zone was born.
    if (!failed) problems.push('CreateHostedZone without a hostedZone in its response');
    return { kind: 'other' };
  }
  const servers = field(field(response, 'delegationSet'), 'nameServers');
  const nameServers = Array.isArray(servers)
    ? servers.filter((s): s is string => typeof s === 'string').map((s) => tryCanonicalName(s) ?? s)
    : [];
  const config = field(params, 'hostedZoneConfig') ?? field(zone.raw, 'config');
  const privateZone = field(config, 'privateZone') === true || field(config, 'privateZone') === 'true' || field(params, 'vPC') !== undefined;
  const comment = stringField(config, 'comment');
  return stripUndefined({ kind: 'create-zone' as const, zoneId: zone.id, zoneName: name, nameServers, privateZone, comment });
}

function readHostedZone(obj: unknown): { id: string; name?: string; raw: unknown } | undefined {
  const id = stringField(obj, 'id');
  if (id === undefined) return undefined;
  const rawName = stringField(obj, 'name');
  const name = rawName !== undefined ? tryCanonicalName(rawName) : undefined;
  return name !== undefined ? { id: bareZoneId(id), name, raw: obj } : { id: bareZoneId(id), raw: obj };
}

/** CloudTrail's marker for a field it cut ("omitted": true). */
function isTruncated(obj: unknown): boolean {
  return isObject(obj) && field(obj, 'omitted') === true;
}

/**
 * One object per distinct identity. A trail's events come from a handful of
 * principals; events kept for a replay live through many young-generation
 * collections, and each event's own copy of its identity (two objects, a
 * dozen members) was some 115 of the 1,346 bytes an event kept on the bench
 * trail. Identities are frozen values.
 */
const IDENTITIES = new Map<string, Identity>();
const IDENTITIES_MAX = 10_000;

function sameIssuer(a: Identity['sessionIssuer'], b: Identity['sessionIssuer']): boolean {
  return a === b || (a !== undefined && b !== undefined && a.type === b.type && a.arn === b.arn && a.userName === b.userName && a.accountId === b.accountId);
}

function sameIdentity(a: Identity, b: Identity): boolean {
  return (
    a.type === b.type &&
    a.arn === b.arn &&
    a.principalId === b.principalId &&
    a.accountId === b.accountId &&
    a.userName === b.userName &&
    a.accessKeyId === b.accessKeyId &&
    a.sessionName === b.sessionName &&
    a.invokedBy === b.invokedBy &&
    sameIssuer(a.sessionIssuer, b.sessionIssuer)
  );
}

/** The shared copy of an identity equal to `id` (both without undefined members: comparing the nine fields is enough). */
function sharedIdentity(id: Identity): Identity {
  const key = id.accessKeyId ?? id.arn ?? id.principalId ?? id.invokedBy ?? '';
  const known = IDENTITIES.get(key);
  if (known !== undefined && sameIdentity(known, id)) return known;
  if (IDENTITIES.size >= IDENTITIES_MAX) IDENTITIES.clear();
  const frozen = Object.freeze(id.sessionIssuer !== undefined ? { ...id, sessionIssuer: Object.freeze(id.sessionIssuer) } : id);
  IDENTITIES.set(key, frozen);
  return frozen;
}

function readIdentity(obj: unknown): Identity {
  if (!isObject(obj)) return {};
  return sharedIdentity(identityOf(obj));
}

function identityOf(obj: JsonObject): Identity {
  const arn = sharedField(obj, 'arn');
  const type = sharedField(obj, 'type');
  const ctx = field(obj, 'sessionContext');
  const issuer = field(ctx, 'sessionIssuer');
  const session = type === 'AssumedRole' && arn !== undefined ? arn.split('/').slice(2).join('/') : '';
  const sessionName = session !== '' ? SHARED.get(session, itself) : undefined;
  return stripUndefined({
    type,
    arn,
    principalId: sharedField(obj, 'principalId'),
    accountId: sharedField(obj, 'accountId'),
    userName: sharedField(obj, 'userName'),
    accessKeyId: sharedField(obj, 'accessKeyId'),
    sessionName,
    sessionIssuer: isObject(issuer)
      ? stripUndefined({
          type: sharedField(issuer, 'type'),
          arn: sharedField(issuer, 'arn'),
          userName: sharedField(issuer, 'userName'),
          accountId: sharedField(issuer, 'accountId'),
        })
      : undefined,
    invokedBy: sharedField(obj, 'invokedBy'),
  });
}

/**
 * `obj` without its undefined members, so outputs and equality stay clean:
 * `obj` itself when it has none (every caller passes a fresh literal, whose
 * members V8 keeps in the object; a copy built key by key is bigger and one
 * more object per event), else a copy.
 */
export function stripUndefined<T extends object>(obj: T): T {
  for (const k in obj) if (obj[k] === undefined) return definedMembers(obj);
  return obj;
}

function definedMembers<T extends object>(obj: T): T {
  const out: Record<string, unknown> = {};
  for (const k in obj) {
    const v = obj[k];
    if (v !== undefined && Object.hasOwn(obj, k)) out[k] = v;
  }
  return out as T;
}

/** A short name for who made a call: the session for roles, else the user or ARN. */
export function actorName(identity: Identity): string {
  if (identity.type === 'AssumedRole' && identity.sessionIssuer?.userName !== undefined) {
    return `${identity.sessionIssuer.userName}/${identity.sessionName ?? '?'}`;
  }
  if (identity.userName !== undefined) return identity.userName;
  if (identity.invokedBy !== undefined) return identity.invokedBy;
  return identity.arn ?? identity.principalId ?? identity.type ?? 'unknown';
}
