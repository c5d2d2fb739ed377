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

/** The eventTimes a file holds, oldest and newest (what its digest entry says). */
interface Times {
  oldest: number;
  newest: number;
}

const widen = (span: Times | undefined, time: number): Times =>
  span === undefined ? { oldest: time, newest: time } : { oldest: Math.min(span.oldest, time), newest: Math.max(span.newest, time) };

/**
 * Serialized Route 53 records per (trail, slot), dropped copies left out; the (trail, slot)s of
 * dropped copies; and the eventTimes of every (trail, slot)'s copies, dropped ones included.
 */
function route53Files(scenario: Route53Scenario): { files: Map<string, string[]>; lost: Set<string>; times: Map<string, Times> } {
  const files = new Map<string, string[]>();
  const lost = new Set<string>();
  const times = new Map<string, Times>();
  for (const e of scenario.events) {
    const text = JSON.stringify(e.record);
    for (const c of e.copies) {
      const key = `${c.trail}|${c.slot}`;
      times.set(key, widen(times.get(key), e.time));
      if (c.dropped) {
        lost.add(key);
        continue;
      }
      const list = files.get(key);
      if (list === undefined) files.set(key, [text]);
      else list.push(text);
    }
  }
  return { files, lost, times };
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
  const { files: r53, lost, times: r53Times } = route53Files(scenario);
  const windowSlots = Math.ceil((end - start) / SLOT_MS);
  let lastSlot = windowSlots - 1;
  for (const key of r53.keys()) lastSlot = Math.max(lastSlot, Number(key.split('|')[1]));
  const cum = cumulativeWeights(rng, start, windowSlots);
  const counts: TrailCounts = { total: 0, route53: 0, droppedFiles: 0 };
  let made = 0;
  const emit = (trail: TrailName, slot: number, region: string, texts: string[], route53: number, span: Times) => {
    const delivery = deliveryTime(start, slot, region, trail);
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
    const groups = new Map<string, { texts: string[]; span: Times | undefined }>();
    const mine = r53.get(`trail|${slot}`) ?? [];
    groups.set(ROUTE53_REGION, { texts: [...mine], span: r53Times.get(`trail|${slot}`) });
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
        const group = groups.get(region);
        if (group === undefined) groups.set(region, { texts: [text], span: widen(undefined, time) });
        else {
          group.texts.push(text);
          group.span = widen(group.span, time);
        }
        made += 'records' in target ? 1 : text.length + 1;
      }
    }
    for (const region of REGIONS) {
      const group = groups.get(region);
      // A file of the missing day whose only records were Route 53 copies has times but no texts here.
      if (group?.span !== undefined && (group.texts.length > 0 || region === ROUTE53_REGION && lost.has(`trail|${slot}`))) {
        emit('trail', slot, region, group.texts, region === ROUTE53_REGION ? mine.length : 0, group.span);
      }
    }
    const second = r53.get(`trail2|${slot}`);
    const secondSpan = r53Times.get(`trail2|${slot}`);
    if (second !== undefined) emit('trail2', slot, ROUTE53_REGION, [...second], second.length, secondSpan!);
    // The second trail's file of the missing day, which held only Route 53 copies: lost, and listed by its digest.
    else if (lost.has(`trail2|${slot}`)) emit('trail2', slot, ROUTE53_REGION, [], 0, secondSpan!);
  }
  return counts;
}
