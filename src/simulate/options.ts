/** Options of a simulation: defaults and checks, with errors that say which option is wrong. */
import { DEFAULT_START, parseInstant } from './clock.js';

/** What `simulate` accepts. */
export interface SimulateOptions {
  /** Output folder. */
  out: string;
  seed?: number;
  zones?: number;
  days?: number;
  /** About this many Route 53 change events (ChangeResourceRecordSets, failed ones included). */
  events?: number;
  /** Route 53 records as a share of all records (0 < F <= 1). */
  route53Share?: number;
  /** Out-of-band drift items; > 0 also drops one day's log files when days >= 3. */
  drift?: number;
  /** Approximate uncompressed size of the trail in MiB; overrides the noise volume from route53Share. */
  sizeMb?: number;
  /** Window start, ISO-8601 UTC. */
  start?: string;
}

/** The options with defaults filled in and checked. */
export interface ResolvedOptions {
  readonly out: string;
  readonly seed: number;
  readonly zones: number;
  readonly days: number;
  readonly events: number;
  readonly route53Share: number;
  readonly drift: number;
  readonly sizeMb: number | null;
  readonly start: string;
  readonly startMs: number;
}

/** Defaults used when an option is not given. */
export const DEFAULTS = { seed: 1, zones: 4, days: 7, events: 200, route53Share: 0.01, drift: 3, start: DEFAULT_START } as const;

/** An option out of range or malformed. */
export class SimulateOptionsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SimulateOptionsError';
  }
}

function integer(name: string, value: number | undefined, fallback: number, min: number, max: number): number {
  const v = value ?? fallback;
  if (!Number.isSafeInteger(v) || v < min || v > max) {
    throw new SimulateOptionsError(`--${name} must be a whole number from ${min} to ${max}, found ${String(value)}`);
  }
  return v;
}

/** Fills in defaults and checks ranges. Throws SimulateOptionsError. */
export function resolveOptions(o: SimulateOptions): ResolvedOptions {
  if (typeof o.out !== 'string' || o.out === '') throw new SimulateOptionsError('--out is required');
  const share = o.route53Share ?? DEFAULTS.route53Share;
  if (!(typeof share === 'number' && share > 0 && share <= 1)) {
    throw new SimulateOptionsError(`--route53-share must be a number above 0 and at most 1, found ${String(o.route53Share)}`);
  }
  const sizeMb = o.sizeMb ?? null;
  if (sizeMb !== null && !(typeof sizeMb === 'number' && sizeMb > 0 && sizeMb <= 1_000_000)) {
    throw new SimulateOptionsError(`--size-mb must be a number above 0, found ${String(o.sizeMb)}`);
  }
  const start = o.start ?? DEFAULTS.start;
  const startMs = parseInstant(start);
  if (startMs === undefined) throw new SimulateOptionsError(`--start must be an ISO-8601 UTC instant like ${DEFAULT_START}, found ${JSON.stringify(start)}`);
  return {
    out: o.out,
    seed: integer('seed', o.seed, DEFAULTS.seed, 0, 2 ** 32 - 1),
    zones: integer('zones', o.zones, DEFAULTS.zones, 1, 1000),
    days: integer('days', o.days, DEFAULTS.days, 1, 366),
    events: integer('events', o.events, DEFAULTS.events, 0, 1_000_000),
    route53Share: share,
    drift: integer('drift', o.drift, DEFAULTS.drift, 0, 100_000),
    sizeMb,
    start: new Date(startMs).toISOString().replace('.000Z', 'Z'),
    startMs: startMs - (startMs % 1000),
  };
}
