/**
 * Reads BIND zone files (RFC 1035 §5 as BIND writes and reads them) into
 * canonical record sets: `$ORIGIN`, `$TTL`, relative names and `@`,
 * inherited owners, TTL and class in either order, TTL units, parentheses,
 * comments, decimal `\DDD` escapes, CRLF; plus cli53's Route 53 extensions
 * (`AWS ALIAS` lines and `; AWS routing=…` comments, see aws-routing.ts) and
 * zone-replay's own hidden lines (`;@AWS …`, see printer.ts).
 *
 * `$INCLUDE` and `$GENERATE` are refused: an export must not read other
 * files or expand templates. Lexical breakage (unbalanced parentheses or
 * quotes) throws ZoneFileError; everything else is skipped or repaired and
 * reported in `problems` with its line.
 */
import { canonicalName, inputProblem, NameError, parseDuration, ROUTE53_TYPES } from '../../model/index.js';
import type { RecordSet } from '../../model/index.js';
import { isRoutingComment, parseRoutingComment, RoutingCommentError, type Routing } from './aws-routing.js';
import { ZoneFileError, type ZoneFileProblem } from './errors.js';
import { lexZoneFile, type Entry, type RawToken } from './lexer.js';
import { RecordSetBuilder } from './record-builder.js';

/** Options of parseZoneFile. */
export interface ParseZoneFileOptions {
  /** The file's name, for messages. */
  readonly file: string;
  /** Origin before any `$ORIGIN` (any spelling; canonicalized). */
  readonly origin?: string;
  /** The hosted zone id that cli53's `$self` in an AWS ALIAS line stands for; kept as `$self` when absent. */
  readonly hostedZoneId?: string;
}

/** What a zone file holds. */
export interface ZoneFileResult {
  /** The zone's origin: the option, else the SOA owner, else the first `$ORIGIN`. */
  origin?: string;
  /** Record sets in Route 53 order. */
  recordSets: RecordSet[];
  problems: { line: number; message: string }[];
}

const CLASSES = new Set(['IN', 'CH', 'HS', 'CS', 'ANY', 'AWS']);
const SUPPORTED = new Set(ROUTE53_TYPES);

/** Raw token back to text the model's tokenizer reads the same way. */
function rawText(tok: RawToken): string {
  return tok.quoted ? `"${tok.text}"` : tok.text;
}

/** Parses a zone file. Throws ZoneFileError for `$INCLUDE`, `$GENERATE` and lexical errors. */
export function parseZoneFile(text: string, opts: ParseZoneFileOptions): ZoneFileResult {
  const { file } = opts;
  const problems: ZoneFileProblem[] = [];
  const problem = (line: number, message: string): void => {
    problems.push({ line, message });
  };
  let origin: string | undefined;
  let optionOrigin: string | undefined;
  if (opts.origin !== undefined) {
    try {
      optionOrigin = origin = canonicalName(opts.origin, 'route53');
    } catch (err) {
      if (!(err instanceof NameError)) throw err;
      throw new ZoneFileError(file, 0, `origin option: ${err.message}`);
    }
  }
  let firstOrigin: string | undefined;
  let soaOwner: string | undefined;
  let defaultTtl: number | undefined;
  let lastTtl: number | undefined;
  let lastOwner: string | undefined;
  const builder = new RecordSetBuilder(problem);

  for (const entry of lexZoneFile(text, file)) {
    const toks = entry.tokens;
    const first = toks[0]!;
    if (!entry.ownerOmitted && !first.quoted && first.text.startsWith('$')) {
      const directive = first.text.toUpperCase();
      const arg = toks[1];
      if (directive === '$INCLUDE' || directive === '$GENERATE') {
        throw new ZoneFileError(file, entry.line, `${directive} is not allowed: a zone export must be self-contained`);
      }
      if (directive === '$ORIGIN') {
        if (arg === undefined) throw new ZoneFileError(file, entry.line, '$ORIGIN without a name');
        try {
          origin = canonicalName(arg.text, 'zonefile', origin);
        } catch (err) {
          if (!(err instanceof NameError)) throw err;
          throw new ZoneFileError(file, entry.line, `$ORIGIN: ${err.message}`);
        }
        // As BIND: a name is at most 255 bytes on the wire. Unbounded, relative $ORIGINs stack up, and every
        // record then carries (and every memo key repeats) the whole origin: time and memory grow quadratically.
        if (wireLength(origin) > 255) throw new ZoneFileError(file, entry.line, `$ORIGIN: the name is longer than 255 bytes`);
        firstOrigin ??= origin;
      } else if (directive === '$TTL') {
        const ttl = arg === undefined ? undefined : parseDuration(arg.text);
        if (ttl === undefined || ttl > 0xffffffff) problem(entry.line, `$TTL ${arg?.text ?? ''} is not a TTL; ignored`);
        else defaultTtl = ttl;
      } else {
        throw new ZoneFileError(file, entry.line, `unknown directive ${first.text}`);
      }
      continue;
    }

    // Owner.
    let owner: string | undefined;
    let i = 0;
    if (entry.ownerOmitted) {
      owner = lastOwner;
      if (owner === undefined) {
        problem(entry.line, 'record without an owner name and no previous owner; skipped');
        continue;
      }
    } else {
      try {
        owner = canonicalName(first.text, 'zonefile', origin);
      } catch (err) {
        problem(entry.line, `owner: ${inputProblem(err, [NameError], 'the owner name')}; record skipped`);
        lastOwner = undefined;
        continue;
      }
      lastOwner = owner;
      i = 1;
    }

    // TTL and class, in either order.
    let ttl: number | undefined;
    let cls: string | undefined;
    for (let k = 0; k < 2 && i < toks.length - 1; k++) {
      const t = toks[i]!;
      if (t.quoted) break;
      const d = ttl === undefined ? parseDuration(t.text) : undefined;
      if (d !== undefined) {
        ttl = d;
        i++;
      } else if (cls === undefined && CLASSES.has(t.text.toUpperCase())) {
        cls = t.text.toUpperCase();
        i++;
      } else break;
    }
    const typeTok = toks[i];
    if (typeTok === undefined || typeTok.quoted || !/^[A-Za-z][A-Za-z0-9-]*$/.test(typeTok.text)) {
      problem(entry.line, `no record type in ${JSON.stringify(toks.map(rawText).join(' '))}; skipped`);
      continue;
    }
    const type = typeTok.text.toUpperCase();
    const rdata = toks.slice(i + 1);

    if (ttl !== undefined) {
      if (ttl > 0xffffffff) {
        problem(entry.line, `TTL ${ttl} is out of range; record skipped`);
        continue;
      }
      lastTtl = ttl;
    }
    const isAlias = cls === 'AWS' && type === 'ALIAS';
    if (cls !== undefined && cls !== 'IN' && !isAlias) {
      problem(entry.line, `class ${cls} is not IN; record skipped`);
      continue;
    }
    if (!isAlias && !SUPPORTED.has(type)) {
      problem(entry.line, `type ${type} is unsupported by Route 53; record skipped`);
      continue;
    }
    if (type === 'SOA' && soaOwner === undefined) soaOwner = owner;

    const routing = readRouting(entry, problem);
    if (isAlias) {
      builder.addAlias(entry.line, owner, rdata, origin, opts.hostedZoneId, routing);
      continue;
    }
    let effectiveTtl = ttl ?? defaultTtl ?? lastTtl;
    if (effectiveTtl === undefined && type === 'SOA') {
      // As BIND: with no TTL known yet, the SOA's minimum becomes its TTL and the default after it.
      const minimum = rdata.length === 7 && !rdata[6]!.quoted ? parseDuration(rdata[6]!.text) : undefined;
      if (minimum !== undefined && minimum <= 0xffffffff) {
        effectiveTtl = defaultTtl = minimum;
        problem(entry.line, `no TTL and no $TTL: the SOA's minimum, ${minimum}, is used, as BIND does`);
      }
    }
    if (effectiveTtl === undefined) problem(entry.line, 'no TTL and no $TTL before it; the set has no TTL');
    if (rdata.length === 0) {
      problem(entry.line, `${type} record without data; skipped`);
      continue;
    }
    builder.addValue(entry.line, owner, type, effectiveTtl, rdata.map(rawText).join(' '), origin, routing);
  }

  const result: ZoneFileResult = { recordSets: builder.build(), problems };
  const zoneOrigin = optionOrigin ?? soaOwner ?? firstOrigin;
  if (zoneOrigin !== undefined) result.origin = zoneOrigin;
  return result;
}

/**
 * Length of a canonical name on the wire: its text with each octal escape one byte, and the root's
 * byte (canonical names have no other escapes). Counted, not parsed: parseLabels refuses a name this long.
 */
function wireLength(name: string): number {
  return name === '.' ? 1 : name.replace(/\\[0-7]{3}/g, 'x').length + 1;
}

function readRouting(entry: Entry, problem: (line: number, message: string) => void): Routing {
  const comment = entry.comments.find(isRoutingComment);
  if (comment === undefined) return {};
  try {
    const { routing, warnings } = parseRoutingComment(comment);
    for (const w of warnings) problem(entry.line, `AWS routing comment: ${w}`);
    return routing;
  } catch (err) {
    problem(entry.line, `AWS routing comment ignored: ${inputProblem(err, [RoutingCommentError], 'the routing comment')}`);
    return {};
  }
}
