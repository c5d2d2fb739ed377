/**
 * One CloudTrail record, with the members a real management event has, in
 * the order CloudTrail writes them (eventVersion 1.08–1.11 layout).
 */
import type { Actor, Json } from './actors.js';
import { isoSeconds } from './clock.js';
import type { Rng } from './prng.js';

/** What differs between records; the rest is filled in the same way for all. */
export interface RecordSpec {
  readonly eventVersion: string;
  readonly actor: Actor;
  readonly time: number;
  readonly source: string;
  readonly name: string;
  readonly region: string;
  readonly account: string;
  readonly requestParameters: Json;
  readonly responseElements: Json;
  readonly readOnly: boolean;
  readonly error?: { readonly code: string; readonly message: string };
  readonly additionalEventData?: Json;
  readonly apiVersion?: string;
  /** S3-style request ids are 16 upper-case characters; most services use a UUID. */
  readonly requestId?: string;
  /** Host the client named in TLS; defaults to `<service>.<region>.amazonaws.com`. */
  readonly host?: string;
  /** The resources the call touched (`[{accountId, type, ARN}]`), for the services that log them (S3 buckets, KMS keys). */
  readonly resources?: Json;
}

const TLS = [
  { tlsVersion: 'TLSv1.3', cipherSuite: 'TLS_AES_128_GCM_SHA256' },
  { tlsVersion: 'TLSv1.2', cipherSuite: 'ECDHE-RSA-AES128-GCM-SHA256' },
] as const;

/** Builds the record; `rng` supplies eventID, requestID and TLS choice. */
export function buildRecord(spec: RecordSpec, rng: Rng): { [key: string]: Json } {
  const r: { [key: string]: Json } = {
    eventVersion: spec.eventVersion,
    userIdentity: spec.actor.identity(spec.time),
    eventTime: isoSeconds(spec.time),
    eventSource: spec.source,
    eventName: spec.name,
    awsRegion: spec.region,
    sourceIPAddress: spec.actor.sourceIPAddress,
    userAgent: spec.actor.userAgent(spec.source, spec.name),
  };
  if (spec.error !== undefined) {
    r.errorCode = spec.error.code;
    r.errorMessage = spec.error.message;
  }
  r.requestParameters = spec.requestParameters;
  r.responseElements = spec.error !== undefined ? null : spec.responseElements;
  if (spec.additionalEventData !== undefined) r.additionalEventData = spec.additionalEventData;
  r.requestID = spec.requestId ?? rng.uuid();
  r.eventID = rng.uuid();
  r.readOnly = spec.readOnly;
  if (spec.resources !== undefined) r.resources = spec.resources;
  r.eventType = 'AwsApiCall';
  if (spec.apiVersion !== undefined) r.apiVersion = spec.apiVersion;
  r.managementEvent = true;
  r.recipientAccountId = spec.account;
  r.eventCategory = 'Management';
  if (spec.actor.tls) {
    const tls = TLS[rng.uint32() % 5 === 0 ? 1 : 0]!;
    const service = spec.source.replace('.amazonaws.com', '');
    r.tlsDetails = { ...tls, clientProvidedHostHeader: spec.host ?? `${service}.${spec.region}.amazonaws.com` };
  }
  if (spec.actor.console) r.sessionCredentialFromConsole = 'true';
  return r;
}
