import { describe, expect, it } from 'vitest';
import { collectEvents } from '../../src/events/collect.js';
import { replayEvents } from '../../src/replay/replay.js';
import { completenessAt, type InputSummary } from '../../src/views/completeness.js';
import { asInputs, ctChange, ctChangeBatch, ctRrset } from '../support/cloudtrail.js';

const inputs: InputSummary = { span: {}, filesRead: 1, unreadable: [], duplicatesDropped: 0 };
const T = '2024-03-01T10:00:00Z';
const upsert = (id: string, name: string, value: string) =>
  ctChangeBatch({ id, time: T, zone: 'Z1EXAMPLE', changes: [ctChange('UPSERT', ctRrset(name, 'A', 60, [value]))] });

function sameInstantAnomalies(records: ReturnType<typeof upsert>[]): string[] {
  const zone = replayEvents(collectEvents(asInputs(records)).events).zones.get('Z1EXAMPLE')!;
  const c = completenessAt(zone, zone.steps.length - 1, Date.parse(T), inputs);
  return c.anomalies.filter((a) => a.message.includes('cannot order them')).map((a) => a.message.split(';')[0]!);
}

describe('completeness: batches at one instant', () => {
  it('flags two batches changing one set in the same second', () => {
    expect(sameInstantAnomalies([upsert('ev-1', 'www.example.com', '192.0.2.1'), upsert('ev-2', 'www.example.com', '192.0.2.2')])).toEqual([
      'ev-1 and ev-2 both change www.example.com. A at 2024-03-01T10:00:00Z',
    ]);
  });

  it('flags them when another batch of that second is ordered between them', () => {
    // Ordered by eventID within the second: ev-1, ev-2, ev-3.
    const records = [upsert('ev-1', 'www.example.com', '192.0.2.1'), upsert('ev-2', 'mail.example.com', '192.0.2.9'), upsert('ev-3', 'www.example.com', '192.0.2.2')];
    expect(sameInstantAnomalies(records)).toEqual(['ev-1 and ev-3 both change www.example.com. A at 2024-03-01T10:00:00Z']);
  });

  it('does not flag batches on different sets, or a set changed in different seconds', () => {
    expect(sameInstantAnomalies([upsert('ev-1', 'www.example.com', '192.0.2.1'), upsert('ev-2', 'mail.example.com', '192.0.2.2')])).toEqual([]);
    const later = { ...upsert('ev-2', 'www.example.com', '192.0.2.2'), eventTime: '2024-03-01T10:00:01Z' };
    expect(sameInstantAnomalies([upsert('ev-1', 'www.example.com', '192.0.2.1'), later])).toEqual([]);
  });
});

describe('completeness: copies of an event that disagree', () => {
  const first = upsert('ev-1', 'www.example.com', '192.0.2.1');
  const later = { ...upsert('ev-2', 'mail.example.com', '192.0.2.9'), eventTime: '2024-03-02T10:00:00Z' };
  const altered = { ...later, sourceIPAddress: '198.51.100.66' };
  const log = collectEvents([...asInputs([first, later], 'trail-a.json'), ...asInputs([altered], 'trail-b.json')]);
  const zone = replayEvents(log.events).zones.get('Z1EXAMPLE')!;
  const withCopies: InputSummary = { ...inputs, contradictoryCopies: log.contradictoryCopies };
  const contradictions = (upTo: number, atMs: number) => completenessAt(zone, upTo, atMs, withCopies).anomalies.filter((a) => a.message.startsWith('copies of'));

  it('names the event, what differs and where each copy was read, from the event\'s instant on', () => {
    const [said, ...more] = contradictions(zone.steps.length - 1, Date.parse('2024-03-03T00:00:00Z'));
    expect(more).toEqual([]);
    expect(said).toMatchObject({ eventId: 'ev-2', eventTime: '2024-03-02T10:00:00Z' });
    expect(said!.message).toContain('copies of this event disagree (sourceIPAddress): read at trail-a.json#1, trail-b.json#0');
  });

  it('is not part of a snapshot before the event', () => {
    expect(contradictions(0, Date.parse('2024-03-01T12:00:00Z'))).toEqual([]);
  });

  it('is not part of another zone\'s report', () => {
    const other = replayEvents(collectEvents(asInputs([{ ...first, requestParameters: { ...(first.requestParameters as object), hostedZoneId: 'Z2OTHER' } }])).events).zones.get('Z2OTHER')!;
    expect(completenessAt(other, other.steps.length - 1, Date.parse('2024-03-03T00:00:00Z'), withCopies).anomalies).toEqual([]);
  });
});
