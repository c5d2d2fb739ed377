/**
 * Laws the forensics views rely on, checked on random trails: the log is
 * ordered and its filters are plain set filters; blame agrees with the log;
 * the timeline's counts add up; nothing from the logs reaches a terminal or
 * an SVG unescaped.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { collectEvents } from '../../src/events/collect.js';
import { blameAt } from '../../src/forensics/blame.js';
import { chartSvg } from '../../src/forensics/chart-svg.js';
import { recordLog, type LogEntry } from '../../src/forensics/record-log.js';
import { activityReport } from '../../src/forensics/timeline.js';
import { blameText } from '../../src/cli/render/forensics-blame-text.js';
import { recordLogText } from '../../src/cli/render/forensics-log-text.js';
import { activityReportText } from '../../src/cli/render/forensics-timeline-text.js';
import { paint } from '../../src/cli/terminal-text.js';
import { stableJson } from '../../src/model/record-set.js';
import { replayEvents, type ZoneTimeline } from '../../src/replay/replay.js';
import type { InputSummary } from '../../src/views/completeness.js';
import { asInputs, ctChange, ctChangeBatch, ctCreateZone, ctRrset, type Json } from '../support/cloudtrail.js';
import { checkXml } from './xml-check.js';

const inputs: InputSummary = { span: {}, filesRead: 1, unreadable: [], duplicatesDropped: 0 };
const NAMES = ['www.example.com', 'WWW.example.com.', 'api.example.com', '*.example.com'];
const START = Date.parse('2024-03-01T00:00:00Z');

const op = fc.record({
  action: fc.constantFrom('CREATE', 'UPSERT', 'DELETE') as fc.Arbitrary<'CREATE' | 'UPSERT' | 'DELETE'>,
  name: fc.nat(NAMES.length - 1),
  value: fc.nat(2),
  ttl: fc.constantFrom(60, 300),
  actor: fc.nat(2),
  minute: fc.nat(3 * 24 * 60),
  fail: fc.nat(7).map((n) => n === 0),
});

/** Free text with controls, markup and escapes. */
const nastyText = fc
  .array(fc.oneof(fc.integer({ min: 0x20, max: 0x7e }), fc.constantFrom(0x00, 0x07, 0x1b, 0x7f, 0x85, 0x9b, 0x202e, 0x2028, 0x3c, 0x26)), { minLength: 1, maxLength: 30 })
  .map((codes) => String.fromCharCode(...codes));

const trailArb = fc.record({ genesis: fc.boolean(), ops: fc.array(op, { minLength: 1, maxLength: 25 }), agent: nastyText, user: nastyText });

type RandomTrail = { genesis: boolean; ops: { action: 'CREATE' | 'UPSERT' | 'DELETE'; name: number; value: number; ttl: number; actor: number; minute: number; fail: boolean }[]; agent: string; user: string };

function build(t: RandomTrail): ZoneTimeline {
  const records: Json[] = [];
  if (t.genesis) records.push(ctCreateZone({ id: 'c0', time: '2024-02-29T23:00:00Z', zone: 'Z1', name: 'example.com' }));
  const identities: Json[] = [
    { type: 'IAMUser', arn: 'arn:aws:iam::1:user/alice', userName: 'alice' },
    { type: 'IAMUser', arn: 'arn:aws:iam::1:user/x', userName: t.user },
    { type: 'AssumedRole', arn: 'arn:aws:sts::1:assumed-role/deploy/s1', sessionContext: { sessionIssuer: { type: 'Role', arn: 'arn:aws:iam::1:role/deploy', userName: 'deploy' } } },
  ];
  t.ops.forEach((o, i) => {
    const rec = ctChangeBatch({
      id: `e${String(i).padStart(3, '0')}`,
      time: new Date(START + o.minute * 60_000).toISOString(),
      zone: 'Z1',
      identity: identities[o.actor]!,
      changes: [ctChange(o.action, ctRrset(NAMES[o.name]!, 'A', o.ttl, [`192.0.2.${o.value + 1}`]))],
      ...(o.fail ? { error: { code: 'Throttling', message: t.agent } } : {}),
    });
    rec.userAgent = t.agent;
    records.push(rec);
  });
  return replayEvents(collectEvents(asInputs(records)).events).zones.get('Z1')!;
}

const ms = (e: LogEntry) => Date.parse(e.event.eventTime);
const ids = (es: readonly LogEntry[]) => es.map((e) => `${e.event.eventId} ${e.key}`);
const NOT_FOR_TERMINALS = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

describe('forensics laws (random trails)', () => {
  it('the log is oldest first, and --name/--since/--until are plain filters of the full log', () => {
    fc.assert(
      fc.property(trailArb, fc.nat(3 * 24 * 60), fc.nat(3 * 24 * 60), fc.nat(NAMES.length - 1), (t, a, b, n) => {
        const z = build(t);
        const all = recordLog(z, {}).entries;
        for (let i = 1; i < all.length; i++) expect(ms(all[i]!)).toBeGreaterThanOrEqual(ms(all[i - 1]!));
        const [sinceMs, untilMs] = [START + Math.min(a, b) * 60_000, START + Math.max(a, b) * 60_000];
        expect(ids(recordLog(z, { sinceMs, untilMs }).entries)).toEqual(ids(all.filter((e) => ms(e) >= sinceMs && ms(e) <= untilMs)));
        const name = z.steps.flatMap((s) => (s.event.action.kind === 'change-rrsets' ? s.event.action.changes.map((c) => c.rrset.name) : []))[n % 2] ?? 'www.example.com.';
        expect(ids(recordLog(z, { name }).entries)).toEqual(ids(all.filter((e) => e.name === name)));
      }),
      { numRuns: 60 },
    );
  });

  it('each applied change starts from what the previous applied change left', () => {
    fc.assert(
      fc.property(trailArb, (t) => {
        const entries = recordLog(build(t), {}).entries.filter((e) => e.status !== 'rejected' && e.status !== 'failed');
        const last = new Map<string, LogEntry>();
        for (const e of entries) {
          const prev = last.get(e.key);
          if (prev !== undefined) expect(stableJson(e.before)).toBe(stableJson(prev.after));
          last.set(e.key, e);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('blame names the last applied change of each set in the log, and what it replaced', () => {
    fc.assert(
      fc.property(trailArb, fc.nat(3 * 24 * 60), (t, at) => {
        const z = build(t);
        const atMs = START + at * 60_000;
        const b = blameAt(z, atMs, inputs);
        const log = recordLog(z, { untilMs: atMs }).entries.filter((e) => e.status !== 'rejected' && e.status !== 'failed');
        for (const line of b.lines) {
          const mine = log.filter((e) => e.key === line.key);
          const last = mine[mine.length - 1];
          if (line.attribution === 'older-than-logs') {
            expect(line.lastChange).toBeNull();
            continue;
          }
          expect(last, line.key).toBeDefined();
          expect(line.lastChange!.eventId).toBe(last!.event.eventId);
          expect(stableJson(line.previous)).toBe(stableJson(last!.before));
          expect(stableJson(line.rrset)).toBe(stableJson(last!.after));
          expect(line.changes).toBe(mine.length);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('timeline counts add up: totals = sum over actors = sum over days; changes = applied log entries', () => {
    fc.assert(
      fc.property(trailArb, (t) => {
        const z = build(t);
        const [activity] = activityReport([z], inputs).zones;
        const keys = ['batches', 'changes', 'rejected', 'failed', 'gaps', 'zoneCalls'] as const;
        for (const k of keys) {
          expect(activity!.actors.reduce((s, a) => s + a[k], 0)).toBe(activity!.totals[k]);
          expect(activity!.days.reduce((s, d) => s + d[k], 0)).toBe(activity!.totals[k]);
          for (const d of activity!.days) expect(d.actors.reduce((s, a) => s + a[k], 0)).toBe(d[k]);
        }
        const log = recordLog(z, {}).entries;
        expect(activity!.totals.changes).toBe(log.filter((e) => e.status === 'applied').length);
        expect(activity!.totals.failed).toBe(t.ops.filter((o) => o.fail).length);
        expect(activity!.totals.batches + activity!.totals.rejected + activity!.totals.failed).toBe(t.ops.length);
      }),
      { numRuns: 60 },
    );
  });

  it('nothing from the logs reaches a terminal or the SVG unescaped', () => {
    fc.assert(
      fc.property(trailArb, (t) => {
        const z = build(t);
        const p = paint(false);
        const end = START + 4 * 86_400_000;
        for (const text of [recordLogText(recordLog(z, {}), p), blameText(blameAt(z, end, inputs), p), activityReportText(activityReport([z], inputs), p)]) {
          expect(NOT_FOR_TERMINALS.test(text)).toBe(false);
        }
        checkXml(chartSvg(activityReport([z], inputs)));
      }),
      { numRuns: 40 },
    );
  });
});
