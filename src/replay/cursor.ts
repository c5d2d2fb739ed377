/**
 * A zone being replayed event after event: reduce(), without a persistent
 * copy per event. Between two states handed out, accepted batches edit one
 * mutable copy of the record tables in place, so each trie node is copied
 * once per state handed out instead of once per batch — the garbage that
 * dominated replays of long timelines.
 *
 * Same states and outcomes as folding reduce() over the events (a law in
 * test/replay/cursor.test.ts): the same edits reach the maps in the same
 * order, so even their iteration order is the same.
 */
import type { Provenance, Change } from '../events/types.js';
import { appliedOutcome, reduce, withTables, type Outcome, type ReplayEvent } from './reducer.js';
import { applyInPlace, redo, type AppliedChange } from './rules.js';
import { historyUnknown, type KeyCache, type Tables, type ZoneState } from './state.js';

/** Replays events into one zone; `state()` hands out the frozen state so far. */
export class ZoneCursor {
  /** The last state handed out: current in every field, except the tables while `open`. */
  private base: ZoneState;
  /** Mutable copies of base's tables, with the batches in `log` applied. */
  private open: Tables | undefined;
  /** Accepted batches since `base`, to rebuild `open` when a batch is rejected. */
  private log: (readonly AppliedChange[])[] = [];
  /** Whether base's status is 'deleted' with later batches accepted (so it exists again). */
  private revived = false;

  constructor(
    start: ZoneState,
    private readonly keys: KeyCache,
  ) {
    this.base = start;
  }

  /** Applies one event; returns what it did. */
  apply(event: ReplayEvent): Outcome {
    const a = event.action;
    if (event.error === undefined && a.kind === 'change-rrsets') return this.change(event.provenance, a.changes);
    // The zone's lifecycle and a gap that puts in proved sets change the tables: from a state handed out.
    if (event.error === undefined && (a.kind === 'create-zone' || a.kind === 'delete-zone' || (a.kind === 'gap' && event.proved !== undefined && event.proved.length > 0))) {
      const step = reduce(this.state(), event);
      this.base = step.state;
      return step.outcome;
    }
    // Failed calls, other gaps and the rest read or set only the zone's fields, never its tables.
    const fields = this.fields();
    const step = reduce(fields, event);
    if (step.state !== fields) this.base = step.state;
    return step.outcome;
  }

  /**
   * Applies one event whose outcome is already known (a rebuild): an accepted
   * batch's edits go in without checking Route 53's rules again.
   */
  redo(event: ReplayEvent, outcome: Outcome): void {
    if (event.error !== undefined || event.action.kind !== 'change-rrsets') this.apply(event);
    else if (outcome.kind === 'applied') this.edit(outcome.changes);
    // A rejected batch changed nothing.
  }

  /** The state now, frozen. Later edits copy the trie nodes they touch. */
  state(): ZoneState {
    const w = this.open;
    const base = this.fields();
    this.open = undefined;
    if (w === undefined || this.log.length === 0) return base;
    this.log = [];
    this.base = withTables(base, w.rrsets.asImmutable(), w.byName.asImmutable());
    return this.base;
  }

  private change(p: Provenance, changes: readonly Change[]): Outcome {
    const zone = this.fields();
    const w = this.tables();
    const r = applyInPlace(w, zone, changes, p, historyUnknown(zone), this.keys);
    if (!('applied' in r)) {
      this.restore();
      return { kind: 'rejected', reasons: r.errors };
    }
    this.log.push(r.applied);
    if (zone.status === 'deleted') this.revived = true;
    return appliedOutcome(zone, p, r);
  }

  private edit(applied: readonly AppliedChange[]): void {
    if (this.fields().status === 'deleted') this.revived = true;
    redo(this.tables(), applied);
    this.log.push(applied);
  }

  /** base, with a deleted zone that batches revived marked as existing. */
  private fields(): ZoneState {
    if (this.revived) {
      this.base = Object.freeze({ ...this.base, status: 'exists' as const });
      this.revived = false;
    }
    return this.base;
  }

  private tables(): Tables {
    return (this.open ??= { rrsets: this.base.rrsets.asMutable(), byName: this.base.byName.asMutable() });
  }

  /**
   * Undoes a rejected batch's half-done edits: base's tables with the
   * accepted batches put in again, then handed out, so the next rejection
   * starts from there (the redo work stays linear in the edits).
   */
  private restore(): void {
    if (this.log.length === 0) {
      this.open = undefined;
      return;
    }
    const w: Tables = { rrsets: this.base.rrsets.asMutable(), byName: this.base.byName.asMutable() };
    for (const applied of this.log) redo(w, applied);
    this.open = w;
    this.state();
  }
}
