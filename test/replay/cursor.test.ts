/**
 * The replay's in-place cursor and its checkpoint store must agree exactly
 * with folding the pure reducer: same outcomes, same states, even the same
 * iteration order of the persistent maps.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Change, Provenance, Route53Event } from '../../src/events/types.js';
import { recordKey, type RecordSet } from '../../src/model/record-set.js';
import { ZoneCursor } from '../../src/replay/cursor.js';
import { reduce } from '../../src/replay/reducer.js';
import { checkpointInterval, replayZone, rrsetAt, stateAt } from '../../src/replay/replay.js';
import { emptyZone, KeyCache, keysAt, type ZoneState } from '../../src/replay/state.js';

const ZONE = 'example.com.';
const NAMES = ['www.example.com.', 'api.example.com.', ZONE, 'x.other.net.'];
const TYPES = ['A', 'TXT', 'CNAME', 'NS', 'SOA'] as const;

function prov(i: number): Provenance {
  return { eventId: `e${i}`, eventTime: new Date(1e12 + i * 1000).toISOString(), timeMs: 1e12 + i * 1000, eventName: 'ChangeResourceRecordSets', identity: {}, file: 'f', index: i };
}

function rrset(name: string, type: string, v: number, id?: string): RecordSet {
  const value = type === 'TXT' ? `"v${v}"` : type === 'A' ? `192.0.2.${v}` : type === 'SOA' ? `ns.example.net. h.example.net. ${v} 1 1 1 1` : `t${v}.example.net.`;
  return { name, type, ttl: 300, values: [value], ...(id !== undefined ? { setIdentifier: id, weight: 1 } : {}) };
}

const arbChange: fc.Arbitrary<Change> = fc
  .record({ action: fc.constantFrom('CREATE', 'DELETE', 'UPSERT' as const), name: fc.constantFrom(...NAMES), type: fc.constantFrom(...TYPES), v: fc.integer({ min: 1, max: 2 }), id: fc.option(fc.constantFrom('a', 'b'), { nil: undefined }) })
  .map(({ action, name, type, v, id }) => ({ action, rrset: rrset(name, type, v, id) }));

/** Random events for one zone: mostly batches, sometimes the zone's lifecycle, failures, gaps. */
const arbEvents = fc
  .array(
    fc.oneof(
      { weight: 12, arbitrary: fc.array(arbChange, { minLength: 0, maxLength: 4 }).map((changes) => ({ kind: 'change-rrsets' as const, zoneId: 'Z', changes })) },
      { weight: 1, arbitrary: fc.constant({ kind: 'create-zone' as const, zoneId: 'Z', zoneName: ZONE, nameServers: ['ns-1.awsdns-01.com.'], privateZone: false }) },
      { weight: 1, arbitrary: fc.constant({ kind: 'delete-zone' as const, zoneId: 'Z' }) },
      { weight: 1, arbitrary: fc.constant({ kind: 'zone-name' as const, zoneId: 'Z', zoneName: ZONE }) },
      { weight: 1, arbitrary: fc.constant({ kind: 'gap' as const, zoneId: 'Z', reason: 'no change list' }) },
    ),
    { maxLength: 40 },
  )
  .chain((actions) => fc.tuple(fc.constant(actions), fc.array(fc.boolean(), { minLength: actions.length, maxLength: actions.length })))
  .map(([actions, failed]) =>
    actions.map((action, i): Route53Event => ({ provenance: prov(i), action, ...(failed[i] === true && i % 4 === 0 ? { error: { code: 'Throttling' } } : {}) })),
  );

/** Everything observable of a state, in iteration order. */
function view(s: ZoneState): unknown {
  return {
    fields: [s.zoneId, s.zoneName, s.status, s.createdBy?.eventId, s.deletedBy?.eventId],
    rrsets: [...s.rrsets.entries()],
    byName: [...s.byName.keys()].map((n) => [n, [...keysAt(s.byName, n)]]),
    frozen: Object.isFrozen(s),
  };
}

function fold(start: ZoneState, events: readonly Route53Event[]) {
  const states: ZoneState[] = [];
  const outcomes: unknown[] = [];
  let s = start;
  for (const e of events) {
    const step = reduce(s, e);
    s = step.state;
    states.push(s);
    outcomes.push(step.outcome);
  }
  return { states, outcomes };
}

describe('ZoneCursor', () => {
  it('gives the outcomes and states of folding reduce, wherever states are taken', () => {
    fc.assert(
      fc.property(arbEvents, fc.array(fc.boolean(), { minLength: 40, maxLength: 40 }), fc.boolean(), (events, takes, named) => {
        const start = emptyZone('Z', named ? ZONE : undefined);
        const expected = fold(start, events);
        // From an empty zone every key passes through the cursor's cache: its conflict checks may skip lone names.
        const cursor = new ZoneCursor(start, new KeyCache(true));
        events.forEach((e, i) => {
          expect(cursor.apply(e)).toEqual(expected.outcomes[i]);
          if (takes[i] === true) expect(view(cursor.state())).toEqual(view(expected.states[i]!));
        });
        const last = events.length > 0 ? expected.states[events.length - 1]! : start;
        expect(view(cursor.state())).toEqual(view(last));
        // Redoing the known outcomes (a rebuild) reaches the same state.
        const again = new ZoneCursor(start, new KeyCache());
        events.forEach((e, i) => again.redo(e, expected.outcomes[i] as never));
        expect(view(again.state())).toEqual(view(last));
      }),
      { numRuns: 300 },
    );
  });

  it('hands out the same state object when an event changed nothing', () => {
    fc.assert(
      fc.property(arbEvents, (events) => {
        const start = emptyZone('Z', ZONE);
        const expected = fold(start, events);
        const cursor = new ZoneCursor(start, new KeyCache());
        let before = start;
        events.forEach((e, i) => {
          cursor.apply(e);
          const now = cursor.state();
          const same = (i === 0 ? start : expected.states[i - 1]) === expected.states[i];
          expect(now === before).toBe(same);
          before = now;
        });
      }),
      { numRuns: 200 },
    );
  });
});

describe('replayZone with kept and rebuilt states', () => {
  it('picks the interval by the timeline\'s length', () => {
    expect([1, 64, 65, 65_536, 65_537].map(checkpointInterval)).toEqual([1, 1, 64, 64, 1024]);
  });

  it('keeps or rebuilds every state exactly as reduce makes it, whatever the interval', () => {
    const n = 300;
    const events: Route53Event[] = [{ provenance: prov(0), action: { kind: 'create-zone', zoneId: 'Z', zoneName: ZONE, nameServers: ['ns-1.awsdns-01.com.'], privateZone: false } }];
    let seed = 7;
    const rand = (k: number) => (seed = (seed * 1103515245 + 12345) >>> 0) % k;
    for (let i = 1; i < n; i++) {
      const changes: Change[] = [];
      for (let k = 0; k < 3; k++) changes.push({ action: (['CREATE', 'UPSERT', 'DELETE'] as const)[rand(3)]!, rrset: rrset(`h${rand(40)}.${ZONE}`, rand(5) === 0 ? 'TXT' : 'A', rand(2) + 1) });
      events.push({ provenance: prov(i), action: { kind: 'change-rrsets', zoneId: 'Z', changes } });
    }
    for (const every of [1, 7, 64, checkpointInterval(n)]) {
      const timeline = replayZone('Z', events, every);
      const expected = fold(timeline.initial, events);
      expect(timeline.steps.map((s) => s.outcome)).toEqual(expected.outcomes);
      expect(expected.outcomes.some((o) => (o as { kind: string }).kind === 'rejected')).toBe(true);
      // Out of order, then a step-by-step walk.
      for (const i of [n - 1, 3, every - 1, every + 5, 200, 199, 201, n - 2]) expect(view(timeline.steps[i]!.state), `every ${every}, step ${i}`).toEqual(view(expected.states[i]!));
      for (let i = 0; i < n; i++) expect(view(timeline.steps[i]!.state), `every ${every}, step ${i}`).toEqual(view(expected.states[i]!));
    }
  });
});

describe('rrsetAt', () => {
  it('answers what stateAt(…).rrsets.get(key) answers, the very same entry, whatever the interval', () => {
    const keys = NAMES.flatMap((name) => TYPES.flatMap((type) => [undefined, 'a', 'b'].map((id) => recordKey({ name, type, setIdentifier: id }))));
    fc.assert(
      fc.property(arbEvents, fc.constantFrom(1, 2, 3, 7, 64), (events, every) => {
        const timeline = replayZone('Z', events, every);
        // Every instant of the timeline, and one before it, walked backwards so that no rebuilt state is at hand.
        const instants = [0, ...events.map((e) => e.provenance.timeMs)].reverse();
        for (const t of instants) {
          // Every lookup before the state is built, so that they read kept states and logged edits.
          const found = keys.map((key) => rrsetAt(timeline, t, key));
          const state = stateAt(timeline, t);
          keys.forEach((key, k) => expect(found[k], `t ${t}, ${key}`).toBe(state.rrsets.get(key)));
        }
      }),
      { numRuns: 60 },
    );
  });
});
