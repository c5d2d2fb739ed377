#!/usr/bin/env node
// npm run bench — zone-replay against its limit and against what people do today.
//
//   node bench/run.js [--size-mb 1024] [--dir bench/out] [--jobs N] [--runs 3] [--skip-trail] [--skip-replay]
//                     [--sets 100000] [--changes 1000000] [--smoke]
//
// 1. Writes a trail with the drift simulator (default ~1 GiB of uncompressed events, 1% Route 53),
//    once per size (kept under --dir for the next run).
// 2. Measures, side by side on the same files and in rounds (each round runs every contender once,
//    so that all of them meet the same moods of a shared machine): zone-replay end to end reading every file
//    (--all-regions; --jobs 1, and the default); the limit — only inflating every file with Node's
//    zlib on the same number of workers; `gzip -dc` of all files; and
//    `gzip -dc | jq -c '.Records[] | select(.eventSource==…)'`. Then zone-replay as run by default,
//    which leaves the region folders without Route 53 events unread, against gzip and jq over the
//    whole trail and over the us-east-1 files only. Prints the times, the ratios and peak memory.
// 3. Replays --changes changes into a zone of --sets record sets and times point-in-time queries.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const USAGE = 'usage: node bench/run.js [--size-mb 1024] [--dir bench/out] [--jobs N] [--runs 3] [--skip-trail] [--skip-replay] [--sets 100000] [--changes 1000000] [--smoke]';
if (process.argv.includes('--help') || process.argv.includes('-h')) {
  process.stdout.write(USAGE + '\n');
  process.exit(0);
}
const { values: opt } = parseOptions({
  options: {
    'size-mb': { type: 'string', default: '1024' },
    dir: { type: 'string', default: join(ROOT, 'bench', 'out') },
    jobs: { type: 'string', default: String(availableParallelism()) },
    'skip-trail': { type: 'boolean', default: false },
    'skip-replay': { type: 'boolean', default: false },
    sets: { type: 'string', default: '100000' },
    changes: { type: 'string', default: '1000000' },
    smoke: { type: 'boolean', default: false },
    runs: { type: 'string', default: '3' },
  },
});
/** parseArgs, with a usage line instead of a stack trace for a mistyped option. */
function parseOptions(config) {
  try {
    return parseArgs(config);
  } catch (err) {
    process.stderr.write(`bench/run.js: ${err.message}\n${USAGE}\n`);
    process.exit(2);
  }
}
/** A numeric option's value, which must be a whole number of at least 1. */
function count(name) {
  const n = Number(opt[name]);
  if (!Number.isInteger(n) || n < 1) {
    process.stderr.write(`bench/run.js: --${name} must be a whole number of at least 1, not ${JSON.stringify(opt[name])}\n${USAGE}\n`);
    process.exit(2);
  }
  return n;
}
const SMOKE = opt.smoke;
const SIZE_MB = SMOKE ? 4 : count('size-mb');
const JOBS = count('jobs');
const SETS = SMOKE ? 2000 : count('sets');
const CHANGES = SMOKE ? 20000 : count('changes');
const RUNS = SMOKE ? 1 : count('runs');
const HAS_TIME = existsSync('/usr/bin/time');
const log = (s) => process.stderr.write(s + '\n');

/** Runs a shell command once; returns wall ms and peak RSS (KiB) from /usr/bin/time when present. */
function measureOnce(label, command) {
  const rssFile = join(opt.dir, `.rss-${process.pid}`);
  const wrapped = HAS_TIME ? `/usr/bin/time -f %M -o ${rssFile} sh -c ${JSON.stringify(command)}` : command;
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn('sh', ['-c', wrapped], { stdio: ['ignore', 'ignore', 'inherit'] });
    child.on('exit', (code) => {
      const ms = performance.now() - t0;
      if (code !== 0) return reject(new Error(`${label} exited with ${code}`));
      const rssKb = HAS_TIME ? Number(readFileSync(rssFile, 'utf8').trim().split('\n').pop()) : NaN;
      resolve({ label, ms, rssMb: rssKb / 1024 });
    });
  });
}

/** The median of runs (the machine's noise is not the tool's speed); peak memory is the largest seen. */
function summary(label, all) {
  const sorted = [...all].sort((a, b) => a.ms - b.ms);
  const median = sorted[Math.floor((sorted.length - 1) / 2)];
  const rssMb = Math.max(...all.map((r) => r.rssMb));
  const spread = all.length > 1 ? ` (runs: ${all.map((r) => (r.ms / 1000).toFixed(2)).join(', ')})` : '';
  log(`  ${label}: ${(median.ms / 1000).toFixed(2)} s, peak ${Number.isNaN(rssMb) ? '?' : Math.round(rssMb)} MB${spread}`);
  return { label, ms: median.ms, rssMb, runs: all.map((r) => Math.round(r.ms)) };
}

/** `runs` runs of a command, one after another. */
async function measure(label, command, runs = RUNS) {
  const all = [];
  for (let i = 0; i < runs; i++) all.push(await measureOnce(label, command));
  return summary(label, all);
}

/**
 * Several commands measured in rounds, each round running every one of them
 * once, so that all of them meet the same moods of a shared machine (its speed
 * drifts by a fifth within minutes): the ratios between them are then fair
 * even when the absolute times are not.
 */
async function measureInRounds(contenders, runs = RUNS) {
  const all = contenders.map(() => []);
  for (let round = 0; round < runs; round++) {
    for (const [i, c] of contenders.entries()) all[i].push(await measureOnce(c.label, c.command));
  }
  return Object.fromEntries(contenders.map((c, i) => [c.key, summary(c.label, all[i])]));
}

function listGz(dir) {
  const out = [];
  const walk = (d) => {
    for (const n of readdirSync(d).sort()) {
      const p = join(d, n);
      // Log files only: the trail's CloudTrail-Digest files are for zone-replay's validation, not events.
      if (statSync(p).isDirectory()) {
        if (n !== 'CloudTrail-Digest') walk(p);
      } else if (n.endsWith('.json.gz')) out.push(p);
    }
  };
  walk(dir);
  return out;
}

/** The share of Route 53 records the issue asks of the bench trail. */
const ROUTE53_SHARE = 0.01;
/** How far the trail's share may stray from it before the trail is written again. */
const SHARE_TOLERANCE = 0.05;

/** Route 53 records as a share of all records, from a simulated trail's ground truth. */
function route53Share(trailRoot) {
  const { counts } = JSON.parse(readFileSync(join(trailRoot, 'ground-truth.json'), 'utf8'));
  return counts.route53 / counts.total;
}

/**
 * The bench trail: --size-mb of uncompressed events of which 1% are Route 53 records. The simulator
 * sizes the noise by bytes and the Route 53 calls by --events, and a call can be written more than once
 * (both trails, duplicates): the records per call are learnt from the first trail written, and the
 * trail is written again with --events corrected until its share is within 5% of 1%. (Until the
 * fourteenth session the bench took one record per call, and its trail was 1.53% Route 53.)
 */
function writeBenchTrail(trailRoot) {
  const kept = existsSync(join(trailRoot, 'ground-truth.json'));
  if (kept && Math.abs(route53Share(trailRoot) / ROUTE53_SHARE - 1) <= SHARE_TOLERANCE) return;
  mkdirSync(opt.dir, { recursive: true });
  // About 850 records per MiB of uncompressed events; a first guess of one record per call.
  let events = Math.max(50, Math.round(SIZE_MB * 850 * ROUTE53_SHARE));
  if (kept) events = Math.max(50, Math.round((events * ROUTE53_SHARE) / route53Share(trailRoot)));
  for (let attempt = 0; attempt < 4; attempt++) {
    log(`writing a ${SIZE_MB} MiB trail (${events} Route 53 calls) with the simulator into ${trailRoot} …`);
    execFileSync(process.execPath, [join(ROOT, 'bin/zone-replay.js'), 'simulate', '--out', trailRoot, '--size-mb', String(SIZE_MB), '--events', String(events), '--zones', '20', '--days', '7', '--route53-share', String(ROUTE53_SHARE), '--drift', '0', '--seed', '2026', '--force', '--format', 'json'], { stdio: ['ignore', 'ignore', 'inherit'] });
    const share = route53Share(trailRoot);
    if (Math.abs(share / ROUTE53_SHARE - 1) <= SHARE_TOLERANCE || SMOKE) return;
    events = Math.max(50, Math.round((events * ROUTE53_SHARE) / share));
  }
}

async function trailBench() {
  const trailRoot = join(opt.dir, `trail-${SIZE_MB}mb`);
  writeBenchTrail(trailRoot);
  const files = [...listGz(join(trailRoot, 'trail')), ...(existsSync(join(trailRoot, 'trail2')) ? listGz(join(trailRoot, 'trail2')) : [])];
  const list = join(opt.dir, 'files.txt');
  writeFileSync(list, files.join('\n') + '\n');
  writeFileSync(`${list}.nul`, files.join('\0')); // for xargs -0
  // The files a default run reads: those outside the other regions' folders.
  const route53Files = files.filter((f) => !/\/CloudTrail\/(?!us-east-1\/)[^/]+\//.test(f));
  writeFileSync(join(opt.dir, 'files-us-east-1.txt.nul'), route53Files.join('\0'));
  const gz = files.reduce((n, f) => n + statSync(f).size, 0);
  const summary = JSON.parse(readFileSync(join(trailRoot, 'ground-truth.json'), 'utf8')).counts;
  log(`trail: ${files.length} files, ${(gz / 1048576).toFixed(0)} MiB gzipped, ${summary.total} records (${summary.route53} Route 53, ${((100 * summary.route53) / summary.total).toFixed(2)}%)`);
  // Reading, filtering and replaying, as the contenders compare: without validating the trail's
  // digests (the simulator writes them, as a trail with log file validation has them), which only
  // zone-replay does; the default run with its validation is measured apart (zrValidating).
  const zr = (jobs, flags = '', verify = false) =>
    `${process.execPath} ${join(ROOT, 'bin/zone-replay.js')} zones ${join(trailRoot, 'trail')} ${existsSync(join(trailRoot, 'trail2')) ? join(trailRoot, 'trail2') : ''} --jobs ${jobs} --quiet --format json ${verify ? '' : '--no-verify'} ${flags} > /dev/null`;
  const jqSelect = `jq -c '.Records[] | select(.eventSource=="route53.amazonaws.com")' > /dev/null`;
  const inflate = (jobs, flags = '') => `${process.execPath} ${join(ROOT, 'bench/inflate-only.js')} ${jobs} ${list} ${flags} > /dev/null`;
  const results = {};
  let hasJq = true;
  try {
    execFileSync('jq', ['--version'], { stdio: 'ignore' });
  } catch {
    hasJq = false;
  }
  const east = join(opt.dir, 'files-us-east-1.txt.nul');
  log(`${RUNS} round${RUNS === 1 ? '' : 's'}, each running every contender once (medians); the jq pipelines once, after them.`);
  log(`every file (${files.length}), and as run by default (region folders without Route 53 events unread: ${route53Files.length} of ${files.length} files read):`);
  Object.assign(
    results,
    await measureInRounds([
      { key: 'zr1', label: 'zone-replay --all-regions --jobs 1 (one thread)', command: zr(1, '--all-regions') },
      { key: 'zrN', label: `zone-replay --all-regions --jobs ${JOBS} (default threads: ${JOBS - 1} worker${JOBS === 2 ? '' : 's'} + the main thread)`, command: zr(JOBS, '--all-regions') },
      { key: 'inflate1', label: 'inflate only (Node zlib), 1 worker', command: inflate(1) },
      { key: 'inflateN', label: `inflate only (Node zlib), ${JOBS} workers`, command: inflate(JOBS) },
      // The limit as it was measured until the ninth session: fresh memory for each file's bytes and output.
      { key: 'inflate1Fresh', label: 'inflate only, 1 worker, readFileSync + gunzipSync per file', command: inflate(1, '--fresh') },
      { key: 'gzip', label: 'gzip -dc', command: `xargs -0 gzip -dc < ${list}.nul > /dev/null` },
      { key: 'zrDefault', label: `zone-replay --jobs ${JOBS} (default threads and regions, --no-verify)`, command: zr(JOBS) },
      { key: 'zrValidating', label: `zone-replay --jobs ${JOBS}, fully default: also validates the trail's digests`, command: zr(JOBS, '', true) },
      { key: 'gzipEast', label: 'gzip -dc of the us-east-1 files only', command: `xargs -0 gzip -dc < ${east} > /dev/null` },
    ]),
  );
  if (hasJq) {
    results.jq = await measure('gzip -dc | jq select', `xargs -0 gzip -dc < ${list}.nul | ${jqSelect}`, 1);
    results.jqEast = await measure('gzip -dc | jq select, us-east-1 files only', `xargs -0 gzip -dc < ${east} | ${jqSelect}`, 1);
  } else {
    log('  jq pipelines: skipped (jq is not installed)');
  }
  return { files: files.length, filesRead: route53Files.length, gzMb: gz / 1048576, records: summary.total, route53: summary.route53, results };
}

function replayBench() {
  log(`replaying ${CHANGES} changes into a zone of ${SETS} record sets …`);
  const out = execFileSync(process.execPath, [join(ROOT, 'bench/replay-scale.js'), '--sets', String(SETS), '--changes', String(CHANGES)], { encoding: 'utf8' });
  const r = JSON.parse(out);
  log(`  replay: ${(r.replayMs / 1000).toFixed(2)} s, peak ${r.peakRssMB} MB; a set at an instant ${(r.lookupUs / 1000).toFixed(2)} ms; full snapshot ${r.fullSnapshotMs} ms`);
  log(`  the same lookups through whole states (stateAt): ${(r.stateLookupUs / 1000).toFixed(2)} ms each, peak ${r.peakRssWithStateWalkMB} MB`);
  return r;
}

const ratio = (a, b) => (a && b ? (a.ms / b.ms).toFixed(2) : 'n/a');
const machine = `${cpus()[0]?.model ?? 'cpu'} × ${availableParallelism()}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`;
const report = { machine, date: new Date().toISOString(), smoke: SMOKE };
if (!opt['skip-trail']) {
  mkdirSync(opt.dir, { recursive: true });
  const t = await trailBench();
  report.trail = t;
  const r = t.results;
  report.ratios = {
    // Every file, as the limit reads them: the cost per byte.
    'every file: zone-replay --jobs 1 / inflate-only 1 worker (target ≤ 1.5)': ratio(r.zr1, r.inflate1),
    [`every file: zone-replay --jobs ${JOBS} / inflate-only ${JOBS} workers (target ≤ 1.5)`]: ratio(r.zrN, r.inflateN),
    // The "one worker" read as one worker thread beside the main thread, as inflate-only runs.
    ...(JOBS === 2 ? { 'every file: zone-replay --jobs 2 (one worker + main) / inflate-only 1 worker (target ≤ 1.5)': ratio(r.zrN, r.inflate1) } : {}),
    [`every file: zone-replay --jobs ${JOBS} / gzip -dc (target ≤ 0.4)`]: ratio(r.zrN, r.gzip),
    [`every file: jq pipeline / zone-replay --jobs ${JOBS} (target ≥ 10)`]: ratio(r.jq, r.zrN),
    // The default run against what a user runs today over the same trail, and over the files it reads.
    [`default: zone-replay --jobs ${JOBS} / gzip -dc of the whole trail (target ≤ 0.4)`]: ratio(r.zrDefault, r.gzip),
    [`default: jq pipeline over the whole trail / zone-replay --jobs ${JOBS} (target ≥ 10)`]: ratio(r.jq, r.zrDefault),
    [`default, validating the digests too: zone-replay --jobs ${JOBS} / gzip -dc of the whole trail`]: ratio(r.zrValidating, r.gzip),
    [`default: zone-replay --jobs ${JOBS} / gzip -dc of the us-east-1 files`]: ratio(r.zrDefault, r.gzipEast),
    [`default: jq pipeline over the us-east-1 files / zone-replay --jobs ${JOBS}`]: ratio(r.jqEast, r.zrDefault),
    'every file: zone-replay --jobs 1 / inflate-only 1 worker with readFileSync + gunzipSync (the limit until the ninth session)': ratio(r.zr1, r.inflate1Fresh),
    'gzip -dc / inflate-only 1 worker (expected about 2)': ratio(r.gzip, r.inflate1),
    'gzip -dc / inflate-only 1 worker with readFileSync + gunzipSync': ratio(r.gzip, r.inflate1Fresh),
    'jq pipeline / gzip -dc (expected about 4.7)': ratio(r.jq, r.gzip),
  };
  report.peakMemoryMb = Object.fromEntries(Object.entries(r).filter(([, v]) => v).map(([k, v]) => [k, Math.round(v.rssMb)]));
}
if (!opt['skip-replay']) report.replay = replayBench();
process.stdout.write(JSON.stringify(report, null, 2) + '\n');
