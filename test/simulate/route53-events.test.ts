import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { Rng, buildTruth, generateRoute53Events } from '../../src/simulate/index.js';
import { asMap, differingKeys, replayRecords } from './helpers.js';

const START = Date.parse('2024-03-01T00:00:00Z');

describe('generateRoute53Events (pure)', () => {
  test('properties over seeds: ordered distinct times, logged = replay of written records, live - logged = drift', () => {
    fc.assert(
      fc.property(fc.nat({ max: 1_000_000 }), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 5 }), fc.integer({ min: 0, max: 4 }), (seed, zones, days, drift) => {
        const s = generateRoute53Events(seed, { zones, days, events: 40, drift, start: START });
        for (let i = 1; i < s.events.length; i++) expect(s.events[i]!.time).toBeGreaterThan(s.events[i - 1]!.time);
        for (const e of s.events) {
          expect(e.record.eventTime).toBe(new Date(e.time).toISOString().slice(0, 19) + 'Z');
          if (e.kind === 'create-zone' || e.kind === 'delete-zone') expect(e.written).toBe(true);
          if (!e.ok) expect(e.record.responseElements).toBeNull();
        }
        expect(s.missingDay === null).toBe(drift === 0 || days < 3);
        const written = s.events.filter((e) => e.written).map((e) => e.record as Record<string, unknown>);
        const { zones: truth } = buildTruth(s, new Rng(seed, 'drift'), drift, []);
        let oob = 0;
        for (const z of truth) {
          const replay = replayRecords(written, z.id, z.preWindow);
          expect(replay.exists).toBe(z.logged !== null);
          if (z.logged === null) continue;
          expect(replay.sets).toEqual(asMap(z.logged));
          if (z.live === null) continue;
          const keys = z.drift.map((d) => `${d.name} ${d.type}${d.setIdentifier !== undefined ? ' ' + JSON.stringify(d.setIdentifier) : ''}`).sort();
          expect(differingKeys(asMap(z.live), asMap(z.logged))).toEqual(keys);
          oob += z.drift.filter((d) => d.kind !== 'unlogged-day').length;
        }
        expect(oob).toBe(drift);
      }),
      { numRuns: 15 },
    );
  });

  test('deterministic, and the Route 53 events do not depend on anything but the seed and options', () => {
    const a = generateRoute53Events(3, { zones: 3, days: 3, events: 30, drift: 1, start: START });
    const b = generateRoute53Events(3, { zones: 3, days: 3, events: 30, drift: 1, start: START });
    expect(JSON.stringify(b.events)).toBe(JSON.stringify(a.events));
  });
  test('CreateHostedZone says what its caller sends: Terraform its UniqueId of the creation time and its comment, the console no Terraform or registrar marks', () => {
    let terraform = 0;
    let console = 0;
    for (let seed = 0; seed < 12; seed++) {
      const s = generateRoute53Events(seed, { zones: 4, days: 3, events: 5, drift: 0, start: START });
      for (const e of s.events.filter((x) => x.kind === 'create-zone')) {
        const p = e.record.requestParameters as { callerReference: string; hostedZoneConfig: { comment?: string } };
        if (p.hostedZoneConfig.comment !== undefined) expect(p.hostedZoneConfig.comment).not.toBe('');
        if ((e.record.userAgent as string).includes('Terraform/')) {
          terraform++;
          const stamp = (e.record.eventTime as string).replace(/[-:TZ]/g, '');
          expect(p.callerReference).toMatch(new RegExp(`^terraform-${stamp}\\d{4}[0-9a-f]{8}$`));
          expect(p.hostedZoneConfig.comment).toBe('Managed by Terraform');
        } else {
          console++;
          expect(p.callerReference).not.toMatch(/^terraform-/);
          expect(p.hostedZoneConfig.comment ?? '').not.toMatch(/Terraform|Registrar/);
        }
      }
    }
    expect(terraform).toBeGreaterThan(0);
    expect(console).toBeGreaterThan(0);
  });
});
