/**
 * Reads a zone export of any supported kind, detected by content:
 * `aws route53 list-resource-record-sets` JSON (one page, several, or the
 * bare array), BIND zone files, and zone-replay's own outputs
 * (`--format route53|bind|json`), so two replays can be diffed.
 */
import { field, readResourceRecordSet, recordSetProblem } from '../model/read-rrset.js';
import { describeInvalidValue, type RecordKey, type RecordSet } from '../model/record-set.js';
import { tryCanonicalName } from '../model/name.js';
import { parseZoneFile, ZoneFileError } from './bind/index.js';
import { ExportFormatError, looksLikeRoute53Export, readRoute53Export } from './route53-json.js';

/** A zone read from an export. */
export interface ZoneExport {
  readonly file: string;
  readonly kind: 'route53' | 'bind' | 'zone-replay';
  /** The zone's name, when the export says it (apex SOA, $ORIGIN, report). */
  readonly zoneName?: string;
  readonly zoneId?: string;
  readonly recordSets: RecordSet[];
  /** Sets as written in the export (Route 53 JSON only), for exact DELETEs. */
  readonly native: ReadonlyMap<RecordKey, Record<string, unknown>>;
  readonly problems: readonly { readonly message: string }[];
}

/** An export that cannot be read: names the file and what is wrong. */
export class ExportError extends Error {
  constructor(
    readonly file: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`${file}: ${message}`, options);
    this.name = 'ExportError';
  }
}

/** The apex of a list of sets: the SOA's owner, or the shortest NS owner. */
export function apexOf(sets: readonly RecordSet[]): string | undefined {
  const soa = sets.find((s) => s.type === 'SOA');
  if (soa !== undefined) return soa.name;
  const ns = sets.filter((s) => s.type === 'NS').sort((a, b) => a.name.length - b.name.length)[0];
  return ns?.name;
}

/** Options for reading an export. */
export interface ReadExportOptions {
  /** The zone's name, for zone files without $ORIGIN or SOA. */
  readonly origin?: string;
  /** Which zone to take from a zone-replay report holding several (id or name). */
  readonly zone?: string;
}

/** Reads an export of any supported kind. Throws ExportError. */
export function readZoneExport(text: string, file: string, options: ReadExportOptions = {}): ZoneExport {
  const trimmed = text.trimStart();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    if (/^\{\s*"zoneReplay"/.test(trimmed)) return readReport(trimmed, file, options);
    if (!looksLikeRoute53Export(trimmed)) {
      throw new ExportError(file, 'JSON, but neither `aws route53 list-resource-record-sets` output ({"ResourceRecordSets": [...]}) nor a zone-replay report');
    }
    try {
      const r = readRoute53Export(trimmed, file);
      const zoneName = apexOf(r.recordSets);
      // Problems here name no file (the caller does), as a zone file's do; the JSON reader's name it.
      const problems = r.problems.map((p) => ({ message: p.message.startsWith(`${file}: `) ? p.message.slice(file.length + 2) : p.message }));
      return holdingRecords({ file, kind: 'route53', ...(zoneName !== undefined ? { zoneName } : {}), recordSets: r.recordSets, native: r.native, problems });
    } catch (err) {
      // The listing reader's refusal is the file's fault; anything else (a bug) is not said as if it were.
      if (!(err instanceof ExportFormatError)) throw err;
      throw new ExportError(file, err.reason, { cause: err });
    }
  }
  if (trimmed === '') throw new ExportError(file, 'the file is empty');
  const origin = options.origin !== undefined ? tryCanonicalName(options.origin) : undefined;
  try {
    const z = parseZoneFile(text, origin !== undefined ? { file, origin } : { file });
    const zoneName = z.origin ?? apexOf(z.recordSets);
    return holdingRecords({
      file,
      kind: 'bind',
      ...(zoneName !== undefined ? { zoneName } : {}),
      recordSets: z.recordSets,
      native: new Map(),
      problems: z.problems.map((p) => ({ message: `line ${p.line}: ${p.message}` })),
    });
  } catch (err) {
    // Its message names the file too: ExportError names it once, then the line.
    if (err instanceof ZoneFileError) throw new ExportError(file, err.line > 0 ? `line ${err.line}: ${err.reason}` : err.reason, { cause: err });
    throw err;
  }
}

/**
 * A live zone's export with no record set read is not a zone: Route 53 never
 * lists a hosted zone without its SOA and NS. Compared as one, it would show
 * every set as deleted out of band and write a batch that creates them all
 * (a wrong file given to a scheduled drift check, say /etc/passwd, read as a
 * zone file whose every line is skipped).
 */
function holdingRecords(exp: ZoneExport): ZoneExport {
  if (exp.recordSets.length > 0) return exp;
  const skipped = exp.problems.length > 0 ? ` (${exp.problems.length} skipped; ${exp.problems[0]!.message})` : '';
  const what = exp.kind === 'bind' ? 'not a usable zone file: no record read' : 'no record set in it';
  // A zone file of relative names without $ORIGIN (or SOA) is read once its zone is named.
  const hint = exp.kind === 'bind' && exp.problems.some((p) => p.message.includes('$ORIGIN')) ? '; name its zone with --origin <name>' : '';
  throw new ExportError(exp.file, `${what}${skipped}${hint}; Route 53 lists every hosted zone with its SOA and NS records`);
}

function readReport(text: string, file: string, options: ReadExportOptions): ZoneExport {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw new ExportError(file, `not valid JSON: ${(err as Error).message}`);
  }
  const snapshots = field(doc, 'snapshots');
  if (!Array.isArray(snapshots) || snapshots.length === 0) throw new ExportError(file, 'a zone-replay report without snapshots');
  let chosen = snapshots;
  if (options.zone !== undefined) {
    const id = options.zone.replace(/^\/?hostedzone\//i, '');
    const name = tryCanonicalName(options.zone);
    chosen = snapshots.filter((s) => field(s, 'zoneId') === id || (name !== undefined && field(s, 'zoneName') === name));
  }
  if (chosen.length !== 1) {
    // Members are attacker-controlled JSON: String() throws on {"toString":null} and overflows the stack on deep arrays.
    const text = (v: unknown): string => (typeof v === 'string' ? v : v === undefined ? 'undefined' : typeof v === 'object' && v !== null ? '?' : String(v));
    const list = snapshots.map((s) => `${text(field(s, 'zoneId'))} (${text(field(s, 'zoneName'))})`).join(', ');
    throw new ExportError(file, `the report holds ${snapshots.length} zones (${list}); pick one with --zone`);
  }
  const snap = chosen[0];
  const list = field(snap, 'ResourceRecordSets');
  if (!Array.isArray(list)) throw new ExportError(file, 'the report snapshot has no ResourceRecordSets');
  const recordSets: RecordSet[] = [];
  const problems: { message: string }[] = [];
  list.forEach((obj, i) => {
    try {
      const rs = readResourceRecordSet(obj);
      recordSets.push(rs);
      // Flagged as the listing reader flags them: a report keeps redacted values as logged.
      for (const bad of rs.invalidValues ?? []) problems.push({ message: describeInvalidValue(rs, bad) });
    } catch (err) {
      problems.push({ message: `ResourceRecordSets[${i}]: ${recordSetProblem(err)}` });
    }
  });
  const rawZoneName = field(snap, 'zoneName');
  const zoneName = typeof rawZoneName === 'string' ? tryCanonicalName(rawZoneName) : undefined;
  if (typeof rawZoneName === 'string' && zoneName === undefined) throw new ExportError(file, `the report's zoneName ${JSON.stringify(rawZoneName)} is not a domain name`);
  const zoneId = field(snap, 'zoneId');
  return {
    file,
    kind: 'zone-replay',
    ...(zoneName !== undefined ? { zoneName } : {}),
    ...(typeof zoneId === 'string' ? { zoneId } : {}),
    recordSets,
    // The report's sets carry Provenance members the API would refuse: DELETEs are rebuilt from the model.
    native: new Map(),
    problems,
  };
}
