/**
 * A zone diff as text: summary, each difference with its classification and
 * evidence, apex differences apart, the unified diff of canonical zone text,
 * and the replay's completeness report.
 */
import { describeRecordSet } from '../../model/record-set.js';
import type { ClassifiedDifference } from '../../diff/classify.js';
import { countsAsDrift, summarize, type ZoneDiff } from '../../diff/zone-diff.js';
import { unifiedZoneDiff } from '../../diff/zone-text.js';
import { safeText, type Paint } from '../terminal-text.js';
import { completenessText } from './completeness-text.js';
import { contentText } from './snapshot-text.js';

const SIGN = { added: '+', removed: '-', changed: '~' } as const;

function differenceLines(d: ClassifiedDifference, p: Paint): string[] {
  const rs = (d.from ?? d.to)!;
  const color = d.kind === 'added' ? p.green : d.kind === 'removed' ? p.red : p.yellow;
  const out = [color(`${SIGN[d.kind]} ${safeText(describeRecordSet(rs))}`) + `  [${d.classification}]`];
  if (d.from !== undefined) out.push(`    replay: ${contentText(d.from)}`);
  if (d.to !== undefined) out.push(`    other:  ${contentText(d.to)}`);
  if (d.kind === 'changed') out.push(`    fields: ${d.fields.join(', ')}${d.valuesAdded.length + d.valuesRemoved.length > 0 ? `; values +${d.valuesAdded.length} -${d.valuesRemoved.length}` : ''}`);
  out.push(p.dim(`    ${safeText(d.explanation)}`));
  return out;
}

/** The diff for people. */
export function diffText(d: ZoneDiff, p: Paint): string {
  const s = summarize(d);
  const out: string[] = [];
  out.push(p.bold(`Diff of ${safeText(d.zoneName ?? '(name unknown)')} ${safeText(d.zoneId)}`));
  out.push(`  --- ${safeText(d.fromLabel)}`);
  out.push(`  +++ ${safeText(d.toLabel)}`);
  const none = s.added + s.removed + s.changed === 0;
  out.push(none ? p.green('No differences outside the apex.') : `${s.added} added, ${s.removed} removed, ${s.changed} changed (${s.ttlOnly} TTL only); ${s.apex} apex difference(s) reported apart`);
  const main = d.differences.filter(countsAsDrift);
  const apex = d.differences.filter((x) => !countsAsDrift(x));
  // Line by line, not push(...lines): a zone of 100,000 sets gives more lines than a call takes arguments.
  if (main.length > 0) out.push('');
  for (const x of main) for (const line of differenceLines(x, p)) out.push(line);
  if (apex.length > 0) out.push('', p.dim('Apex SOA/NS the logs cannot tell (compared, reported apart; they do not change the exit status):'));
  for (const x of apex) for (const line of differenceLines(x, p)) out.push(line);
  const patch = unifiedZoneDiff(d.fromLabel, d.from, d.toLabel, d.to);
  if (!none || apex.length > 0) {
    out.push('', p.bold('Canonical zone text:'));
    for (const line of patch.split('\n').slice(1)) {
      const t = safeText(line);
      out.push(line.startsWith('+') ? p.green(t) : line.startsWith('-') ? p.red(t) : line.startsWith('@@') ? p.cyan(t) : t);
    }
  }
  out.push('', completenessText(d.snapshot.completeness, p));
  return out.join('\n');
}
