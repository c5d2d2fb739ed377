import { describe, expect, it } from 'vitest';
import { collectEvents } from '../../src/events/collect.js';
import { activityReport } from '../../src/forensics/timeline.js';
import { replayEvents } from '../../src/replay/replay.js';
import type { InputSummary } from '../../src/views/completeness.js';
import { asInputs, ctChange, ctChangeBatch, ctCreateZone, ctRrset, DEFAULT_CALLER, type Caller } from '../support/cloudtrail.js';
import { forensicTrail } from './trail.js';

const replay = replayEvents(collectEvents(asInputs(forensicTrail())).events);
const inputs: InputSummary = { span: {}, filesRead: 1, unreadable: [], duplicatesDropped: 0 };
const report = activityReport([...replay.zones.values()], inputs);
const zone = (id: string) => report.zones.find((z) => z.zoneId === id)!;

describe('activityReport', () => {
  it('counts batches, rejected and failed calls per actor', () => {
    const z = zone('Z1EXAMPLE');
    const actors = Object.fromEntries(z.actors.map((a) => [a.actor, [a.batches, a.changes, a.rejected, a.failed, a.zoneCalls]]));
    expect(actors).toEqual({
      alice: [2, 3, 0, 0, 1],
      bob: [1, 1, 1, 0, 0],
      'deploy/ci-run-42': [1, 1, 0, 1, 0],
      'servicediscovery.amazonaws.com': [1, 1, 0, 0, 0],
    });
    expect(z.actors[0]!.actor).toBe('alice');
    expect(z.actors.find((a) => a.actor === 'bob')!.userAgents).toEqual(['aws-cli/2.15.0 \u001b[31mRED\u001b[0m <script>alert("x")</script> & more', 'console.amazonaws.com'].sort());
    expect(z.totals).toEqual({ batches: 5, changes: 6, rejected: 1, failed: 1, gaps: 0, zoneCalls: 1 });
  });

  it('gives a principal of another account its own row, though its short name is the zone account\'s alice', () => {
    const alice = (account: string, ip: string): Caller => ({ ...DEFAULT_CALLER, identity: { type: 'IAMUser', principalId: `AIDA${account}`, arn: `arn:aws:iam::${account}:user/alice`, accountId: account, userName: 'alice' }, sourceIPAddress: ip });
    const records = [
      ctCreateZone({ id: 'c', time: '2024-03-01T00:00:00Z', zone: 'Z1', name: 'example.com', by: alice('111122223333', '192.0.2.1') }),
      ctChangeBatch({ id: 'e1', time: '2024-03-01T01:00:00Z', zone: 'Z1', changes: [ctChange('UPSERT', ctRrset('www.example.com', 'A', 60, ['192.0.2.9']))], by: alice('444455556666', '203.0.113.66') }),
    ];
    const z = activityReport([...replayEvents(collectEvents(asInputs(records)).events).zones.values()], inputs).zones[0]!;
    expect(z.actors.map((a) => [a.actor, a.arn, a.sourceIPs, a.batches, a.zoneCalls])).toEqual([
      ['alice', 'arn:aws:iam::111122223333:user/alice', ['192.0.2.1'], 0, 1],
      ['alice (account 444455556666)', 'arn:aws:iam::444455556666:user/alice', ['203.0.113.66'], 1, 0],
    ]);
  });

  it('counts per UTC day and per actor within the day', () => {
    const z = zone('Z1EXAMPLE');
    expect(z.days.map((d) => [d.day, d.batches, d.rejected, d.failed, d.zoneCalls])).toEqual([
      ['2024-03-01', 2, 0, 0, 1],
      ['2024-03-02', 1, 1, 1, 0],
      ['2024-03-03', 2, 0, 0, 0],
    ]);
    expect(z.days[0]!.actors.map((a) => [a.actor, a.batches + a.zoneCalls])).toEqual([
      ['alice', 2],
      ['deploy/ci-run-42', 1],
    ]);
  });

  it('records creation and deletion, and a zone created before the logs', () => {
    expect(zone('Z3TEMP').created!.eventId).toBe('ev-t0');
    expect(zone('Z3TEMP').deleted!.eventId).toBe('ev-t3');
    expect(zone('Z2LEGACY')).toMatchObject({ created: null, deleted: null, genesis: 'before-logs' });
    expect(zone('Z1EXAMPLE').rejectedBatches.map((r) => r.eventId)).toEqual(['ev-e3']);
    expect(zone('Z1EXAMPLE').failedCalls.map((r) => [r.eventId, r.errorCode])).toEqual([['ev-e5', 'AccessDenied']]);
  });

  it('spans every zone and orders actors by activity', () => {
    expect([report.firstDay, report.lastDay]).toEqual(['2024-03-01', '2024-03-04']);
    expect(report.actors[0]).toBe('alice');
    expect(new Set(report.actors).size).toBe(report.actors.length);
  });
});
