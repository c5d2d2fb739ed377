/**
 * The JSON documents commands print: terminal-safe (terminalSafeJson), and
 * reports headed `{ "zoneReplay": { "version", "reportVersion", "report" } }`.
 */
import { VERSION } from '../version.js';
import { FORENSICS_REPORT_VERSION } from '../../forensics/event-info.js';
import { REPORT_VERSION } from '../../formats/report-json.js';
import { terminalSafeJson } from '../terminal-text.js';

/** `value` as indented JSON with a trailing newline, terminal-safe. */
export function safeJson(value: unknown): string {
  return terminalSafeJson(JSON.stringify(value, null, 2)) + '\n';
}

/** A report: `{ "zoneReplay": { "version", "reportVersion", "report" }, ...body }`, terminal-safe. */
export function reportJson(report: string, body: object, reportVersion: number = REPORT_VERSION): string {
  return safeJson({ zoneReplay: { version: VERSION, reportVersion, report }, ...body });
}

/** A forensics report; `report` is `log`, `blame` or `timeline`. */
export function forensicsJson(report: 'log' | 'blame' | 'timeline', body: Record<string, unknown>): string {
  return reportJson(report, body, FORENSICS_REPORT_VERSION);
}
