/**
 * Streams the trail: walks the 5-minute delivery windows in order, makes
 * the noise of each window, merges the Route 53 records delivered in it,
 * shuffles each file (records in a file are not ordered) and hands it to
 * the writer. Only one window's records are in memory at a time.
 */
import type { Cast } from './actors.js';
import { SECOND } from './clock.js';
import { REGIONS, ROUTE53_REGION, SLOT_MS, deliveryTime, isDropped, type TrailName } from './layout.js';
import { NoiseMaker } from './noise-events.js';
import { Rng } from './prng.js';
import type { Route53Scenario } from './route53-events.js';
import type { TrailWriter } from './writer.js';

/** How much noise to write: a number of records, or a number of uncompressed bytes. */
export type NoiseTarget = { readonly records: number } | { readonly bytes: number };

/** What streaming the trail produced. */
export interface TrailCounts {
  /** Records written, Route 53 and noise, duplicates included. */
  total: number;
  /** Route 53 records written, duplicates included. */
  route53: number;
  /** Files not written because they fall on the missing day. */
  droppedFiles: number;
}

const REGION_WEIGHTS: readonly (readonly [string, number])[] = [
  [REGIONS[0], 5],
  [REGIONS[1], 2],
  [REGIONS[2], 2],
  [REGIONS[3], 1],
];

/** Serialized Route 53 records per (trail, slot), dropped copies left out; the (trail, slot)s of dropped copies. */
function route53Files(scenario: Route53Scenario): { files: Map<string, string[]>; lost: Set<string> } {
  const files = new Map<string, string[]>();
  const lost = new Set<string>();
  for (const e of scenario.events) {
    const text = JSON.stringify(e.record);
    for (const c of e.copies) {
      if (c.dropped) {
        lost.add(`${c.trail}|${c.slot}`);
        continue;
      }
      const key = `${c.trail}|${c.slot}`;
      const list = files.get(key);
      if (list === undefined) files.set(key, [text]);
      else list.push(text);
    }
  }
  return { files, lost };
}

/** Cumulative share of the noise due by the end of each window: busier in working hours. */
function cumulativeWeights(rng: Rng, start: number, slots: number): Float64Array {
  const cum = new Float64Array(slots);
  let total = 0;
  for (let i = 0; i < slots; i++) {
    const hour = new Date(start + i * SLOT_MS).getUTCHours();
    total += (hour >= 7 && hour <= 19 ? 1 : 0.4) * (0.6 + 0.8 * rng.next());
    cum[i] = total;
  }
  for (let i = 0; i < slots; i++) cum[i]! /= total;
  return cum;
}

/** Writes every log file of the simulation through `writer`. */
export function writeTrail(scenario: Route53Scenario, cast: Cast, writer: TrailWriter, target: NoiseTarget): TrailCounts {
  const { start, end, missingDay } = scenario;
  const rng = new Rng(scenario.seed, 'noise');
  const shuffler = new Rng(scenario.seed, 'shuffle');
  const noise = new NoiseMaker(rng, cast);
  const { files: r53, lost } = route53Files(scenario);
  const windowSlots = Math.ceil((end - start) / SLOT_MS);
  let lastSlot = windowSlots - 1;
  for (const key of r53.keys()) lastSlot = Math.max(lastSlot, Number(key.split('|')[1]));
  const cum = cumulativeWeights(rng, start, windowSlots);
  const counts: TrailCounts = { total: 0, route53: 0, droppedFiles: 0 };
  let made = 0;
  const emit = (trail: TrailName, slot: number, region: string, texts: string[], route53: number) => {
    const delivery = deliveryTime(start, slot, region, trail);
    // The window's records, and the few that arrive a window late (see below).
    const span = { oldest: Math.max(start, start + slot * SLOT_MS - 4 * 60 * SECOND), newest: start + (slot + 1) * SLOT_MS - SECOND };
    if (isDropped(delivery, missingDay)) {
      counts.droppedFiles++;
      writer.lost(trail, region, delivery, span);
      return;
    }
    counts.total += texts.length;
    counts.route53 += route53;
    writer.write(trail, region, delivery, shuffler.shuffle(texts), span);
  };

  for (let slot = 0; slot <= lastSlot; slot++) {
    const groups = new Map<string, string[]>();
    const mine = r53.get(`trail|${slot}`) ?? [];
    groups.set(ROUTE53_REGION, [...mine]);
    if (slot < windowSlots) {
      const due = 'records' in target ? Math.round(target.records * cum[slot]!) : target.bytes * cum[slot]!;
      const slotStart = start + slot * SLOT_MS;
      while (made < due) {
        // A few records arrive a window late: their time lies before this window.
        const offset = rng.chance(0.04) ? -rng.int(1, 4 * 60) * SECOND : rng.int(0, SLOT_MS / SECOND - 1) * SECOND;
        const time = Math.max(start, slotStart + offset);
        const record = noise.make(time, rng.weighted(REGION_WEIGHTS));
        const text = JSON.stringify(record);
        const region = record.awsRegion as string;
        const list = groups.get(region);
        if (list === undefined) groups.set(region, [text]);
        else list.push(text);
        made += 'records' in target ? 1 : text.length + 1;
      }
    }
    for (const region of REGIONS) {
      const texts = groups.get(region);
      if (texts !== undefined && texts.length > 0) emit('trail', slot, region, texts, region === ROUTE53_REGION ? mine.length : 0);
    }
    const second = r53.get(`trail2|${slot}`);
    if (second !== undefined) emit('trail2', slot, ROUTE53_REGION, [...second], second.length);
    // The second trail's file of the missing day, which held only Route 53 copies: lost, and listed by its digest.
    else if (lost.has(`trail2|${slot}`)) emit('trail2', slot, ROUTE53_REGION, [], 0);
  }
  return counts;
}
