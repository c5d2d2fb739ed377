import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { applyBatch, applyLogged, defaultSets, keyOf, listRecordSets, makeSet, type SimChange, type ZoneSets } from '../../src/simulate/zones.js';

const ZONE = 'example.com.';
const base = (): ZoneSets => new Map(defaultSets(ZONE, ['ns-1.awsdns-01.com', 'ns-600.awsdns-10.net', 'ns-1100.awsdns-20.org', 'ns-1700.awsdns-30.co.uk']).map((s) => [keyOf(s), s]));
const a = (name: string, ip: string, ttl = 300) => makeSet({ name, type: 'A', ttl, values: [ip] });
const ch = (action: SimChange['action'], set: ReturnType<typeof a>): SimChange => ({ action, set, spelled: set.name });

describe('applyBatch (Route 53 rules)', () => {
  test('CREATE of an existing set, DELETE of a missing or different set fail with the service texts', () => {
    const z = base();
    const ok = applyBatch(z, ZONE, [ch('CREATE', a('www.example.com', '192.0.2.1'))]);
    expect(ok.ok).toBe(true);
    const sets = (ok as { sets: ZoneSets }).sets;
    expect(applyBatch(sets, ZONE, [ch('CREATE', a('www.example.com', '192.0.2.9'))])).toEqual({
      ok: false,
      message: "[Tried to create resource record set [name='www.example.com.', type='A'] but it already exists]",
    });
    expect(applyBatch(sets, ZONE, [ch('DELETE', a('x.example.com', '192.0.2.1'))])).toMatchObject({ ok: false, message: expect.stringContaining('but it was not found') });
    expect(applyBatch(sets, ZONE, [ch('DELETE', a('www.example.com', '192.0.2.1', 60))])).toMatchObject({ ok: false, message: expect.stringContaining('do not match the current values') });
    const cname = makeSet({ name: 'www.example.com', type: 'CNAME', ttl: 300, values: ['example.com.'] });
    expect(applyBatch(sets, ZONE, [{ action: 'CREATE', set: cname, spelled: 'www.example.com' }])).toMatchObject({ ok: false, message: expect.stringContaining('conflicts with other records') });
    expect(applyBatch(sets, ZONE, [ch('UPSERT', a('www.other.org', '192.0.2.1'))])).toMatchObject({ ok: false, message: expect.stringContaining('is not permitted in zone') });
  });

  test('a batch is all or nothing; DELETE then CREATE in one batch works', () => {
    const z = base();
    const r = applyBatch(z, ZONE, [ch('CREATE', a('a.example.com', '192.0.2.1')), ch('DELETE', a('gone.example.com', '192.0.2.2'))]);
    expect(r.ok).toBe(false);
    expect(z.size).toBe(2);
    const s1 = (applyBatch(z, ZONE, [ch('CREATE', a('a.example.com', '192.0.2.1'))]) as { sets: ZoneSets }).sets;
    const s2 = applyBatch(s1, ZONE, [ch('DELETE', a('a.example.com', '192.0.2.1')), ch('CREATE', a('a.example.com', '192.0.2.7'))]);
    expect(s2.ok).toBe(true);
  });

  test('law: for a successful batch, the trusting logged applier gives the same zone', () => {
    const change = fc.record({
      action: fc.constantFrom<SimChange['action']>('CREATE', 'DELETE', 'UPSERT'),
      label: fc.constantFrom('a', 'b', 'c', '*.d'),
      ip: fc.constantFrom('192.0.2.1', '192.0.2.2'),
      ttl: fc.constantFrom(60, 300),
    });
    fc.assert(
      fc.property(fc.array(fc.array(change, { minLength: 1, maxLength: 4 }), { maxLength: 12 }), (batches) => {
        let real = base();
        const logged = base();
        for (const b of batches) {
          const changes = b.map((c) => ch(c.action, a(`${c.label}.example.com`, c.ip, c.ttl)));
          const r = applyBatch(real, ZONE, changes);
          if (!r.ok) continue;
          real = r.sets;
          applyLogged(logged, changes);
        }
        expect(listRecordSets(logged)).toEqual(listRecordSets(real));
      }),
    );
  });

  test('listing order is Route 53 order and names use \\052', () => {
    const z = base();
    const r = applyBatch(z, ZONE, [ch('CREATE', a('*.d.example.com', '192.0.2.1')), ch('CREATE', a('b.example.com', '192.0.2.1'))]) as { sets: ZoneSets };
    expect(listRecordSets(r.sets).map((s) => `${s.Name as string} ${s.Type as string}`)).toEqual([
      'example.com. NS',
      'example.com. SOA',
      'b.example.com. A',
      '\\052.d.example.com. A',
    ]);
  });
});
