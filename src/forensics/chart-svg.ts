/**
 * The timeline as a self-contained SVG chart (or an HTML page with the SVG
 * inline): one panel per zone, stacked bars of change batches per UTC day,
 * one colour per actor, axis labels, legend and title. Made as text — no
 * browser, no dependencies. All text from the logs is XML-escaped, and
 * characters XML cannot carry (ANSI escapes, other controls) are written as
 * visible `\xHH` escapes.
 */
import { ACTING_BEYOND_C0 } from '../model/acting-characters.js';
import type { ActivityReport, ZoneActivity } from './timeline.js';

/**
 * Characters XML 1.0 forbids, plus C1 controls and bidi overrides (shown, not
 * acted on), and carriage return: XML reads it as a line feed, and a terminal
 * showing the file returns over the text before it.
 */
const NOT_XML = new RegExp(
  `[\\u0000-\\u0008\\u000b-\\u001f${ACTING_BEYOND_C0}\\ufffe\\uffff]|[\\ud800-\\udbff](?![\\udc00-\\udfff])|(?<![\\ud800-\\udbff])[\\udc00-\\udfff]`,
  'g',
);

/** Text safe inside an XML element or attribute value. */
export function xmlText(text: string): string {
  return text
    .replace(NOT_XML, (c) => {
      const code = c.charCodeAt(0);
      return code <= 0xff ? '\\x' + code.toString(16).padStart(2, '0') : '\\u' + code.toString(16).padStart(4, '0');
    })
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** The colour of the i-th actor: golden-angle hues, deterministic, distinct for neighbours. */
export function actorColour(i: number): string {
  return `hsl(${Math.round((i * 137.508 + 210) % 360)}, 60%, 48%)`;
}

/** Chart options. */
export interface ChartOptions {
  readonly title?: string;
  /** At most this many bars per panel; longer spans are grouped into buckets of several days. */
  readonly maxColumns?: number;
}

const DAY = 86_400_000;
const WIDTH = 960;
const LEFT = 56;
const RIGHT = 16;
const PANEL_HEIGHT = 150;
const PANEL_GAP = 70;
const TOP = 56;

const dayMs = (day: string) => Date.parse(`${day}T00:00:00Z`);
const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const fmt = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(1));

/** A round step for about four y-axis ticks. */
function tickStep(max: number): number {
  const raw = Math.max(max, 1) / 4;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const norm = raw / mag;
  const step = (norm <= 1 ? 1 : norm <= 2 ? 2 : norm <= 5 ? 5 : 10) * mag;
  return Math.max(1, step);
}

interface Columns {
  readonly start: number;
  readonly bucketDays: number;
  readonly count: number;
}

function columnsFor(report: ActivityReport, maxColumns: number): Columns {
  if (report.firstDay === null || report.lastDay === null) return { start: 0, bucketDays: 1, count: 0 };
  const start = dayMs(report.firstDay);
  const days = Math.round((dayMs(report.lastDay) - start) / DAY) + 1;
  const bucketDays = Math.max(1, Math.ceil(days / maxColumns));
  return { start, bucketDays, count: Math.ceil(days / bucketDays) };
}

function columnLabel(cols: Columns, i: number): string {
  const first = dayOf(cols.start + i * cols.bucketDays * DAY);
  return cols.bucketDays === 1 ? first : `${first} +${cols.bucketDays - 1}d`;
}

function panel(zone: ZoneActivity, report: ActivityReport, cols: Columns, top: number): string[] {
  const out: string[] = [];
  const plotWidth = WIDTH - LEFT - RIGHT;
  const colWidth = cols.count > 0 ? plotWidth / cols.count : plotWidth;
  const barWidth = Math.max(1, colWidth * 0.8);
  // Per column: value per actor (applied batches and zone calls), and refused attempts.
  const stacks = Array.from({ length: cols.count }, () => new Map<string, number>());
  const refused = new Array<number>(cols.count).fill(0);
  for (const d of zone.days) {
    const col = Math.floor(Math.round((dayMs(d.day) - cols.start) / DAY) / cols.bucketDays);
    const stack = stacks[col];
    if (stack === undefined) continue;
    for (const a of d.actors) {
      const v = a.batches + a.zoneCalls;
      if (v > 0) stack.set(a.actor, (stack.get(a.actor) ?? 0) + v);
    }
    refused[col]! += d.rejected + d.failed;
  }
  const max = Math.max(1, ...stacks.map((s) => [...s.values()].reduce((x, y) => x + y, 0)));
  const step = tickStep(max);
  const top2 = Math.ceil(max / step) * step;
  const y = (v: number) => top + PANEL_HEIGHT - (v / top2) * PANEL_HEIGHT;
  const name = zone.zoneName !== null ? `${zone.zoneName}${zone.nameSource === 'inferred' ? ' (name inferred)' : ''}` : '(name unknown)';
  const life = [zone.created !== null ? `created ${zone.created.eventTime}` : 'created before the logs', zone.deleted !== null ? `deleted ${zone.deleted.eventTime}` : ''].filter((s) => s !== '').join(', ');
  out.push(`<g class="zone" data-zone-id="${xmlText(zone.zoneId)}">`);
  out.push(`<text x="${LEFT}" y="${top - 12}" class="zone-title">${xmlText(`${name} ${zone.zoneId} `)}<tspan class="muted">— ${xmlText(life)}; ${zone.totals.batches} batches, ${zone.totals.rejected} rejected, ${zone.totals.failed} failed, ${zone.totals.gaps} gaps</tspan></text>`);
  for (let v = 0; v <= top2; v += step) {
    out.push(`<line x1="${LEFT}" x2="${WIDTH - RIGHT}" y1="${fmt(y(v))}" y2="${fmt(y(v))}" class="grid"/>`);
    out.push(`<text x="${LEFT - 6}" y="${fmt(y(v) + 4)}" class="tick" text-anchor="end">${v}</text>`);
  }
  out.push(`<text x="14" y="${fmt(top + PANEL_HEIGHT / 2)}" class="axis" text-anchor="middle" transform="rotate(-90 14 ${fmt(top + PANEL_HEIGHT / 2)})">batches</text>`);
  stacks.forEach((stack, col) => {
    const x = LEFT + col * colWidth + (colWidth - barWidth) / 2;
    let base = 0;
    for (const [i, actor] of report.actors.entries()) {
      const v = stack.get(actor);
      if (v === undefined) continue;
      const y1 = y(base + v);
      const h = y(base) - y1;
      out.push(`<rect x="${fmt(x)}" y="${fmt(y1)}" width="${fmt(barWidth)}" height="${fmt(h)}" fill="${actorColour(i)}"><title>${xmlText(`${columnLabel(cols, col)}: ${actor}: ${v} batch(es)`)}</title></rect>`);
      base += v;
    }
    if (refused[col]! > 0) {
      out.push(`<rect x="${fmt(x)}" y="${top + PANEL_HEIGHT + 2}" width="${fmt(barWidth)}" height="4" class="refused"><title>${xmlText(`${columnLabel(cols, col)}: ${refused[col]} rejected or failed attempt(s)`)}</title></rect>`);
    }
  });
  out.push(`<line x1="${LEFT}" x2="${WIDTH - RIGHT}" y1="${top + PANEL_HEIGHT}" y2="${top + PANEL_HEIGHT}" class="axis-line"/>`);
  const every = Math.max(1, Math.ceil(cols.count / 8));
  for (let col = 0; col < cols.count; col += every) {
    const x = LEFT + col * colWidth + colWidth / 2;
    out.push(`<text x="${fmt(x)}" y="${top + PANEL_HEIGHT + 20}" class="tick" text-anchor="middle">${xmlText(dayOf(cols.start + col * cols.bucketDays * DAY))}</text>`);
  }
  out.push('</g>');
  return out;
}

function legend(report: ActivityReport, top: number): string[] {
  const out = ['<g class="legend">'];
  const details = new Map<string, string[]>();
  for (const z of report.zones) {
    for (const a of z.actors) {
      const d = details.get(a.actor) ?? [];
      d.push(...[a.identityType, a.arn, a.invokedBy !== null ? `invoked by ${a.invokedBy}` : null, ...a.userAgents].filter((s): s is string => s !== null));
      details.set(a.actor, d);
    }
  }
  const perRow = 3;
  const colWidth = (WIDTH - LEFT - RIGHT) / perRow;
  report.actors.forEach((actor, i) => {
    const x = LEFT + (i % perRow) * colWidth;
    const yy = top + Math.floor(i / perRow) * 18;
    const info = [...new Set(details.get(actor) ?? [])].join('\n');
    const label = actor.length > 44 ? actor.slice(0, 43) + '…' : actor;
    out.push(`<g><title>${xmlText(`${actor}\n${info}`)}</title><rect x="${fmt(x)}" y="${yy - 10}" width="12" height="12" fill="${actorColour(i)}"/><text x="${fmt(x + 18)}" y="${yy}" class="label">${xmlText(label)}</text></g>`);
  });
  out.push(`<g><rect x="${LEFT}" y="${top + Math.ceil(report.actors.length / perRow) * 18 - 6}" width="12" height="4" class="refused"/><text x="${LEFT + 18}" y="${top + Math.ceil(report.actors.length / perRow) * 18}" class="label">rejected or failed attempts (under the axis)</text></g>`);
  out.push('</g>');
  return out;
}

/** The chart as a standalone SVG document. */
export function chartSvg(report: ActivityReport, options: ChartOptions = {}): string {
  const cols = columnsFor(report, options.maxColumns ?? 180);
  const title = options.title ?? 'Route 53 changes per day and actor (reconstructed from CloudTrail, best effort)';
  const body: string[] = [];
  let top = TOP + 24;
  for (const zone of report.zones) {
    body.push(...panel(zone, report, cols, top));
    top += PANEL_HEIGHT + PANEL_GAP;
  }
  if (report.zones.length === 0) {
    body.push(`<text x="${LEFT}" y="${top}" class="label">no zones</text>`);
    top += 30;
  }
  const legendTop = top - 20;
  body.push(...legend(report, legendTop));
  const height = legendTop + (Math.ceil(report.actors.length / 3) + 1) * 18 + 16;
  const span = report.firstDay !== null ? `${report.firstDay} .. ${report.lastDay} (UTC)${cols.bucketDays > 1 ? `, ${cols.bucketDays} days per bar` : ''}` : 'no activity';
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" role="img" aria-label="${xmlText(title)}">`,
    `<title>${xmlText(title)}</title>`,
    '<style>text{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;fill:#222}.title{font-size:16px;font-weight:600}.zone-title{font-size:13px;font-weight:600}.muted{fill:#666;font-weight:400}.tick,.label,.sub{font-size:11px}.axis{font-size:11px;fill:#444}.grid{stroke:#e4e4e4}.axis-line{stroke:#888}.refused{fill:#333}</style>',
    `<rect width="${WIDTH}" height="${height}" fill="#fff"/>`,
    `<text x="${LEFT}" y="26" class="title">${xmlText(title)}</text>`,
    `<text x="${LEFT}" y="44" class="sub">${xmlText(span)}; bars: applied change batches and zone creations/deletions</text>`,
    ...body,
    '</svg>',
    '',
  ].join('\n');
}

/** An HTML page with the chart's SVG inline. */
export function chartHtml(report: ActivityReport, options: ChartOptions = {}): string {
  const svg = chartSvg(report, options).replace(/^<\?xml[^>]*>\n/, '');
  const title = options.title ?? 'zone-replay timeline';
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<title>${xmlText(title)}</title>`,
    '<style>body{margin:16px;background:#fff}svg{max-width:100%;height:auto}</style>',
    '</head>',
    '<body>',
    svg.trimEnd(),
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
