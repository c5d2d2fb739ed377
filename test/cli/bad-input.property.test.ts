/**
 * The CLI on broken input files, as a law: `replay`, `diff --against`,
 * `apply` and `verify` given a mutated file exit 0, 1 or 2 (README, "Exit
 * status"), print no stack trace, and when they refuse (2) the message
 * names the file. Run in-process, a handful of runs each: an exception out
 * of main() (the entry point's "internal error", with its stack) fails the
 * property; a few runs spawn the built CLI, worker threads and all.
 */
import fc from 'fast-check';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { arbTrailFileBytes } from '../support/broken-trails.js';
import { smallTrail } from '../support/cloudtrail.js';
import { arbAnyText, arbMutatedJsonText, arbMutatedText } from '../support/mutations.js';
import { tempDirs } from '../support/temp-dirs.js';
import { STACK_LINE, UNEXPECTED } from '../support/user-errors.js';
import { runMain, type MainResult } from '../support/run-main.js';
import { buildTrail, testKeys, writeTrail } from '../verify/trail-builder.js';
import { BUILT, runCli } from './run-cli.js';

const tempDir = tempDirs('zr-cli-bad-');
const fixture = (name: string) => readFileSync(new URL(`../../fixtures/${name}`, import.meta.url), 'utf8');

const LISTING = fixture('zones/list-resource-record-sets.example.com.json');
const ZONE_FILE = fixture('zones/hand-written.example.com.zone');
/** The trail without its zone's deletion: a zone diff and apply can name. */
const TRAIL = { Records: smallTrail().slice(0, 3) };
const BATCH = { Changes: [{ Action: 'UPSERT', ResourceRecordSet: { Name: 'www.example.com.', Type: 'A', TTL: 60, ResourceRecords: [{ Value: '192.0.2.7' }] } }] };

/** Refusals that are no file's fault: a change batch replacing too much of the zone (the safety rail), a choice only the user can make. */
const NOT_THE_FILE = /^zone-replay: (refused: .* run again with --force|.*; pick one with --zone)$/m;

/** The run obeys the exit-status law; a refusal names `file` (unless it is not the file's fault). */
function obeysLaw(r: MainResult, file: string): void {
  expect([0, 1, 2]).toContain(r.code);
  expect(r.err).not.toMatch(STACK_LINE);
  expect(r.err).not.toMatch(/internal error/);
  // Nor a bug of ours said as a problem of the input, in a warning or in the output.
  expect(r.err).not.toMatch(UNEXPECTED);
  expect(r.out).not.toMatch(UNEXPECTED);
  if (r.code === 2 && !NOT_THE_FILE.test(r.err)) expect(r.err).toContain(file);
  expect(r.err).not.toContain(`${file}: ${file}`);
}

const arbExportText = fc.oneof(arbMutatedJsonText(JSON.parse(LISTING), { indent: 4 }), arbMutatedText(LISTING), arbMutatedText(ZONE_FILE), arbAnyText);

describe('the CLI given a broken file', () => {
  it('replay: exits 0, 1 or 2, without a stack, naming the file it refuses', async () => {
    await fc.assert(
      fc.asyncProperty(arbTrailFileBytes, fc.constantFrom('trail.json', 'trail.jsonl', 'q.csv', 'trail.json.gz'), fc.constantFrom('text', 'json', 'route53'), async (bytes, name, format) => {
        const file = join(tempDir(), name);
        writeFileSync(file, bytes);
        obeysLaw(await runMain(['replay', file, '--format', format, '--jobs', '1']), file);
      }),
      { numRuns: 40 },
    );
  });

  it('diff --against: exits 0, 1 or 2, without a stack, naming the export it refuses', async () => {
    await fc.assert(
      fc.asyncProperty(arbExportText, fc.constantFrom('text', 'json', 'change-batch'), async (text, format) => {
        const dir = tempDir();
        const trail = join(dir, 'trail.json');
        const live = join(dir, 'live.json');
        writeFileSync(trail, JSON.stringify(TRAIL));
        writeFileSync(live, text);
        obeysLaw(await runMain(['diff', trail, '--against', live, '--format', format, '--jobs', '1']), live);
      }),
      { numRuns: 40 },
    );
  });

  it('apply: exits 0, 1 or 2, without a stack, naming the batch or the zone it refuses', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(arbMutatedJsonText(BATCH), arbAnyText), arbExportText, fc.boolean(), fc.constantFrom('route53', 'bind', 'text'), async (batchText, exportText, breakBatch, format) => {
        const dir = tempDir();
        const batch = join(dir, 'batch.json');
        const live = join(dir, 'live.json');
        writeFileSync(batch, breakBatch ? batchText : JSON.stringify(BATCH));
        writeFileSync(live, breakBatch ? LISTING : exportText);
        obeysLaw(await runMain(['apply', batch, '--to', live, '--format', format]), breakBatch ? batch : live);
      }),
      { numRuns: 40 },
    );
  });

  it.skipIf(!BUILT)('the built CLI, its worker threads reading a folder of broken files and stdin: exits 0, 1 or 2, without a stack', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(arbTrailFileBytes, { minLength: 2, maxLength: 4 }), arbTrailFileBytes, async (files, stdin) => {
        const dir = tempDir();
        files.forEach((bytes, i) => writeFileSync(join(dir, `part-${i}.json${bytes[0] === 0x1f ? '.gz' : ''}`), bytes));
        const r = await runCli(['replay', dir, '-', '--jobs', '2'], { input: stdin.toString('latin1'), timeoutMs: 20_000 });
        expect([0, 1, 2]).toContain(r.code);
        expect(r.stderr).not.toMatch(STACK_LINE);
        expect(r.stderr).not.toMatch(/internal error/);
        expect(r.stderr + r.stdout).not.toMatch(UNEXPECTED);
      }),
      { numRuns: 6 },
    );
  });

  it('verify: exits 0, 1 or 2, without a stack, naming the file it refuses', async () => {
    const built = buildTrail({ hours: 2 });
    const keys = join(tempDir(), 'keys.pem');
    writeFileSync(keys, testKeys().publicKey.export({ type: 'spki', format: 'pem' }).toString());
    const digest = built.digests[1]!;
    const signatures = { [digest.key]: digest.signature };
    const head = { Metadata: { signature: digest.signature, 'signature-algorithm': 'SHA256withRSA' } };
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('digest', 'log', 'log-gzip', 'keys', 'sig', 'head', 'signatures'),
        fc.oneof(arbMutatedJsonText(digest.json), arbMutatedJsonText(signatures), arbMutatedJsonText(head), arbAnyText),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 3 }),
        fc.nat({ max: 24 }),
        async (victim, text, flips, cut) => {
          const base = tempDir();
          const dir = join(base, 'trail');
          writeTrail(dir, built, { sidecars: victim === 'head' ? 'head' : 'sig' });
          const log = join(dir, built.logs[0]!.key);
          const target = { digest: join(dir, digest.key), log, 'log-gzip': log, keys: join(base, 'keys.json'), sig: join(dir, `${digest.key}.sig`), head: join(dir, `${digest.key}.head.json`), signatures: join(base, 'signatures.json') }[victim];
          // A log whose gzip is broken (bytes changed, the end cut): hashed, it does not inflate.
          const broken = (gz: Buffer) => {
            for (const [at, byte] of flips) gz[at % gz.length] = byte;
            return gz.subarray(0, Math.max(2, gz.length - cut));
          };
          writeFileSync(target, victim === 'log-gzip' ? broken(Buffer.from(gzipSync(text))) : victim === 'digest' || victim === 'log' ? gzipSync(text) : text);
          const args = ['verify', dir, '--public-keys', victim === 'keys' ? target : keys, ...(victim === 'signatures' ? ['--signatures', target] : [])];
          // A file inside the trail is named by its path under the folder given.
          obeysLaw(await runMain(args), victim === 'keys' || victim === 'signatures' ? target : dir);
        },
      ),
      { numRuns: 35 },
    );
  });
});
