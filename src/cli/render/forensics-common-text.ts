/**
 * Pieces of text shared by `log`, `blame` and `timeline`: who made a call
 * (with the assumed-role session, its issuer and the invoking service), from
 * where, and which event. Everything taken from the logs goes through
 * safeText.
 */
import type { ActorInfo, EventInfo } from '../../forensics/event-info.js';
import { safeText } from '../terminal-text.js';

/** The actor with its identity details, one line. */
export function actorText(a: ActorInfo): string {
  const details: string[] = [];
  if (a.type !== null) details.push(a.type);
  if (a.arn !== null) details.push(a.arn);
  const parts = [`${a.name}${details.length > 0 ? ` (${details.join(' ')})` : ''}`];
  if (a.sessionName !== null || a.sessionIssuer !== null) {
    const issuer = a.sessionIssuer;
    const from = issuer !== null ? ` issued by ${[issuer.type, issuer.arn ?? issuer.userName].filter((s) => s !== null).join(' ')}` : '';
    parts.push(`session ${a.sessionName ?? '?'}${from}`);
  }
  if (a.invokedBy !== null) parts.push(`invoked by ${a.invokedBy}`);
  return safeText(parts.join('; '));
}

/** Source IP and user agent, one line (the agent quoted, so spaces and escapes are visible). */
export function originText(e: EventInfo): string {
  const ip = e.sourceIPAddress ?? 'unknown address';
  const ua = e.userAgent !== null ? ` with ${JSON.stringify(e.userAgent)}` : '';
  return safeText(`${ip}${ua}`);
}

/** The event's identity: eventID, call, change id, and where it was read. */
export function eventRefText(e: EventInfo): string {
  const change = e.changeId !== null ? `, change ${e.changeId}` : '';
  return safeText(`${e.eventId} ${e.eventName}${change} (${e.file}#${e.index})`);
}

/** Who, when, from where, which event (without the input file): one line for lists. */
export function eventLineText(e: EventInfo): string {
  const change = e.changeId !== null ? `, change ${e.changeId}` : '';
  return `${safeText(e.eventTime)} by ${actorText(e.actor)} from ${originText(e)}, event ${safeText(`${e.eventId} ${e.eventName}${change}`)}`;
}
