/**
 * Builders for CloudTrail records in the shapes CloudTrail writes for
 * Route 53 (first-letter-lower-cased keys: `tTL`, `resourceRecords[].value`,
 * `aliasTarget.dNSName`; bare `hostedZoneId`; Java-style `submittedAt`).
 */
import { toResourceRecordSet } from '../../src/formats/route53-json.js';
import type { RecordSet } from '../../src/model/record-set.js';

export type Json = Record<string, unknown>;

/** A Route 53 resource record set as CloudTrail logs it. */
export function ctRrset(name: string, type: string, ttl: number | undefined, values: string[], extra: Json = {}): Json {
  const rs: Json = { name, type, ...extra };
  if (ttl !== undefined) rs.tTL = ttl;
  if (values.length > 0) rs.resourceRecords = values.map((value) => ({ value }));
  return rs;
}

/** One change of a batch. */
export function ctChange(action: 'CREATE' | 'DELETE' | 'UPSERT', rrset: Json): Json {
  return { action, resourceRecordSet: rrset };
}

const IAM_USER = {
  type: 'IAMUser',
  principalId: 'AIDAEXAMPLEUSER00001',
  arn: 'arn:aws:iam::111122223333:user/alice',
  accountId: '111122223333',
  accessKeyId: 'AKIAEXAMPLE000000001',
  userName: 'alice',
};

/** Who made a call and from where: CloudTrail's userIdentity, sourceIPAddress and userAgent. */
export interface Caller {
  readonly identity: Json;
  readonly sourceIPAddress: string;
  readonly userAgent: string;
}

/** The caller of every record unless told otherwise: alice, an IAM user with the AWS CLI. */
export const DEFAULT_CALLER: Caller = {
  identity: IAM_USER,
  sourceIPAddress: '198.51.100.7',
  userAgent: 'aws-cli/2.15.0 Python/3.11.6 Linux/6.1 exe/x86_64.amzn.2',
};

/** Common fields of a Route 53 record. */
function base(eventName: string, eventTime: string, eventID: string, by: Caller = DEFAULT_CALLER): Json {
  return {
    eventVersion: '1.09',
    userIdentity: by.identity,
    eventTime,
    eventSource: 'route53.amazonaws.com',
    eventName,
    awsRegion: 'us-east-1',
    sourceIPAddress: by.sourceIPAddress,
    userAgent: by.userAgent,
    requestID: `req-${eventID}`,
    eventID,
    readOnly: false,
    eventType: 'AwsApiCall',
    apiVersion: '2013-04-01',
    managementEvent: true,
    recipientAccountId: '111122223333',
    eventCategory: 'Management',
  };
}

/** The caller of a builder's options: `by`, else the default caller as `identity`. */
const callerOf = (opts: { identity?: Json; by?: Caller }): Caller => opts.by ?? (opts.identity !== undefined ? { ...DEFAULT_CALLER, identity: opts.identity } : DEFAULT_CALLER);

/** A ChangeResourceRecordSets record. */
export function ctChangeBatch(opts: { id: string; time: string; zone: string; changes: Json[]; comment?: string; error?: { code: string; message: string }; identity?: Json; by?: Caller }): Json {
  const batch: Json = { changes: opts.changes };
  if (opts.comment !== undefined) batch.comment = opts.comment;
  const rec = base('ChangeResourceRecordSets', opts.time, opts.id, callerOf(opts));
  rec.requestParameters = { hostedZoneId: opts.zone, changeBatch: batch };
  if (opts.error !== undefined) {
    rec.errorCode = opts.error.code;
    rec.errorMessage = opts.error.message;
    rec.responseElements = null;
  } else {
    rec.responseElements = { changeInfo: { status: 'PENDING', id: `/change/C${opts.id.replace(/-/g, '').slice(0, 12).toUpperCase()}`, submittedAt: 'Mar 1, 2024 10:00:00 AM' } };
  }
  rec.additionalEventData = { Note: 'Do not use to reconstruct hosted zone' };
  return rec;
}

/**
 * Where CloudTrail cut a ChangeResourceRecordSets request larger than its
 * field limit (it says so with `omitted: true`; the exact shape is not
 * documented): the whole request, leaving no zone id; the request but its
 * zone id; or only the change batch.
 */
export type Cut = 'request' | 'request-but-zone' | 'change-batch';

/** A successful ChangeResourceRecordSets record whose request CloudTrail cut: its changes are unknown. */
export function ctCutBatch(opts: { id: string; time: string; zone: string; cut: Cut; by?: Caller }): Json {
  const rec = ctChangeBatch({ ...opts, changes: [] });
  const size = { omitted: true, originalSize: 140_000 };
  rec.requestParameters = opts.cut === 'request' ? size : opts.cut === 'request-but-zone' ? { hostedZoneId: opts.zone, ...size } : { hostedZoneId: opts.zone, changeBatch: size };
  return rec;
}

/** The traffic policy instance calls: each creates, replaces or deletes record sets no ChangeResourceRecordSets lists. */
export type PolicyCall = 'CreateTrafficPolicyInstance' | 'UpdateTrafficPolicyInstance' | 'DeleteTrafficPolicyInstance';

/**
 * A traffic policy instance call as the API model shapes it: Create names
 * the zone in its request; Update and Delete name only the instance (`id`),
 * and only Update's response names the zone again.
 */
export function ctPolicyInstance(opts: { id: string; time: string; call: PolicyCall; instance: string; zone: string; name: string; by?: Caller }): Json {
  const rec = base(opts.call, opts.time, opts.id, opts.by);
  const policy = { trafficPolicyId: '5a1b2c3d-0000-4000-8000-00000000e1a1', trafficPolicyVersion: opts.call === 'UpdateTrafficPolicyInstance' ? 2 : 1 };
  const instance = { id: opts.instance, hostedZoneId: opts.zone, name: opts.name, tTL: 60, state: opts.call === 'CreateTrafficPolicyInstance' ? 'Creating' : 'Updating', message: '', ...policy, trafficPolicyType: 'A' };
  switch (opts.call) {
    case 'CreateTrafficPolicyInstance':
      rec.requestParameters = { hostedZoneId: opts.zone, name: opts.name, tTL: 60, ...policy };
      rec.responseElements = { trafficPolicyInstance: instance, location: `https://route53.amazonaws.com/2013-04-01/trafficpolicyinstance/${opts.instance}` };
      break;
    case 'UpdateTrafficPolicyInstance':
      rec.requestParameters = { id: opts.instance, tTL: 60, ...policy };
      rec.responseElements = { trafficPolicyInstance: instance };
      break;
    case 'DeleteTrafficPolicyInstance':
      rec.requestParameters = { id: opts.instance };
      rec.responseElements = null;
      break;
  }
  return rec;
}

/** A CreateHostedZone record with its response. */
export function ctCreateZone(opts: { id: string; time: string; zone: string; name: string; nameServers?: string[]; by?: Caller }): Json {
  const rec = base('CreateHostedZone', opts.time, opts.id, opts.by);
  rec.requestParameters = { name: opts.name, callerReference: `ref-${opts.id}`, hostedZoneConfig: { comment: '', privateZone: false } };
  rec.responseElements = {
    hostedZone: { id: `/hostedzone/${opts.zone}`, name: opts.name.endsWith('.') ? opts.name : opts.name + '.', callerReference: `ref-${opts.id}`, config: { comment: '', privateZone: false }, resourceRecordSetCount: 2 },
    changeInfo: { id: `/change/C${opts.id.slice(0, 8).toUpperCase()}`, status: 'PENDING', submittedAt: 'Mar 1, 2024 9:00:00 AM' },
    delegationSet: { nameServers: opts.nameServers ?? ['ns-101.awsdns-12.com', 'ns-602.awsdns-11.net', 'ns-1203.awsdns-22.org', 'ns-1804.awsdns-33.co.uk'] },
    location: `https://route53.amazonaws.com/2013-04-01/hostedzone/${opts.zone}`,
  };
  return rec;
}

/** A DeleteHostedZone record (`id`, not `hostedZoneId`). */
export function ctDeleteZone(opts: { id: string; time: string; zone: string; by?: Caller }): Json {
  const rec = base('DeleteHostedZone', opts.time, opts.id, opts.by);
  rec.requestParameters = { id: opts.zone };
  rec.responseElements = { changeInfo: { id: `/change/C${opts.id.slice(0, 8).toUpperCase()}`, status: 'PENDING', submittedAt: 'Mar 1, 2024 11:00:00 AM' } };
  return rec;
}

/** An event of another service (noise). */
export function otherService(id: string, time: string): Json {
  return { ...base('GetObject', time, id), eventSource: 's3.amazonaws.com', awsRegion: 'eu-west-1', requestParameters: { bucketName: 'b', key: 'k' } };
}

/** Wraps records as `{ record, file, index }` inputs for collectEvents. */
export function asInputs(records: Json[], file = 'test.json'): { record: Json; file: string; index: number }[] {
  return records.map((record, index) => ({ record, file, index }));
}

/** Keys as CloudTrail writes them: the API's names with the first letter lower-cased (`TTL` → `tTL`, `DNSName` → `dNSName`). */
function ctKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(ctKeys);
  if (typeof v !== 'object' || v === null) return v;
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k.charAt(0).toLowerCase() + k.slice(1), ctKeys(x)]));
}

/**
 * A record set as CloudTrail logs it (lower-camel keys), its name spelled as
 * a caller may have typed it: `spelling` 1 upper-cases ASCII letters, 2 drops
 * the trailing dot, 3 writes a leading `\052` as `*`.
 */
export function ctFromRecordSet(rs: RecordSet, spelling = 0): Json {
  const api = toResourceRecordSet(rs);
  let name = String(api.Name);
  if (spelling === 1) name = name.replace(/[a-z]/g, (c) => c.toUpperCase());
  if (spelling === 2 && name !== '.') name = name.slice(0, -1);
  if (spelling === 3) name = name.replace(/^\\052\./, '*.');
  return ctKeys({ ...api, Name: name }) as Json;
}

/**
 * A small trail for the bad-input laws to break: a zone created, a weighted
 * set, an alias and a TXT deletion in one batch, the zone deleted. A deep
 * copy each time (the builders share their identity object): a law may edit it.
 */
export function smallTrail(): Json[] {
  return structuredClone([
    ctCreateZone({ id: 'ev-1', time: '2024-03-01T09:00:00Z', zone: 'Z1EXAMPLE', name: 'example.com' }),
    ctChangeBatch({ id: 'ev-2', time: '2024-03-01T10:00:00Z', zone: 'Z1EXAMPLE', comment: 'web', changes: [ctChange('CREATE', ctRrset('www.example.com', 'A', 300, ['192.0.2.1', '192.0.2.2'], { setIdentifier: 'one', weight: 10 }))] }),
    ctChangeBatch({
      id: 'ev-3',
      time: '2024-03-01T11:00:00Z',
      zone: 'Z1EXAMPLE',
      changes: [
        ctChange('UPSERT', ctRrset('api.example.com', 'A', undefined, [], { aliasTarget: { hostedZoneId: 'Z2FDTNDATAQYW2', dNSName: 'd1.cloudfront.net', evaluateTargetHealth: false } })),
        ctChange('DELETE', ctRrset('old.example.com', 'TXT', 60, ['"v=spf1 -all"'])),
      ],
    }),
    ctDeleteZone({ id: 'ev-4', time: '2024-03-01T12:00:00Z', zone: 'Z1EXAMPLE' }),
  ]);
}
