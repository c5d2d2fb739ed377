import { describe, expect, it } from 'vitest';
import { collectEvents } from '../../src/events/collect.js';
import { blameAt } from '../../src/forensics/blame.js';
import { replayEvents } from '../../src/replay/replay.js';
import type { InputSummary } from '../../src/views/completeness.js';
import { asInputs } from '../support/cloudtrail.js';
import { forensicTrail } from './trail.js';

const replay = replayEvents(collectEvents(asInputs(forensicTrail())).events);
const inputs: InputSummary = { span: { first: '2024-03-01T00:00:00Z', last: '2024-03-05T00:00:00Z' }, filesRead: 4, unreadable: [], duplicatesDropped: 0 };

describe('blameAt', () => {
  it('annotates each set with its last setter and what it was before', () => {
    const b = blameAt(replay.zones.get('Z1EXAMPLE')!, Date.parse('2024-03-05T00:00:00Z'), inputs);
    const byKey = new Map(b.lines.map((l) => [l.key, l]));
    expect([...byKey.keys()]).toEqual(['example.com. NS', 'example.com. SOA', '_http._tcp.svc.example.com. SRV', 'www.example.com. A']);
    const www = byKey.get('www.example.com. A')!;
    expect(www).toMatchObject({ attribution: 'change', label: 'UPSERT', origin: 'logged', changes: 3 });
    expect(www.lastChange).toMatchObject({ eventId: 'ev-e4', actor: { name: 'bob' }, sourceIPAddress: '192.0.2.200' });
    expect(www.previous).toMatchObject({ ttl: 60, values: ['192.0.2.11'] });
    expect(byKey.get('example.com. SOA')).toMatchObject({ attribution: 'route53-default', label: 'Route 53 default (synthesized)', lastChange: { eventId: 'ev-c0' } });
    expect(byKey.get('_http._tcp.svc.example.com. SRV')!.lastChange!.actor.invokedBy).toBe('servicediscovery.amazonaws.com');
    // The completeness report rides along: the rejected and failed attempts are in it.
    expect(b.completeness.rejectedBatches.map((r) => r.eventId)).toEqual(['ev-e3']);
    expect(b.completeness.failedCalls.map((r) => r.eventId)).toEqual(['ev-e5']);
  });

  it('answers for an earlier instant from the state then', () => {
    const b = blameAt(replay.zones.get('Z1EXAMPLE')!, Date.parse('2024-03-01T15:00:00Z'), inputs);
    const www = b.lines.find((l) => l.key === 'www.example.com. A')!;
    expect(www.lastChange!.eventId).toBe('ev-e2');
    expect(www.previous).toMatchObject({ values: ['192.0.2.10'] });
    expect(b.lines.map((l) => l.key)).toContain('mail.example.com. A');
  });

  it('says "older than the logs" for sets only proved to exist before them', () => {
    const b = blameAt(replay.zones.get('Z2LEGACY')!, Date.parse('2024-03-02T11:30:00Z'), inputs);
    const old = b.lines.find((l) => l.key === 'old.legacy.org. TXT')!;
    expect(old).toMatchObject({ attribution: 'older-than-logs', label: 'older than the logs', origin: 'inferred', lastChange: null, previous: null });
    expect(old.evidence!.eventId).toBe('ev-f2');
    expect(b.completeness.lowerBound).toBe(true);
    expect(b.lines.find((l) => l.key === 'www.legacy.org. A')).toMatchObject({ attribution: 'change', lastChange: { eventId: 'ev-f1' }, previous: null });
  });

  it('shows an empty, deleted zone after its deletion', () => {
    const b = blameAt(replay.zones.get('Z3TEMP')!, Date.parse('2024-03-05T00:00:00Z'), inputs);
    expect(b.status).toBe('deleted');
    expect(b.lines).toEqual([]);
  });
});
