/**
 * `timeline` as text: per zone, its life (created / deleted), a compact
 * table of actors, a bar per active day, a sparkline over the whole span,
 * and the failed calls, rejected batches, gaps and anomalies. Plain
 * characters only; colour only through Paint.
 */
import type { ActivityReport, DayActivity, ZoneActivity } from '../../forensics/timeline.js';
import { safeText, type Paint } from '../terminal-text.js';
import { eventLineText } from './forensics-common-text.js';

const BAR_WIDTH = 30;
const SPARK_WIDTH = 60;
const MAX_LISTED = 20;
/** Sparkline levels: `.` is a day without activity, then ascending. */
const RAMP = ':-=+*#%@';
const DAY = 86_400_000;

function table(header: string[], rows: string[][], p: Paint, right: ReadonlySet<number>): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => (right.has(i) ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ').trimEnd();
  return [p.bold(line(header)), ...rows.map(line)];
}

/** Activity of a day as the bar and sparkline count it: calls that changed the zone. */
const changed = (d: DayActivity) => d.batches + d.zoneCalls;

/** A sparkline of `values` in plain characters, at most SPARK_WIDTH wide (buckets keep their maximum). */
export function sparkline(values: readonly number[]): string {
  const bucket = Math.max(1, Math.ceil(values.length / SPARK_WIDTH));
  const cols: number[] = [];
  for (let i = 0; i < values.length; i += bucket) cols.push(Math.max(...values.slice(i, i + bucket)));
  const max = Math.max(0, ...cols);
  return cols.map((v) => (v <= 0 ? '.' : RAMP[Math.min(RAMP.length - 1, Math.ceil((v / max) * RAMP.length) - 1)]!)).join('');
}

function sparkSeries(z: ZoneActivity): { first: string; last: string; values: number[]; perColumn: number } | undefined {
  const first = z.days[0]?.day;
  const last = z.days[z.days.length - 1]?.day;
  if (first === undefined || last === undefined) return undefined;
  const start = Date.parse(`${first}T00:00:00Z`);
  const span = Math.round((Date.parse(`${last}T00:00:00Z`) - start) / DAY) + 1;
  // Very long spans are summed per bucket before the sparkline, so memory stays small.
  const perColumn = Math.max(1, Math.ceil(span / SPARK_WIDTH));
  const values = new Array<number>(Math.ceil(span / perColumn)).fill(0);
  for (const d of z.days) {
    const i = Math.floor(Math.round((Date.parse(`${d.day}T00:00:00Z`) - start) / DAY) / perColumn);
    values[i] = (values[i] ?? 0) + changed(d);
  }
  return { first, last, values, perColumn };
}

function section<T>(title: string, items: readonly T[], line: (t: T) => string, p: Paint): string[] {
  if (items.length === 0) return [];
  const out = [p.yellow(`${title} (${items.length}):`)];
  for (const item of items.slice(0, MAX_LISTED)) out.push(`  - ${line(item)}`);
  if (items.length > MAX_LISTED) out.push(`  … and ${items.length - MAX_LISTED} more (--format json lists all)`);
  return out;
}

/** One zone's block. */
export function zoneActivityText(z: ZoneActivity, p: Paint): string {
  const out: string[] = [];
  const name = z.zoneName !== null ? `${safeText(z.zoneName)}${z.nameSource === 'inferred' ? ' (name inferred)' : ''}` : '(name unknown)';
  out.push(p.bold(`Zone ${name} ${safeText(z.zoneId)}`) + p.dim(` — ${z.events} event(s), ${safeText(z.firstEvent ?? '-')} .. ${safeText(z.lastEvent ?? '-')}`));
  out.push(`  created: ${z.created !== null ? eventLineText(z.created) : p.yellow('before the logs (snapshots are lower bounds)')}`);
  out.push(`  deleted: ${z.deleted !== null ? p.red(eventLineText(z.deleted)) : 'no'}`);
  const t = z.totals;
  const warn = (n: number, s: string) => (n > 0 ? p.yellow(s) : s);
  out.push(
    `  ${t.batches} change batch(es) applied (${t.changes} change(s)), ${t.zoneCalls} zone call(s); ` +
      `${warn(t.rejected, `${t.rejected} rejected`)}, ${warn(t.failed, `${t.failed} failed`)}, ${warn(t.gaps, `${t.gaps} gap(s)`)}, ${warn(z.anomalies.length, `${z.anomalies.length} anomaly(ies)`)}`,
  );
  out.push('');
  if (z.actors.length > 0) {
    const rows = z.actors.map((a) => [
      safeText(a.actor),
      safeText(a.identityType ?? '-'),
      String(a.batches),
      String(a.changes),
      String(a.rejected),
      String(a.failed),
      String(a.gaps),
      String(a.zoneCalls),
      safeText(a.first),
      safeText(a.last),
    ]);
    out.push(...table(['ACTOR', 'TYPE', 'BATCHES', 'CHANGES', 'REJECTED', 'FAILED', 'GAPS', 'ZONE', 'FIRST', 'LAST'], rows, p, new Set([2, 3, 4, 5, 6, 7])).map((l) => '  ' + l));
    out.push('');
  }
  if (z.days.length > 0) {
    const max = Math.max(1, ...z.days.map(changed));
    out.push(p.bold('  DAY (UTC)   CHANGES TO THE ZONE (batches + zone calls)'));
    for (const d of z.days) {
      const n = changed(d);
      const bar = '#'.repeat(n === 0 ? 0 : Math.max(1, Math.round((n / max) * BAR_WIDTH))).padEnd(BAR_WIDTH);
      const who = d.actors.filter((a) => a.batches + a.zoneCalls > 0).map((a) => `${safeText(a.actor)} ${a.batches + a.zoneCalls}`).join(', ');
      const bad = [d.rejected > 0 ? p.yellow(`${d.rejected} rejected`) : '', d.failed > 0 ? p.red(`${d.failed} failed`) : '', d.gaps > 0 ? p.yellow(`${d.gaps} gap(s)`) : ''].filter((s) => s !== '');
      out.push(`  ${d.day}  ${bar} ${String(n).padStart(3)}  ${who}${bad.length > 0 ? `  (${bad.join(', ')})` : ''}`);
    }
    const spark = sparkSeries(z);
    if (spark !== undefined) {
      const unit = spark.perColumn === 1 ? 'one character per day' : `one character per ${spark.perColumn} days`;
      out.push(`  ${spark.first} [${sparkline(spark.values)}] ${spark.last}` + p.dim(`  (${unit}; . = none)`));
    }
    out.push('');
  }
  const ref = (r: { eventTime?: string; actor?: string; eventId?: string }) => `${safeText(r.eventTime ?? '')} ${safeText(r.actor ?? '')} (event ${safeText(r.eventId ?? '?')})`;
  out.push(...section('  failed calls', z.failedCalls, (f) => `${ref(f)} ${safeText(f.eventName)}: ${safeText(f.errorCode)}${f.errorMessage ? ` — ${safeText(f.errorMessage)}` : ''}`, p));
  out.push(...section('  rejected batches', z.rejectedBatches, (r) => `${ref(r)}: ${r.reasons.map(safeText).join('; ')}`, p));
  out.push(...section('  gaps', z.gaps, (g) => `${ref(g)} ${safeText(g.eventName)}: ${safeText(g.reason)}`, p));
  out.push(...section('  anomalies', z.anomalies, (a) => `${a.eventTime !== undefined ? ref(a) + ': ' : ''}${safeText(a.message)}`, p));
  return out.join('\n').trimEnd() + '\n';
}

/** Every zone's block. */
export function activityReportText(r: ActivityReport, p: Paint): string {
  if (r.zones.length === 0) return 'No Route 53 hosted-zone events in the inputs.\n';
  const head = p.bold(`Timeline of ${r.zones.length} zone(s)`) + p.dim(` — ${r.firstDay ?? '-'} .. ${r.lastDay ?? '-'} (UTC); reconstructed from CloudTrail, best effort`);
  return [head, '', ...r.zones.map((z) => zoneActivityText(z, p))].join('\n');
}
