import { describe, expect, it } from 'vitest';
import { collectEvents } from '../../src/events/collect.js';
import { activityReport } from '../../src/forensics/timeline.js';
import { replayEvents } from '../../src/replay/replay.js';
import type { InputSummary } from '../../src/views/completeness.js';
import { asInputs } from '../support/cloudtrail.js';
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
