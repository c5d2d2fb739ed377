/**
 * BIND itself must load what printZoneFile writes. Needs named-checkzone
 * (Debian: bind9-utils). In CI its absence is a failure; elsewhere the test
 * is skipped with the reason in its name.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { parseZoneFile, printZoneFile } from '../../../src/formats/bind/index.js';
import type { RecordSet } from '../../../src/model/index.js';
import { arbZone, ORIGIN } from '../../support/arbitraries.js';

const CHECKZONE = '/usr/bin/named-checkzone';
const installed = spawnSync(CHECKZONE, ['-v']).status === 0;
const inCi = process.env.CI !== undefined && process.env.CI !== '' && process.env.CI !== 'false';
const skip = !installed && !inCi;
const title = installed ? 'named-checkzone' : skip ? 'named-checkzone (SKIPPED: /usr/bin/named-checkzone is not installed; apt-get install bind9-utils)' : 'named-checkzone (missing in CI)';

const dir = mkdtempSync(join(tmpdir(), 'zone-replay-checkzone-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** named-checkzone's verdict: undefined when it accepts the file, else its output. */
function checkzone(origin: string, text: string, name: string): string | undefined {
  const file = join(dir, name);
  writeFileSync(file, text);
  const r = spawnSync(CHECKZONE, [origin, file], { encoding: 'utf8', timeout: 20_000 });
  return r.status === 0 ? undefined : `${r.stdout}${r.stderr}\n--- file ---\n${text}`;
}

const FIXTURES: [string, string][] = [
  ['hand-written.example.com.zone', 'example.com.'],
  ['named-compilezone.example.org.zone', 'example.org.'],
  ['cli53-export.example.com.txt', 'example.com.'],
  ['octodns-bind.unit.tests.zone', 'unit.tests.'],
  ['escapes.example.net.zone', 'example.net.'],
  ['crlf.example.com.zone', 'example.com.'],
];

describe.skipIf(skip)(title, () => {
  it('is installed', () => {
    expect(installed, `${CHECKZONE} is missing: CI must install bind9-utils`).toBe(true);
    expect(execFileSync(CHECKZONE, ['-v'], { encoding: 'utf8' })).toMatch(/^9\./);
  });

  it.each(FIXTURES)('accepts the printed form of fixtures/zones/%s', (file, origin) => {
    const parsed = parseZoneFile(readFileSync(new URL(`../../../fixtures/zones/${file}`, import.meta.url), 'utf8'), { file, origin });
    expect(parsed.recordSets.length).toBeGreaterThan(0);
    expect(checkzone(origin, printZoneFile(parsed.recordSets, { origin, header: [`from ${file}`] }), file)).toBeUndefined();
  });

  it('accepts 20 random zones', () => {
    const zones: RecordSet[][] = fc.sample(arbZone(ORIGIN), { numRuns: 20 });
    zones.forEach((zone, i) => {
      expect(checkzone(ORIGIN, printZoneFile(zone, { origin: ORIGIN }), `random-${i}.zone`)).toBeUndefined();
    });
  });

  it('rejects a file BIND cannot load (the check can fail)', () => {
    const zone = `$ORIGIN example.com.\n@ 900 IN SOA ns.example.net. h.example.com. 1 2 3 4 5\n@ 300 IN NS ns.example.net.\nw 300 IN CNAME a.example.net.\nw 300 IN TXT "x"\n`;
    expect(checkzone(ORIGIN, zone, 'bad.zone')).toBeDefined();
  });
});
