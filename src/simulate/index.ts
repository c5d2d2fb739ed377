/**
 * The drift simulator: writes a synthetic CloudTrail trail (mostly other
 * services, some Route 53), a live export per surviving zone with injected
 * drift, and a ground-truth file that says what a perfect replay gives.
 * Deterministic for a seed: own PRNG, times from a fixed start.
 *
 * Departure from "only sources/ and cli/ touch files": the writer lives
 * here because the trail must be streamed as it is generated; everything
 * but writer.ts and `simulate` itself is pure.
 */
import { join } from 'node:path';
import { isoSeconds } from './clock.js';
import { resolveOptions, type SimulateOptions } from './options.js';
import { Rng } from './prng.js';
import { castOf, generateRoute53Events, type Route53Options, type Route53Scenario } from './route53-events.js';
import { writeTrail, type NoiseTarget } from './trail.js';
import { buildTruth, type ZoneTruth } from './truth.js';
import { TrailWriter, writeJsonFile } from './writer.js';
import { listRecordSets } from './zones.js';

export { resolveOptions, SimulateOptionsError, DEFAULTS, type SimulateOptions, type ResolvedOptions } from './options.js';
export { generateRoute53Events, type Route53Options, type Route53Scenario, type SimEvent, type Copy, type EventKind } from './route53-events.js';
export { buildTruth, loggedState, type ZoneTruth, type DriftEntry, type DriftKind, type Checkpoint } from './truth.js';
export { applyBatch, applyLogged, type SimSet, type SimChange, type ZoneSets } from './zones.js';
export { Rng, hash32 } from './prng.js';
export { deliveryTime, logFileKey, REGIONS, SLOT_MS } from './layout.js';

/** Event counts of a written simulation. */
export interface EventCounts {
  /** Records written (all services, duplicates included). */
  total: number;
  /** Route 53 records written, duplicates included. */
  route53: number;
  /** Extra copies of Route 53 records (same eventID delivered again). */
  duplicates: number;
  /** Distinct failed Route 53 calls written. */
  failed: number;
  /** Route 53 calls lost with the missing day (in no written file). */
  unwritten: number;
}

/** What `simulate` wrote. */
export interface SimulationSummary {
  out: string;
  seed: number;
  account: string;
  start: string;
  end: string;
  missingDay: string | null;
  files: number;
  droppedFiles: number;
  /** Hourly CloudTrail-Digest files, per trail and region (digests.ts). */
  digestFiles: number;
  bytes: { compressed: number; uncompressed: number };
  events: EventCounts;
  zones: { total: number; live: number; createdInWindow: number; deleted: number; driftEntries: number };
}

/** The whole ground truth file. */
export interface GroundTruth {
  generator: 'zone-replay simulate';
  version: 1;
  seed: number;
  account: string;
  start: string;
  end: string;
  days: number;
  missingDay: string | null;
  checkpoints: string[];
  counts: EventCounts;
  zones: ZoneTruth[];
}

/** The instants checkpoints are taken at: a quarter, half and three quarters in, and one more from the seed. */
export function checkpointTimes(scenario: Route53Scenario, rng: Rng): number[] {
  const span = scenario.end - scenario.start;
  const at = (f: number) => scenario.start + Math.floor((span * f) / 1000) * 1000;
  return [...new Set([at(0.25), at(0.5), at(0.75), at(0.05 + 0.9 * rng.next())])].sort((a, b) => a - b);
}

/** Counts from the scenario; `total` from the writer. */
function route53Counts(scenario: Route53Scenario, total: number): EventCounts {
  let route53 = 0;
  let unique = 0;
  let failed = 0;
  let unwritten = 0;
  for (const e of scenario.events) {
    const copies = e.copies.filter((c) => !c.dropped).length;
    route53 += copies;
    if (copies > 0) unique++;
    else unwritten++;
    if (copies > 0 && !e.ok) failed++;
  }
  return { total, route53, duplicates: route53 - unique, failed, unwritten };
}

/** Generates and writes a simulation under `options.out`. Does not clear the folder. */
export async function simulate(options: SimulateOptions): Promise<SimulationSummary> {
  const o = resolveOptions(options);
  const r53opts: Route53Options = { zones: o.zones, days: o.days, events: o.events, drift: o.drift, start: o.startMs };
  const scenario = generateRoute53Events(o.seed, r53opts);
  const cast = castOf(o.seed);
  const writer = new TrailWriter(o.out, scenario.account, new Rng(o.seed, 'file-names'));
  const route53Records = scenario.events.reduce((n, e) => n + e.copies.filter((c) => !c.dropped).length, 0);
  // Noise is planned over the whole window; scale it so what is written (the missing day aside) meets the target.
  const scale = scenario.missingDay !== null ? o.days / (o.days - 1) : 1;
  const target: NoiseTarget =
    o.sizeMb !== null
      ? { bytes: Math.max(0, o.sizeMb * 1024 * 1024 - route53Records * 1500) * scale }
      : { records: Math.round(((route53Records * (1 - o.route53Share)) / o.route53Share) * scale) };
  const trail = writeTrail(scenario, cast, writer, target);
  const digestFiles = writer.writeDigests(scenario.start);
  const totals = writer.totals;

  const truthRng = new Rng(o.seed, 'drift');
  const checkpoints = checkpointTimes(scenario, truthRng);
  const { zones, live } = buildTruth(scenario, truthRng, o.drift, checkpoints);
  for (const [id, sets] of live) await writeJsonFile(join(o.out, 'live', `${id}.json`), { ResourceRecordSets: listRecordSets(sets) });
  for (const z of zones) if (z.preWindow !== null) await writeJsonFile(join(o.out, 'baseline', `${z.id}.json`), { ResourceRecordSets: z.preWindow });
  const counts = route53Counts(scenario, trail.total);
  const truth: GroundTruth = {
    generator: 'zone-replay simulate',
    version: 1,
    seed: o.seed,
    account: scenario.account,
    start: isoSeconds(scenario.start),
    end: isoSeconds(scenario.end),
    days: o.days,
    missingDay: scenario.missingDay,
    checkpoints: checkpoints.map(isoSeconds),
    counts,
    zones,
  };
  await writeJsonFile(join(o.out, 'ground-truth.json'), truth, 2);
  return {
    out: o.out,
    seed: o.seed,
    account: scenario.account,
    start: truth.start,
    end: truth.end,
    missingDay: scenario.missingDay,
    files: totals.files,
    droppedFiles: trail.droppedFiles,
    digestFiles,
    bytes: { compressed: totals.bytesCompressed, uncompressed: totals.bytesUncompressed },
    events: counts,
    zones: {
      total: zones.length,
      live: live.size,
      createdInWindow: zones.filter((z) => z.createdInWindow).length,
      deleted: zones.filter((z) => z.deleted).length,
      driftEntries: zones.reduce((n, z) => n + z.drift.length, 0),
    },
  };
}
