/**
 * The completeness report as text for people: every line escaped, colour
 * only when the terminal allows it.
 */
import type { Completeness } from '../../views/completeness.js';
import { safeText, type Paint } from '../terminal-text.js';

const MAX_LISTED = 20;

function section<T>(title: string, items: readonly T[], line: (t: T) => string, p: Paint): string[] {
  if (items.length === 0) return [`  ${title}: none`];
  const out = [`  ${p.yellow(`${title} (${items.length})`)}:`];
  for (const item of items.slice(0, MAX_LISTED)) out.push(`    - ${line(item)}`);
  if (items.length > MAX_LISTED) out.push(`    … and ${items.length - MAX_LISTED} more (--format json lists all)`);
  return out;
}

/** The report, one line per fact, each line prefixed by `prefix` (`; ` for zone files). */
export function completenessText(c: Completeness, p: Paint, prefix = ''): string {
  const at = (r: { eventTime?: string; eventId?: string; actor?: string }) =>
    r.eventTime !== undefined ? `${safeText(r.eventTime)} ${safeText(r.actor ?? '')} (event ${safeText(r.eventId ?? '')})` : '';
  const lines: string[] = [];
  lines.push(p.bold('Completeness (best effort, never authoritative)'));
  lines.push(
    c.lowerBound
      ? `  ${p.yellow('LOWER BOUND')}: the zone's creation is not in the logs; sets created before the logs begin are missing unless a later change proves them`
      : '  creation: in the logs (CreateHostedZone); default SOA/NS synthesized from its delegation set',
  );
  const name = c.zoneName.value !== undefined ? `${safeText(c.zoneName.value)} (${c.zoneName.source === 'inferred' ? p.yellow('inferred from record names') : 'from the logs'})` : p.yellow('unknown');
  lines.push(`  zone name: ${name}`);
  lines.push(`  inputs span: ${c.inputSpan.first ?? '?'} .. ${c.inputSpan.last ?? '?'}; ${c.eventsReplayed} event(s) of this zone replayed; ${c.duplicatesDropped} duplicate record(s) dropped`);
  lines.push(
    c.coverage === 'not-verified'
      ? `  coverage: ${p.yellow('not proved')} (no digest validation; run zone-replay verify on the trail with its CloudTrail-Digest files)`
      : // The intervals are what the digests prove either way: say which they are, not "not proved … for" them.
        `  coverage: ${c.coverage.coversAt ? `${p.green('proved')} by digests for` : `${p.yellow('not proved')} up to this instant; digests prove`} ${c.coverage.proved.map((i) => `[${i.start} .. ${i.end}]`).join(', ') || 'no interval'}` +
          (c.coverage.verification === undefined
            ? ''
            : `; ${c.coverage.verification.failures > 0 ? p.red(`${c.coverage.verification.failures} file(s) failed validation (run zone-replay verify)`) : 'every file verified'}, ${c.coverage.verification.signed === 'all' ? 'signed' : 'signatures not checked (zone-replay verify --public-keys)'}`),
  );
  if (c.coverage !== 'not-verified') {
    for (const t of c.coverage.trailsNotCounted ?? []) {
      lines.push(
        `  ${p.yellow('not counted')}: the digests of trail ${safeText(t.trail)} (${safeText(t.account)}, ${safeText(t.region)}): its logs lack ${t.missing} Route 53 change(s) other logs hold, delivered in times it proves complete (event ${safeText(t.example)}, say): its event selectors appear to keep only some calls`,
      );
    }
  }
  lines.push(...section('failed calls (not applied)', c.failedCalls, (f) => `${at(f)} ${safeText(f.eventName)}: ${safeText(f.errorCode)}${f.errorMessage ? ` — ${safeText(f.errorMessage)}` : ''}`, p));
  lines.push(...section('batches Route 53 would have rejected (not applied)', c.rejectedBatches, (r) => `${at(r)}: ${r.reasons.map(safeText).join('; ')}`, p));
  lines.push(...section('known gaps', c.gaps, (g) => `${at(g)} ${safeText(g.eventName)}: ${safeText(g.reason)}`, p));
  lines.push(...section('sets inferred from DELETE/UPSERT evidence', c.inferredSets, (s) => `${at(s)}: ${safeText(s.message)}`, p));
  lines.push(...section('redacted or invalid values (kept as logged)', c.redactedValues, (v) => `${at(v)} ${safeText(v.key)} ${JSON.stringify(safeText(v.value))}: ${safeText(v.reason)}`, p));
  lines.push(...section('anomalies', c.anomalies, (a) => `${at(a)}${a.eventTime ? ': ' : ''}${safeText(a.message)}`, p));
  lines.push(...section('unreadable inputs', c.unreadableInputs, (u) => `${safeText(u.file)}: ${safeText(u.message)}`, p));
  if (c.listedUntilDay !== undefined) {
    lines.push(`  ${p.yellow('not read')}: s3:// logs delivered after ${c.listedUntilDay} (listed up to the instant asked for); a DELETE in them could prove more sets existed at this instant`);
  }
  if (c.regionsNotRead.length > 0) {
    lines.push(`  not read: the trail's folders for ${c.regionsNotRead.map(safeText).join(', ')} (CloudTrail records Route 53 in us-east-1 only; --all-regions reads them)`);
  }
  if (c.synthesizedSets.length > 0) lines.push(`  synthesized by zone-replay (Route 53 defaults, no event lists them): ${c.synthesizedSets.map(safeText).join(', ')}`);
  lines.push(`  note: ${c.note}`);
  return lines.map((l) => prefix + l).join('\n') + '\n';
}
