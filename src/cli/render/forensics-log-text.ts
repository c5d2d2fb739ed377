/**
 * `log` as text: one block per change, oldest first — the set before and
 * after, the action and its status, who, from where and which event.
 */
import type { LogEntry, RecordLog } from '../../forensics/record-log.js';
import { describeRecordSet, type RecordSet } from '../../model/record-set.js';
import { safeText, type Paint } from '../terminal-text.js';
import { actorText, eventLineText, eventRefText, originText } from './forensics-common-text.js';
import { contentText, provedText } from './snapshot-text.js';

function statusText(e: LogEntry, p: Paint): string {
  switch (e.status) {
    case 'applied':
      return p.green('applied');
    case 'rejected':
      return p.red('REJECTED (not applied)');
    case 'failed':
      return p.red('FAILED (not applied)');
    case 'zone-created':
      return 'created with the zone (Route 53 default)';
    case 'zone-deleted':
      return p.yellow('removed with the zone');
  }
}

function setText(rs: RecordSet | null, none: string): string {
  return rs === null ? none : contentText(rs);
}

function entryText(e: LogEntry, lowerBound: boolean, p: Paint): string[] {
  const label = safeText(describeRecordSet({ name: e.name, type: e.type, ...(e.setIdentifier !== null ? { setIdentifier: e.setIdentifier } : {}) }));
  const out = [`${p.bold(safeText(e.event.eventTime))}  ${p.bold(e.action)} ${p.cyan(label)}  ${statusText(e, p)}`];
  const unknownBefore = lowerBound && e.action !== 'CREATE' ? '(none known: the set may have existed before the logs)' : '(none)';
  const beforeNote = e.beforeOrigin === 'inferred' ? p.dim(` (${provedText({ since: e.beforeSince })})`) : e.beforeOrigin === 'synthesized' ? p.dim(' (Route 53 default)') : '';
  out.push(`    before:    ${setText(e.before, unknownBefore)}${e.before !== null ? beforeNote : ''}`);
  if (e.status === 'rejected' || e.status === 'failed') {
    out.push(`    requested: ${setText(e.requested, '(not logged)')}`);
    for (const r of e.reasons) out.push(`    ${p.red('reason')}:    ${safeText(r)}`);
  } else {
    out.push(`    after:     ${setText(e.after, '(deleted)')}`);
    if (e.action === 'DELETE' && e.requested !== null && e.before === null) out.push(`    requested: ${setText(e.requested, '')}`);
  }
  out.push(`    by:        ${actorText(e.event.actor)}`);
  out.push(`    from:      ${originText(e.event)}`);
  out.push(`    event:     ${eventRefText(e.event)}${e.comment !== null ? `, comment ${safeText(JSON.stringify(e.comment))}` : ''}`);
  return out;
}

/** The whole log. */
export function recordLogText(log: RecordLog, p: Paint): string {
  const out: string[] = [];
  const zone = `${log.zoneName !== null ? safeText(log.zoneName) : '(name unknown)'}${log.nameSource === 'inferred' ? ' (name inferred)' : ''} ${safeText(log.zoneId)}`;
  const what = [log.query.name !== null ? `name ${safeText(log.query.name)}` : 'every record set', log.query.type !== null ? `type ${safeText(log.query.type)}` : null]
    .filter((s) => s !== null)
    .join(', ');
  const window = [log.query.since !== null ? `since ${log.query.since}` : null, log.query.until !== null ? `until ${log.query.until}` : null].filter((s) => s !== null).join(' ');
  out.push(p.bold(`Changes to ${what} in zone ${zone}`) + p.dim(' — oldest first; reconstructed from CloudTrail, best effort'));
  out.push(`${log.entries.length} change(s)${window !== '' ? ` ${window}` : ''}`);
  out.push('');
  for (const e of log.entries) out.push(...entryText(e, log.lowerBound, p), '');
  if (log.entries.length === 0) out.push(p.dim('(no change to the matching record sets in the logs)'), '');
  if (log.gaps.length > 0) {
    out.push(p.yellow(`Known gaps (${log.gaps.length}): these calls changed records without a readable change list, and may have touched these sets:`));
    for (const g of log.gaps) out.push(`    - ${eventLineText(g.event)}: ${safeText(g.reason)}`);
  }
  if (log.lowerBound) out.push(p.yellow("LOWER BOUND: the zone's creation is not in the logs; changes before the logs begin are unknown"));
  out.push(p.dim(`note: ${log.note}`));
  return out.join('\n') + '\n';
}
