/**
 * A one-line progress display for reading a trail: rewritten in place on
 * stderr (`\r` + erase line), at most ~10 times a second, only when stderr
 * is a terminal and the user did not ask for quiet. Otherwise it writes
 * nothing, so pipes and log files stay clean.
 */
import type { IngestProgress } from '../sources/index.js';
import type { CliIO } from './io.js';

/** Shortest time between two redraws. */
const REDRAW_MS = 100;
const CLEAR_LINE = '\r\u001b[2K';
const MB = 1024 * 1024;

/** What a progress line shows: ingest's progress, or another reading's (verify's hashing) without events. */
export type Progress = Omit<IngestProgress, 'route53Records'> & { readonly route53Records?: number };

/** Updates and clears the progress line. */
export interface ProgressReporter {
  /** False when nothing is ever drawn: callers need not compute progress for it. */
  readonly shows: boolean;
  update(p: Progress): void;
  /** Erases the line (if one was drawn); later updates are ignored. */
  done(): void;
}

/** "1m 05s", "42s", "2h 03m". */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(m / 60)}h ${String(m % 60).padStart(2, '0')}m`;
}

/** The progress line's text (no control characters); `doing` names the work ("Reading", "Hashing"). */
export function progressLine(p: Progress, doing = 'Reading'): string {
  const seconds = p.elapsedMs / 1000;
  const mbDone = p.bytesDone / MB;
  const parts = [
    `${p.filesDone}/${p.filesTotal}${p.listing === true ? '+' : ''} files`,
    p.bytesTotal > 0 ? `${mbDone.toFixed(1)}/${(p.bytesTotal / MB).toFixed(1)} MB` : `${mbDone.toFixed(1)} MB`,
  ];
  if (p.route53Records !== undefined) parts.push(`${p.route53Records} Route 53 event${p.route53Records === 1 ? '' : 's'}`);
  if (seconds >= 0.5) parts.push(`${(mbDone / seconds).toFixed(1)} MB/s`);
  // Time left from bytes when sizes are known, else from files.
  const fraction = p.bytesTotal > 0 ? p.bytesDone / p.bytesTotal : p.filesTotal > 0 ? p.filesDone / p.filesTotal : 0;
  if (p.listing !== true && fraction > 0 && fraction < 1 && seconds >= 1) {
    const leftMs = (p.elapsedMs * (1 - fraction)) / fraction;
    // "0s left" while files remain reads as done.
    parts.push(leftMs < 500 ? 'under 1s left' : `${formatDuration(leftMs)} left`);
  }
  return `${doing} ${parts.join(' · ')}`;
}

const SILENT: ProgressReporter = { shows: false, update() {}, done() {} };

/**
 * A progress line on `io.stderr` when `io.progress` (stderr is a TTY) and not
 * `quiet`; a reporter that writes nothing otherwise. Redraws are throttled by
 * the progress's own elapsed time, except the last file's, which always shows.
 */
export function progressReporter(io: CliIO, opts: { quiet?: boolean; doing?: string }): ProgressReporter {
  if (!io.progress || opts.quiet === true) return SILENT;
  let drawnAt = -Infinity;
  let drawn = false;
  let finished = false;
  return {
    shows: true,
    update(p) {
      if (finished) return;
      const last = p.filesTotal > 0 && p.filesDone >= p.filesTotal;
      if (!last && p.elapsedMs - drawnAt < REDRAW_MS) return;
      drawnAt = p.elapsedMs;
      drawn = true;
      io.stderr.write(CLEAR_LINE + progressLine(p, opts.doing));
    },
    done() {
      if (drawn && !finished) io.stderr.write(CLEAR_LINE);
      finished = true;
    },
  };
}
