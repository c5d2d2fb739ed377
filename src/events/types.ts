/**
 * Route 53 events: CloudTrail records about hosted zones, normalized into
 * plain tagged data (Redux-style actions) with their provenance.
 */
import type { RecordSet } from '../model/record-set.js';

/** Who made a call, as CloudTrail's userIdentity says. */
export interface Identity {
  readonly type?: string;
  readonly arn?: string;
  readonly principalId?: string;
  readonly accountId?: string;
  readonly userName?: string;
  readonly accessKeyId?: string;
  /** For AssumedRole: the session name (last part of the assumed-role ARN). */
  readonly sessionName?: string;
  /** For AssumedRole: the role the session was issued from. */
  readonly sessionIssuer?: { readonly type?: string; readonly arn?: string; readonly userName?: string; readonly accountId?: string };
  /** The AWS service that made the call on the principal's behalf. */
  readonly invokedBy?: string;
}

/** Where an event came from and who made it. */
export interface Provenance {
  readonly eventId: string;
  /** ISO-8601, as CloudTrail wrote it. */
  readonly eventTime: string;
  /** eventTime in epoch milliseconds (NaN never: unreadable times are problems). */
  readonly timeMs: number;
  readonly eventName: string;
  readonly identity: Identity;
  readonly sourceIPAddress?: string;
  readonly userAgent?: string;
  readonly requestId?: string;
  readonly recipientAccountId?: string;
  /** Route 53's change id (`/change/C…`), when the response has one. */
  readonly changeId?: string;
  /** The input file and the record's position in it. */
  readonly file: string;
  readonly index: number;
}

/** One change of a ChangeResourceRecordSets batch. */
export interface Change {
  readonly action: 'CREATE' | 'DELETE' | 'UPSERT';
  readonly rrset: RecordSet;
}

/** What a Route 53 event did (or tried to do). */
export type Route53Action =
  | {
      readonly kind: 'create-zone';
      readonly zoneId: string;
      readonly zoneName?: string;
      /** Name servers of the delegation set, canonical (with trailing dot). */
      readonly nameServers: readonly string[];
      readonly privateZone: boolean;
      readonly comment?: string;
    }
  | { readonly kind: 'delete-zone'; readonly zoneId: string }
  | { readonly kind: 'change-rrsets'; readonly zoneId: string; readonly comment?: string; readonly changes: readonly Change[] }
  /**
   * A call that changes records without ChangeResourceRecordSets, or whose change list was not logged.
   * Without `zoneId` the record does not say which zone (see replayEvents); a traffic policy
   * instance call names its instance, which another call may tie to a zone.
   */
  | { readonly kind: 'gap'; readonly zoneId?: string; readonly trafficPolicyInstanceId?: string; readonly reason: string }
  /** A response that names a zone (UpdateHostedZoneComment, GetHostedZone, …). */
  | { readonly kind: 'zone-name'; readonly zoneId: string; readonly zoneName: string }
  /** Any other Route 53 call: kept for the timeline, not replayed. */
  | { readonly kind: 'other'; readonly zoneId?: string };

/** The kinds of action. */
export type ActionKind = Route53Action['kind'];

/** A normalized Route 53 event. */
export interface Route53Event {
  readonly provenance: Provenance;
  readonly action: Route53Action;
  /** Set when the call failed: it is never applied, but kept and listed. */
  readonly error?: { readonly code: string; readonly message?: string };
  /** Things in the record that could not be read (kept, reported). */
  readonly problems?: readonly string[];
}

/** The zone an event is about, if any. */
export function eventZoneId(e: Route53Event): string | undefined {
  return e.action.zoneId;
}
