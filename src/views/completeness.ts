/**
 * The completeness report every snapshot carries: what is known, inferred,
 * missing or contradictory. A replay is never authoritative — CloudTrail
 * itself marks these events "Do not use to reconstruct hosted zone".
 */
import type { ContradictoryCopies } from '../events/collect.js';
import type { Provenance } from '../events/types.js';
import { actorName } from '../events/normalize.js';
import type { NameSource, ZoneTimeline } from '../replay/replay.js';
import type { RrsetEntry } from '../replay/state.js';
import { compareStrings } from '../model/record-set.js';

/** CloudTrail's own note on ChangeResourceRecordSets events, and AWS's warning. */
export const CLOUDTRAIL_NOTE =
  'CloudTrail marks these events "Do not use to reconstruct hosted zone": an API call may not have been recorded. What is shown here is a best-effort reconstruction, not an authoritative copy of the zone or its history.';

/** A short reference to an event. */
export interface EventRef {
  readonly eventId: string;
  readonly eventTime: string;
  readonly eventName: string;
  readonly actor: string;
}

/** What the inputs were, independent of the zone. */
export interface InputSummary {
  /** Earliest and latest instants the inputs speak for. */
  readonly span: { readonly first?: string; readonly last?: string };
  readonly filesRead: number;
  /** Files (or records) that could not be read, and why. */
  readonly unreadable: readonly { readonly file: string; readonly message: string }[];
  readonly duplicatesDropped: number;
  /** Regions whose folders were left unread: CloudTrail records Route 53 in us-east-1 (`--all-regions` reads them). */
  readonly regionsNotRead?: readonly string[];
  /** `s3://` inputs listed only up to this day (the instant asked for, and a day for late delivery), ISO date. */
  readonly listedUntilDay?: string;
  /** Intervals proved complete by digest validation, when digest files came with the logs. */
  readonly provedCoverage?: readonly { readonly start: string; readonly end: string }[];
  /** The digest validation's verdict: all verified, signatures checked, files that failed. */
  readonly verification?: { readonly ok: boolean; readonly signed: 'all' | 'some' | 'none'; readonly failures: number };
  /** Trails whose digests were left out of provedCoverage: their logs lack Route 53 changes other logs hold. */
  readonly trailsNotCounted?: readonly TrailNotCounted[];
  /** Events read more than once whose copies disagree. */
  readonly contradictoryCopies?: readonly ContradictoryCopies[];
}

/** A trail whose digests prove nothing for Route 53: `missing` changes other logs hold, delivered in times it proves, are not in its logs. */
export interface TrailNotCounted {
  readonly account: string;
  readonly region: string;
  readonly trail: string;
  readonly missing: number;
  readonly example: string;
}

/** The completeness of one snapshot. */
export interface Completeness {
  readonly authoritative: false;
  readonly note: string;
  /** The zone's creation is not in the logs: the snapshot is a lower bound (sets from before may be missing). */
  readonly lowerBound: boolean;
  readonly genesis: 'in-logs' | 'before-logs';
  readonly zoneName: { readonly value?: string; readonly source: NameSource };
  readonly inputSpan: { readonly first?: string; readonly last?: string };
  /** Whether digest validation proved the logs complete up to the snapshot's instant. */
  readonly coverage:
    | {
        readonly proved: readonly { readonly start: string; readonly end: string }[];
        readonly coversAt: boolean;
        readonly verification?: InputSummary['verification'];
        readonly trailsNotCounted?: InputSummary['trailsNotCounted'];
      }
    | 'not-verified';
  readonly eventsReplayed: number;
  readonly failedCalls: readonly (EventRef & { readonly errorCode: string; readonly errorMessage?: string })[];
  readonly rejectedBatches: readonly (EventRef & { readonly reasons: readonly string[] })[];
  readonly gaps: readonly (EventRef & { readonly reason: string })[];
  /**
   * Sets the snapshot shows on a later DELETE's evidence (that event; before the logs, or since a gap), then
   * UPSERTs of unseen sets and alias targets not seen up to the instant.
   */
  readonly inferredSets: readonly (EventRef & { readonly key: string; readonly message: string })[];
  readonly redactedValues: readonly (EventRef & { readonly key: string; readonly value: string; readonly reason: string })[];
  readonly anomalies: readonly (Partial<EventRef> & { readonly message: string })[];
  readonly synthesizedSets: readonly string[];
  readonly unreadableInputs: InputSummary['unreadable'];
  readonly duplicatesDropped: number;
  /** Regions whose folders in the trail were not read (they hold no Route 53 events). */
  readonly regionsNotRead: readonly string[];
  /**
   * `s3://` logs delivered after this day were not listed: a DELETE in them could prove that more sets
   * existed at this instant. Absent when every day was read.
   */
  readonly listedUntilDay?: string;
}

/** The reference of an event's provenance. */
export function eventRef(p: Provenance): EventRef {
  return { eventId: p.eventId, eventTime: p.eventTime, eventName: p.eventName, actor: actorName(p.identity) };
}

/** Builds the report for a zone's timeline up to step `upTo` (inclusive; -1 for none). */
export function completenessAt(timeline: ZoneTimeline, upTo: number, atMs: number, inputs: InputSummary): Completeness {
  const failedCalls: Completeness['failedCalls'][number][] = [];
  const rejectedBatches: Completeness['rejectedBatches'][number][] = [];
  const gaps: Completeness['gaps'][number][] = [];
  const inferredSets: Completeness['inferredSets'][number][] = [];
  const redactedValues: Completeness['redactedValues'][number][] = [];
  const anomalies: Completeness['anomalies'][number][] = [];
  const steps = timeline.steps.slice(0, upTo + 1);
  for (const step of steps) {
    const ref = eventRef(step.event.provenance);
    for (const problem of step.event.problems ?? []) anomalies.push({ ...ref, message: problem });
    const o = step.outcome;
    switch (o.kind) {
      case 'failed':
        failedCalls.push(o.message !== undefined ? { ...ref, errorCode: o.code, errorMessage: o.message } : { ...ref, errorCode: o.code });
        break;
      case 'rejected':
        rejectedBatches.push({ ...ref, reasons: o.reasons });
        break;
      case 'gap':
        gaps.push({ ...ref, reason: o.reason });
        break;
      case 'applied':
      case 'none':
        for (const f of o.findings) {
          if (f.kind === 'anomaly' || f.kind === 'unverifiable-delete' || f.kind === 'unverifiable-create') anomalies.push({ ...ref, message: f.message });
          else inferredSets.push({ ...ref, key: f.key ?? '', message: f.message });
        }
        break;
    }
    if (step.event.action.kind === 'change-rrsets' && step.event.error === undefined) {
      for (const c of step.event.action.changes) {
        for (const v of c.rrset.invalidValues ?? []) {
          redactedValues.push({ ...ref, key: `${c.rrset.name} ${c.rrset.type}`, value: v.value, reason: v.reason });
        }
      }
    }
  }
  for (const conflict of sameInstantConflicts(timeline, upTo)) anomalies.push(conflict);
  for (const contradiction of contradictoryCopiesAt(timeline, upTo, atMs, inputs)) anomalies.push(contradiction);
  const state = upTo < 0 ? timeline.initial : timeline.steps[upTo]!.state;
  // One pass over the tables for the sets not set by a logged change.
  const synthesized: string[] = [];
  const inferred: [string, RrsetEntry][] = [];
  for (const [key, e] of state.rrsets.entries()) {
    if (e.origin === 'synthesized') synthesized.push(key);
    else if (e.origin === 'inferred') inferred.push([key, e]);
  }
  const synthesizedSets = synthesized.sort();
  // The sets shown on a later DELETE's evidence, and since when they are known: before the logs, or since a
  // gap (which may have made them). Their proof comes after the instant, so no finding up to it names them.
  for (const [key, e] of inferred.sort(([a], [b]) => compareStrings(a, b))) {
    const known = e.since !== undefined ? `it existed since ${e.since.eventName} at ${e.since.eventTime}, which changed records the logs do not show: made by it or older` : 'it existed before the logs begin';
    inferredSets.push({ ...eventRef(e.setBy), key, message: `shown on the evidence of a later DELETE (${e.setBy.eventTime}) that names it: ${known}` });
  }
  const proved = inputs.provedCoverage;
  return {
    authoritative: false,
    note: CLOUDTRAIL_NOTE,
    lowerBound: timeline.genesis === 'before-logs',
    genesis: timeline.genesis,
    zoneName: timeline.zoneName !== undefined ? { value: timeline.zoneName, source: timeline.nameSource } : { source: timeline.nameSource },
    inputSpan: inputs.span,
    coverage:
      proved === undefined
        ? 'not-verified'
        : { proved, coversAt: (inputs.verification?.ok ?? true) && coversInstant(proved, inputs.span.first, atMs), ...(inputs.verification !== undefined ? { verification: inputs.verification } : {}),
            ...(inputs.trailsNotCounted !== undefined ? { trailsNotCounted: inputs.trailsNotCounted } : {}),
          },
    eventsReplayed: steps.length,
    failedCalls,
    rejectedBatches,
    gaps,
    inferredSets,
    redactedValues,
    anomalies,
    synthesizedSets,
    unreadableInputs: inputs.unreadable,
    duplicatesDropped: inputs.duplicatesDropped,
    regionsNotRead: inputs.regionsNotRead ?? [],
    ...(inputs.listedUntilDay !== undefined ? { listedUntilDay: inputs.listedUntilDay } : {}),
  };
}

/** True when the proved intervals, merged, cover [from, at] without a hole. */
function coversInstant(proved: readonly { start: string; end: string }[], from: string | undefined, atMs: number): boolean {
  const intervals = proved.map((p) => [Date.parse(p.start), Date.parse(p.end)] as const).sort((a, b) => a[0] - b[0]);
  if (intervals.length === 0) return false;
  let reach = intervals[0]![0];
  if (from !== undefined && Date.parse(from) < reach) return false;
  for (const [s, e] of intervals) {
    if (s > reach + 1000) return false;
    reach = Math.max(reach, e);
    if (reach >= atMs) return true;
  }
  return reach >= atMs;
}

/** The zone's events up to the instant whose copies disagree: the replay kept one of them. */
function contradictoryCopiesAt(timeline: ZoneTimeline, upTo: number, atMs: number, inputs: InputSummary): Completeness['anomalies'][number][] {
  const out: Completeness['anomalies'][number][] = [];
  for (const c of inputs.contradictoryCopies ?? []) {
    if (c.timeMs > atMs || !c.zoneIds.includes(timeline.zoneId)) continue;
    // The replayed copy may name another zone; then this zone's timeline does not hold it.
    const step = timeline.steps.slice(0, upTo + 1).find((s) => s.event.provenance.eventId === c.eventId);
    out.push({
      ...(step !== undefined ? eventRef(step.event.provenance) : { eventId: c.eventId }),
      message: `copies of ${step !== undefined ? 'this event' : `event ${c.eventId}`} disagree (${c.differs.join(', ')}): read at ${c.copies.join(', ')}; the copy at ${c.replayed} was replayed. Trails deliver one record alike, so a log file may have been altered or two sources disagree: check the files with zone-replay verify`,
    });
  }
  return out;
}

/**
 * Two applied batches at the same instant that touch the same set: their
 * order is a guess. Every pair within one instant, not only neighbours: a
 * batch on another set (or a rejected one) may be ordered between them.
 */
function sameInstantConflicts(timeline: ZoneTimeline, upTo: number): Completeness['anomalies'][number][] {
  const out: Completeness['anomalies'][number][] = [];
  const steps = timeline.steps;
  /** The last applied step of the current instant that changed each key. */
  let lastByKey = new Map<string, ZoneTimeline['steps'][number]>();
  for (let i = 0; i <= upTo && i < steps.length; i++) {
    const b = steps[i]!;
    if (i > 0 && steps[i - 1]!.event.provenance.timeMs !== b.event.provenance.timeMs) lastByKey = new Map();
    if (b.outcome.kind !== 'applied') continue;
    const shared = b.outcome.changes.find((c) => lastByKey.has(c.key));
    if (shared !== undefined) {
      const a = lastByKey.get(shared.key)!;
      out.push({
        ...eventRef(b.event.provenance),
        message: `${a.event.provenance.eventId} and ${b.event.provenance.eventId} both change ${shared.key} at ${b.event.provenance.eventTime}; CloudTrail's times cannot order them, so the replay's order (documented tiebreak) is a guess`,
      });
    }
    for (const c of b.outcome.changes) lastByKey.set(c.key, b);
  }
  return out;
}
