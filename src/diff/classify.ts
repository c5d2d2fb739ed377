/**
 * Each difference, classified with its evidence from the replay: what the
 * logs say about the set, so a reader can tell drift from history the logs
 * never saw.
 */
import { actorName } from '../events/normalize.js';
import { sameJson, type RecordKey } from '../model/record-set.js';
import { defaultApexSets } from '../replay/reducer.js';
import type { SetOrigin } from '../replay/state.js';
import { lastApplied, type HistoryEntry, type ZoneHistory } from '../views/history.js';
import type { Difference } from './record-diff.js';

/** What a difference probably means. */
export type Classification =
  /** Live only, no trace in the logs, the zone's creation is not in them: probably older than the logs. */
  | 'older-than-logs'
  /** Live only, no trace in the logs although the zone's creation is: created out of band, or a change not logged. */
  | 'not-in-logs'
  /** Live although the logs show it deleted: drift. */
  | 'deleted-in-logs'
  /** Live differs from the last logged change: drift. */
  | 'changed-out-of-band'
  /** In the replay but not live: deleted out of band, or a change not logged. */
  | 'missing-live'
  /** Apex SOA/NS the replay cannot know exactly (made before the logs, the SOA's guessed primary, a private zone's assumed servers): compared, reported apart. */
  | 'apex'
  /** Between two instants of the replay: made by the logged events in between. */
  | 'logged-change';

/** The event a classification rests on. */
export interface Evidence {
  readonly eventId: string;
  readonly eventTime: string;
  readonly eventName: string;
  readonly actor: string;
  readonly actorArn?: string;
  readonly sourceIPAddress?: string;
  readonly action: HistoryEntry['action'];
}

/** A difference with what it probably means and why. */
export interface ClassifiedDifference extends Difference {
  readonly classification: Classification;
  readonly explanation: string;
  readonly evidence?: Evidence;
  /** How the replay knows its side of the set. */
  readonly replayOrigin?: SetOrigin;
}

/** The evidence of a history entry. */
export function evidenceOf(h: HistoryEntry): Evidence {
  const p = h.provenance;
  return {
    eventId: p.eventId,
    eventTime: p.eventTime,
    eventName: p.eventName,
    actor: actorName(p.identity),
    ...(p.identity.arn !== undefined ? { actorArn: p.identity.arn } : {}),
    ...(p.sourceIPAddress !== undefined ? { sourceIPAddress: p.sourceIPAddress } : {}),
    action: h.action,
  };
}

/** What the classifier knows of the replay side. */
export interface ReplayContext {
  readonly history: ZoneHistory;
  /** Index of the last step in the snapshot. */
  readonly upTo: number;
  readonly genesis: 'in-logs' | 'before-logs';
  readonly origins: ReadonlyMap<RecordKey, SetOrigin>;
}

function by(e: Evidence): string {
  return `${e.action} at ${e.eventTime} by ${e.actor} (event ${e.eventId})`;
}

/**
 * True when the replay's side of an apex difference is what Route 53 holds
 * unless someone changed it: a set written by a logged change, or the name
 * servers of the zone's logged creation (Route 53 never changes them itself).
 * Then a live difference is drift like any other — an out-of-band change of
 * the apex NS is among the ones a drift check most needs to catch. The SOA
 * made at creation is not: its primary server is a guess (Route 53 picks one
 * of the four); nor are a private zone's name servers, which are assumed.
 */
function apexKnownFromLogs(d: Difference, origin: SetOrigin | undefined): boolean {
  if (d.kind === 'added' || d.from === undefined) return false; // the replay has no such set
  if (origin === 'logged') return true;
  if (origin !== 'synthesized' || d.from.type !== 'NS') return false;
  // A private zone's creation response names no servers: its NS are the usual four the replay assumes, not logged.
  const assumed = defaultApexSets(d.from.name, [], true).find((rs) => rs.type === 'NS');
  return !sameJson(d.from.values, assumed?.values);
}

/** Classifies snapshot-vs-live differences (`from` = replay, `to` = live). */
export function classifyAgainstLive(diffs: readonly Difference[], ctx: ReplayContext): ClassifiedDifference[] {
  return diffs.map((d): ClassifiedDifference => {
    const last = lastApplied(ctx.history, d.key, ctx.upTo);
    const evidence = last !== undefined ? evidenceOf(last) : undefined;
    const origin = ctx.origins.get(d.key);
    const base = { ...d, ...(evidence !== undefined ? { evidence } : {}), ...(origin !== undefined ? { replayOrigin: origin } : {}) };
    if (d.apex && !apexKnownFromLogs(d, origin)) {
      return { ...base, classification: 'apex', explanation: 'apex SOA/NS: reported apart (Route 53 picks name servers and SOA fields per zone; serials and name servers differ legitimately after a re-creation)' };
    }
    switch (d.kind) {
      case 'added':
        if (last !== undefined && last.after === undefined) {
          return { ...base, classification: 'deleted-in-logs', explanation: `live although the logs show it deleted: ${by(evidence!)}` };
        }
        return ctx.genesis === 'before-logs'
          ? { ...base, classification: 'older-than-logs', explanation: "no trace in the logs, and the zone's creation is not in them: probably older than the logs" }
          : { ...base, classification: 'not-in-logs', explanation: "no trace in the logs although the zone's creation is: created out of band, or a change was not logged" };
      case 'removed':
        return {
          ...base,
          classification: 'missing-live',
          explanation: evidence !== undefined ? `in the replay but not live: deleted out of band, or a change was not logged; last logged: ${by(evidence)}` : 'in the replay but not live (set inferred or synthesized by the replay)',
        };
      case 'changed':
        return {
          ...base,
          classification: 'changed-out-of-band',
          explanation: evidence !== undefined ? `live differs from the last logged change, ${by(evidence)}${d.ttlOnly ? ' (TTL only)' : ''}` : `live differs from the replay's ${origin ?? 'set'}${d.ttlOnly ? ' (TTL only)' : ''}`,
        };
    }
  });
}

/** Classifies differences between two instants of one replay: each was made by logged events. */
export function classifyBetweenInstants(diffs: readonly Difference[], history: ZoneHistory, toStep: number): ClassifiedDifference[] {
  return diffs.map((d): ClassifiedDifference => {
    const last = lastApplied(history, d.key, toStep);
    const evidence = last !== undefined ? evidenceOf(last) : undefined;
    return {
      ...d,
      ...(evidence !== undefined ? { evidence } : {}),
      classification: d.apex ? 'apex' : 'logged-change',
      explanation: evidence !== undefined ? `last changed ${by(evidence)}` : 'changed by the replay (inferred set)',
    };
  });
}
