/**
 * JSON output of the forensics commands, terminal-safe (terminalSafeJson).
 */
import { VERSION } from '../version.js';
import { FORENSICS_REPORT_VERSION } from '../../forensics/event-info.js';
import { terminalSafeJson } from '../terminal-text.js';

/** `value` as indented JSON with a trailing newline, terminal-safe. */
export function safeJson(value: unknown): string {
  return terminalSafeJson(JSON.stringify(value, null, 2)) + '\n';
}

/**
 * A forensics report: `{ "zoneReplay": { "version", "reportVersion", "report" }, ...body }`.
 * `report` is `log`, `blame` or `timeline`.
 */
export function forensicsJson(report: 'log' | 'blame' | 'timeline', body: Record<string, unknown>): string {
  return safeJson({ zoneReplay: { version: VERSION, reportVersion: FORENSICS_REPORT_VERSION, report }, ...body });
}
