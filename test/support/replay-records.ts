/**
 * CloudTrail records replayed as the replay tests use them, and the zone
 * most of them start from: example.com. (Z1), created in the logs, with the
 * apex Route 53 gives a new zone.
 */
import { collectEvents } from '../../src/events/collect.js';
import type { RecordSet } from '../../src/model/record-set.js';
import { replayEvents, type Replay, type ZoneTimeline } from '../../src/replay/replay.js';
import { asInputs, ctCreateZone, type Json } from './cloudtrail.js';

/** The example zone's name. */
export const Z = 'example.com.';
/** Its apex, as Route 53 creates it. */
export const SOA: RecordSet = { name: Z, type: 'SOA', ttl: 900, values: ['ns-1.awsdns-01.com. awsdns-hostmaster.amazon.com. 1 7200 900 1209600 86400'] };
export const NS: RecordSet = { name: Z, type: 'NS', ttl: 172800, values: ['ns-1.awsdns-01.com.', 'ns-2.awsdns-02.net.'] };
/** Its CreateHostedZone. */
export const created = ctCreateZone({ id: 'c0', time: '2024-03-01T09:00:00Z', zone: 'Z1', name: 'example.com' });

/** The replay of `records`, read as one file. */
export function replay(records: Json[]): Replay {
  return replayEvents(collectEvents(asInputs(records)).events);
}

/** One zone of that replay (Z1 unless said). */
export function zone(records: Json[], id = 'Z1'): ZoneTimeline {
  const z = replay(records).zones.get(id);
  if (z === undefined) throw new Error(`no zone ${id} in the replay`);
  return z;
}
