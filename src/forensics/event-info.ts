/**
 * Who did it, when, from where: the provenance of an event as the forensics
 * views print it in JSON. Plain data with fixed keys; absent facts are null,
 * so every field is always present and tools need no existence checks.
 */
import { actorName } from '../events/normalize.js';
import type { Identity, Provenance } from '../events/types.js';

/** Version of the forensics JSON shapes: bumped when a field changes meaning or goes away. */
export const FORENSICS_REPORT_VERSION = 1;

/**
 * The caller of an event (CloudTrail's `userIdentity`).
 *
 * ```
 * { "name": "deploy/ci-run-42",          // short name: role/session, user, service or ARN
 *   "type": "AssumedRole", "arn": "arn:aws:sts::…:assumed-role/deploy/ci-run-42",
 *   "accountId", "principalId", "userName", "accessKeyId",
 *   "sessionName": "ci-run-42",
 *   "sessionIssuer": { "type": "Role", "arn": "arn:aws:iam::…:role/deploy", "userName": "deploy", "accountId" } | null,
 *   "invokedBy": "servicediscovery.amazonaws.com" | null }
 * ```
 */
export interface ActorInfo {
  readonly name: string;
  readonly type: string | null;
  readonly arn: string | null;
  readonly accountId: string | null;
  readonly principalId: string | null;
  readonly userName: string | null;
  readonly accessKeyId: string | null;
  readonly sessionName: string | null;
  readonly sessionIssuer: { readonly type: string | null; readonly arn: string | null; readonly userName: string | null; readonly accountId: string | null } | null;
  /** The AWS service that made the call on the principal's behalf. */
  readonly invokedBy: string | null;
}

/**
 * One event's provenance.
 *
 * ```
 * { "eventId", "eventTime", "eventName", "actor": ActorInfo,
 *   "sourceIPAddress", "userAgent", "requestId", "changeId", "file", "index" }
 * ```
 */
export interface EventInfo {
  readonly eventId: string;
  readonly eventTime: string;
  readonly eventName: string;
  readonly actor: ActorInfo;
  readonly sourceIPAddress: string | null;
  readonly userAgent: string | null;
  readonly requestId: string | null;
  /** Route 53's change id (`/change/C…`). */
  readonly changeId: string | null;
  /** The input file and the record's position in it. */
  readonly file: string;
  readonly index: number;
}

/** The actor of an identity. */
export function actorInfo(id: Identity): ActorInfo {
  const issuer = id.sessionIssuer;
  return {
    name: actorName(id),
    type: id.type ?? null,
    arn: id.arn ?? null,
    accountId: id.accountId ?? null,
    principalId: id.principalId ?? null,
    userName: id.userName ?? null,
    accessKeyId: id.accessKeyId ?? null,
    sessionName: id.sessionName ?? null,
    sessionIssuer:
      issuer === undefined
        ? null
        : { type: issuer.type ?? null, arn: issuer.arn ?? null, userName: issuer.userName ?? null, accountId: issuer.accountId ?? null },
    invokedBy: id.invokedBy ?? null,
  };
}

/** The provenance of an event, with every field present. */
export function eventInfo(p: Provenance): EventInfo {
  return {
    eventId: p.eventId,
    eventTime: p.eventTime,
    eventName: p.eventName,
    actor: actorInfo(p.identity),
    sourceIPAddress: p.sourceIPAddress ?? null,
    userAgent: p.userAgent ?? null,
    requestId: p.requestId ?? null,
    changeId: p.changeId ?? null,
    file: p.file,
    index: p.index,
  };
}

/** The UTC day (`YYYY-MM-DD`) of an instant in epoch milliseconds. */
export function utcDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}
