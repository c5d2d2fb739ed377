/**
 * `blame` as text: every record set of the snapshot with the change that
 * last set it (or why none is known), what it was before, then the
 * completeness report.
 */
import type { BlameLine, ZoneBlame } from '../../forensics/blame.js';
import { describeRecordSet } from '../../model/record-set.js';
import { safeText, type Paint } from '../terminal-text.js';
import { completenessText } from './completeness-text.js';
import { eventLineText } from './forensics-common-text.js';
import { contentText, provedText, zoneStatusText } from './snapshot-text.js';

function lineText(l: BlameLine, lowerBound: boolean, p: Paint): string[] {
  const out = [`${p.cyan(safeText(describeRecordSet(l.rrset)))}  ${contentText(l.rrset)}`];
  switch (l.attribution) {
    case 'change':
      out.push(`    ${p.bold(l.label)} ${l.lastChange !== null ? eventLineText(l.lastChange) : ''}`);
      out.push(
        `    before: ${l.previous !== null ? contentText(l.previous) + (l.previousOrigin === 'inferred' ? p.dim(` (${provedText({ since: l.previousSince })})`) : l.previousOrigin === 'synthesized' ? p.dim(' (Route 53 default)') : '') : noPrevious(l, lowerBound)}` +
          p.dim(`; ${l.changes} applied change(s) in the logs`),
      );
      break;
    case 'route53-default':
      out.push(`    ${p.dim(l.label)}: ${l.lastChange !== null ? eventLineText(l.lastChange) : ''}`);
      break;
    case 'older-than-logs':
    case 'since-gap':
      out.push(`    ${p.yellow(safeText(l.label))}: who set it is unknown${l.evidence !== null ? `; proved by ${eventLineText(l.evidence)}` : ''}`);
      break;
  }
  return out;
}

/** What to say when the last change replaced nothing the logs show. */
function noPrevious(l: BlameLine, lowerBound: boolean): string {
  return lowerBound && l.label !== 'CREATE' ? '(none known: it may have replaced a set from before the logs)' : '(none)';
}

/** The blame of one zone. */
export function blameText(b: ZoneBlame, p: Paint): string {
  const out: string[] = [];
  const name = b.zoneName !== null ? safeText(b.zoneName) : '(name unknown)';
  out.push(p.bold(`Blame of zone ${name} ${safeText(b.zoneId)} at ${b.at}`) + p.dim(' — reconstructed from CloudTrail, best effort'));
  out.push(`status: ${zoneStatusText(b.status, b.completeness.genesis, p)}; ${b.lines.length} record set(s)`);
  out.push('');
  for (const l of b.lines) out.push(...lineText(l, b.completeness.lowerBound, p));
  if (b.lines.length === 0) out.push(p.dim('(no record sets known at this instant)'));
  out.push('');
  out.push(completenessText(b.completeness, p));
  return out.join('\n');
}
