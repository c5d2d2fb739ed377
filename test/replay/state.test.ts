import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Provenance } from '../../src/events/types.js';
import { recordKey, type RecordSet } from '../../src/model/record-set.js';
import { countAt, emptyZone, keysAt, putEntry, removeEntry, type Tables } from '../../src/replay/state.js';

const by: Provenance = { eventId: 'e', eventTime: '2024-01-01T00:00:00Z', timeMs: 0, eventName: 'ChangeResourceRecordSets', identity: {}, file: 'f', index: 0 };

/** Sets at two names, several per name (types and routing groups), so names hold one key or many. */
const setArb = fc.record({
  name: fc.constantFrom('a.example.com.', 'b.example.com.'),
  type: fc.constantFrom('A', 'TXT'),
  setIdentifier: fc.constantFrom(undefined, 'blue', 'green'),
});
const editArb = fc.record({ put: fc.boolean(), set: setArb });

describe('the name index', () => {
  it('lists exactly the keys of the sets at each name, whatever the order of edits', () => {
    fc.assert(
      fc.property(fc.array(editArb, { maxLength: 60 }), (edits) => {
        const zone = emptyZone('Z');
        const w: Tables = { rrsets: zone.rrsets.asMutable(), byName: zone.byName.asMutable() };
        for (const { put, set } of edits) {
          const rs: RecordSet = { ...set, ttl: 300, values: ['1.2.3.4'] };
          const key = recordKey(rs);
          if (put) putEntry(w, key, rs.name, { rrset: rs, origin: 'logged', setBy: by, action: 'UPSERT' }, w.rrsets.has(key));
          else if (w.rrsets.has(key)) removeEntry(w, key, rs.name);
        }
        for (const name of ['a.example.com.', 'b.example.com.']) {
          const expected = [...w.rrsets.values()].filter((e) => e.rrset.name === name).map((e) => recordKey(e.rrset)).sort();
          expect([...keysAt(w.byName, name)].sort()).toEqual(expected);
          expect(countAt(w.byName, name)).toBe(expected.length);
          // A name without sets is not kept in the index.
          expect(w.byName.has(name)).toBe(expected.length > 0);
        }
      }),
    );
  });

  it('keeps one key as the key itself, and more as a frozen array', () => {
    const zone = emptyZone('Z');
    const w: Tables = { rrsets: zone.rrsets.asMutable(), byName: zone.byName.asMutable() };
    const a: RecordSet = { name: 'x.example.com.', type: 'A', ttl: 60, values: ['1.1.1.1'] };
    const t: RecordSet = { name: 'x.example.com.', type: 'TXT', ttl: 60, values: ['"v"'] };
    putEntry(w, recordKey(a), a.name, { rrset: a, origin: 'logged', setBy: by, action: 'CREATE' }, false);
    expect(w.byName.get(a.name)).toBe(recordKey(a));
    putEntry(w, recordKey(t), t.name, { rrset: t, origin: 'logged', setBy: by, action: 'CREATE' }, false);
    expect(typeof w.byName.get(a.name)).toBe('object');
    removeEntry(w, recordKey(a), a.name);
    expect(w.byName.get(a.name)).toBe(recordKey(t));
  });
});
