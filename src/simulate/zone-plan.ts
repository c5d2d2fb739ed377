/**
 * The hosted zones of a simulation: names, ids, delegation sets, whether
 * they existed before the window, and when they are created and deleted.
 * Lifecycle calls are placed away from the missing day and from midnight,
 * so they are always written (a replay must know which zones exist).
 */
import { DAY, HOUR, MINUTE, SECOND, dayString, isoSeconds } from './clock.js';
import { hash32 } from './prng.js';
import type { Rng } from './prng.js';
import { makeSet, type SimSet } from './zones.js';

/** One hosted zone's plan. */
export interface ZonePlan {
  readonly id: string;
  /** Canonical name with trailing dot. */
  readonly name: string;
  /** Delegation set as the API returns it: no trailing dots. */
  readonly nameServers: readonly string[];
  readonly callerReference: string;
  readonly comment: string;
  /** Existed before the window (no CreateHostedZone in the log). */
  readonly preWindow: boolean;
  readonly createAt?: number;
  /** Batch deleting its records, shortly before deleteAt. */
  readonly cleanupAt?: number;
  readonly deleteAt?: number;
}

const SUBS = ['acme', 'northwind', 'tailspin', 'fabrikam', 'wingtip', 'litware', 'adatum', 'proseware', 'fourthcoffee', 'woodgrove'];
const PARENTS = ['example.com.', 'example.net.', 'example.org.'];

/** A zone id like Route 53's: old 14-character or new 21-character form. */
export function zoneId(rng: Rng): string {
  return rng.chance(0.5) ? 'Z' + rng.upper(13) : 'Z0' + rng.chars('0123456789', 7) + rng.upper(12);
}

/** Four awsdns name servers, one per TLD, in random order (no trailing dots). */
export function nameServers(rng: Rng): string[] {
  const tlds = ['com', 'net', 'org', 'co.uk'];
  const list = tlds.map((tld, i) => `ns-${rng.int(i * 512, i * 512 + 511)}.awsdns-${String(rng.int(0, 63)).padStart(2, '0')}.${tld}`);
  return rng.shuffle(list);
}

/** A calendar-aware picker of safe instants for lifecycle calls. */
function safeTime(rng: Rng, lo: number, hi: number, missingDay: string | null): number {
  for (let i = 0; i < 200; i++) {
    const t = lo + Math.floor((rng.next() * (hi - lo)) / SECOND) * SECOND;
    const hour = new Date(t).getUTCHours();
    if (hour >= 2 && hour <= 21 && dayString(t) !== missingDay) return t;
  }
  // Tiny windows: fall back to 10:00 on the first allowed day.
  for (let day = Math.floor(lo / DAY) * DAY; ; day += DAY) {
    if (dayString(day) !== missingDay && day + 10 * HOUR >= lo) return day + 10 * HOUR;
  }
}

/** Plans `count` zones in [start, end): zone 0 always pre-window and kept. */
export function planZones(rng: Rng, count: number, start: number, end: number, missingDay: string | null): ZonePlan[] {
  const span = end - start;
  const used = new Set<string>();
  const plans: ZonePlan[] = [];
  for (let i = 0; i < count; i++) {
    let name = `${SUBS[i % SUBS.length]}${i >= SUBS.length ? String(Math.floor(i / SUBS.length) + 1) : ''}.${rng.pick(PARENTS)}`;
    while (used.has(name)) name = `z${rng.lower(4)}-${name}`;
    used.add(name);
    const preWindow = i === 0 || (count > 2 && i % 3 === 2);
    const deleted = i > 0 && count >= 3 && i % 4 === 3;
    const plan: { -readonly [K in keyof ZonePlan]: ZonePlan[K] } = {
      id: zoneId(rng),
      name,
      nameServers: nameServers(rng),
      callerReference: rng.chance(0.5) ? rng.uuid().toUpperCase() : `terraform-${rng.chars('0123456789', 26)}`,
      comment: rng.pick(['Managed by Terraform', 'production', 'HostedZone created by Route53 Registrar', '']),
      preWindow,
    };
    if (!preWindow) plan.createAt = safeTime(rng, start + HOUR, start + Math.max(2 * HOUR, span * 0.4), missingDay);
    if (deleted) {
      const earliest = Math.max(plan.createAt ?? start, start + span * 0.8);
      plan.deleteAt = safeTime(rng, earliest + 30 * MINUTE, Math.max(earliest + 31 * MINUTE, end - 30 * MINUTE), missingDay);
      plan.cleanupAt = plan.deleteAt - rng.int(60, 240) * SECOND;
    }
    plans.push(plan);
  }
  return plans;
}

/** The records a zone starts with (pre-window content, or the first Terraform batch of a new zone). */
export function initialSets(rng: Rng, zone: ZonePlan): SimSet[] {
  const apex = zone.name;
  const ip = () => `${rng.pick(['3', '18', '34', '52', '54'])}.${rng.int(0, 255)}.${rng.int(0, 255)}.${rng.int(1, 254)}`;
  const sets: SimSet[] = [
    makeSet({ name: apex, type: 'A', ttl: 300, values: [ip(), ip()] }),
    makeSet({ name: 'www.' + apex, type: 'CNAME', ttl: 300, values: [apex] }),
    makeSet({ name: apex, type: 'MX', ttl: 3600, values: [`10 mail.${apex}`, `20 mail2.${apex}`] }),
    makeSet({ name: apex, type: 'TXT', ttl: 300, values: ['"v=spf1 include:amazonses.com ~all"'] }),
    makeSet({ name: 'mail.' + apex, type: 'A', ttl: 3600, values: [ip()] }),
    makeSet({ name: 'mail2.' + apex, type: 'A', ttl: 3600, values: [ip()] }),
  ];
  if (rng.chance(0.6)) sets.push(makeSet({ name: '*.apps.' + apex, type: 'CNAME', ttl: 60, values: [`ingress.${apex}`] }));
  if (rng.chance(0.5)) sets.push(makeSet({ name: 'ingress.' + apex, type: 'A', ttl: 60, values: [ip()] }));
  if (rng.chance(0.5)) sets.push(makeSet({ name: '_dmarc.' + apex, type: 'TXT', ttl: 3600, values: [`"v=DMARC1; p=quarantine; rua=mailto:dmarc@${apex.slice(0, -1)}"`] }));
  return sets;
}

/**
 * What a zone's creator sends in CreateHostedZone. Terraform: its UniqueId, `terraform-` + the UTC
 * time to 1/10000 s (`20060102150405.0000` without the dot) + an 8-hex-digit counter, and the
 * provider's default comment "Managed by Terraform". The console: a UUID, and the comment typed,
 * if any ("HostedZone created by Route53 Registrar" is the registrar's, for zones it creates).
 */
export function creationRequest(zone: ZonePlan, byTerraform: boolean, time: number): { callerReference: string; comment: string } {
  if (byTerraform) {
    const stamp = isoSeconds(time).replace(/[-:TZ]/g, '') + String(hash32('caller reference', zone.id) % 10000).padStart(4, '0');
    return { callerReference: `terraform-${stamp}00000001`, comment: 'Managed by Terraform' };
  }
  let callerReference = zone.callerReference;
  if (callerReference.startsWith('terraform-')) {
    const hex = [0, 1, 2, 3].map((i) => hash32('caller reference', zone.id, i).toString(16).padStart(8, '0')).join('').toUpperCase();
    callerReference = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }
  const comment = zone.comment === 'Managed by Terraform' || zone.comment.startsWith('HostedZone created by') ? '' : zone.comment;
  return { callerReference, comment };
}
