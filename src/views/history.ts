/**
 * Per-record-set history: every event that touched a set, oldest first,
 * with the set before and after — the basis of `log`, `blame` and the diff's
 * evidence. Built once from a timeline; pure.
 */
import type { Change, Provenance, Route53Event } from '../events/types.js';
import { recordKey, type RecordKey, type RecordSet } from '../model/record-set.js';
import type { ZoneTimeline } from '../replay/replay.js';
import type { RrsetEntry } from '../replay/state.js';

/** What happened to a set in one event. */
export type HistoryStatus =
  /** The change was applied. */
  | 'applied'
  /** Route 53 would have refused the batch it was in: not applied. */
  | 'rejected'
  /** The call failed (errorCode): not applied. */
  | 'failed'
  /** The set was removed with its zone (DeleteHostedZone). */
  | 'zone-deleted'
  /** Synthesized with the zone (CreateHostedZone). */
  | 'zone-created';

/** One event in a set's history. */
export interface HistoryEntry {
  readonly key: RecordKey;
  readonly step: number;
  readonly provenance: Provenance;
  readonly action: Change['action'] | 'CreateHostedZone' | 'DeleteHostedZone';
  readonly status: HistoryStatus;
  /** The set as it was before the event (undefined: did not exist or unknown). */
  readonly before?: RrsetEntry;
  /** The set after the event, when it exists after it. */
  readonly after?: RrsetEntry;
  /** For a change: the set the request named (for DELETE, the values it gave). */
  readonly requested?: RecordSet;
  /** Why it was rejected or failed. */
  readonly reasons?: readonly string[];
}

/** Every set's history in one zone, by key. */
export type ZoneHistory = ReadonlyMap<RecordKey, readonly HistoryEntry[]>;

function requestedChanges(e: Route53Event): readonly Change[] {
  return e.action.kind === 'change-rrsets' ? e.action.changes : [];
}

/** Builds the history of every set of a zone. */
export function zoneHistory(timeline: ZoneTimeline): ZoneHistory {
  const out = new Map<RecordKey, HistoryEntry[]>();
  const push = (entry: HistoryEntry) => {
    let list = out.get(entry.key);
    if (list === undefined) out.set(entry.key, (list = []));
    list.push(entry);
  };
  timeline.steps.forEach((step, i) => {
    const before = i === 0 ? timeline.initial : timeline.steps[i - 1]!.state;
    const p = step.event.provenance;
    const o = step.outcome;
    if (o.kind === 'applied') {
      const eventName = step.event.action.kind;
      // A batch may change one set twice (DELETE then CREATE): the second starts from what the first left.
      const inBatch = new Map<RecordKey, RrsetEntry | undefined>();
      // ... and each is matched with its own request: the n-th change of a key with the n-th request of it.
      const requests = new Map<RecordKey, RecordSet[]>();
      for (const r of requestedChanges(step.event)) {
        const key = recordKey(r.rrset);
        const list = requests.get(key);
        if (list === undefined) requests.set(key, [r.rrset]);
        else list.push(r.rrset);
      }
      for (const c of o.changes) {
        const requested = requests.get(c.key)?.shift();
        const action = eventName === 'create-zone' ? 'CreateHostedZone' : eventName === 'delete-zone' ? 'DeleteHostedZone' : c.action;
        const status: HistoryStatus = eventName === 'create-zone' ? 'zone-created' : eventName === 'delete-zone' ? 'zone-deleted' : 'applied';
        const prior = c.before ?? (inBatch.has(c.key) ? inBatch.get(c.key) : before.rrsets.get(c.key));
        inBatch.set(c.key, c.after);
        push({
          key: c.key,
          step: i,
          provenance: p,
          action,
          status,
          ...(prior !== undefined ? { before: prior } : {}),
          ...(c.after !== undefined ? { after: c.after } : {}),
          ...(requested !== undefined ? { requested } : {}),
        });
      }
    } else if (o.kind === 'rejected' || o.kind === 'failed') {
      const reasons = o.kind === 'rejected' ? o.reasons : [`${o.code}${o.message !== undefined ? `: ${o.message}` : ''}`];
      for (const c of requestedChanges(step.event)) {
        const key = recordKey(c.rrset);
        const prior = before.rrsets.get(key);
        push({ key, step: i, provenance: p, action: c.action, status: o.kind, ...(prior !== undefined ? { before: prior } : {}), requested: c.rrset, reasons });
      }
    }
  });
  return out;
}

/** The last applied event for `key` at or before step `upTo`, if any. */
export function lastApplied(history: ZoneHistory, key: RecordKey, upTo = Infinity): HistoryEntry | undefined {
  const list = history.get(key);
  if (list === undefined) return undefined;
  for (let i = list.length - 1; i >= 0; i--) {
    const h = list[i]!;
    if (h.step <= upTo && h.status !== 'rejected' && h.status !== 'failed') return h;
  }
  return undefined;
}
