/**
 * Text from the logs that only some renderers used to escape: an eventTime
 * V8's lenient Date.parse accepts with a parenthesized payload (now refused:
 * the record is unreadable, and named with its time escaped), and a hosted
 * zone id, which is taken as logged. Every text output must show their
 * control characters as escapes.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { ctChange, ctChangeBatch, ctCreateZone, ctRrset } from '../support/cloudtrail.js';
import { fakeIO } from '../forensics/trail.js';

/** Date.parse reads it as 2024-03-01T12:00:00Z (the parenthesized text is a comment to V8); not ISO-8601, so refused. */
const HOSTILE_TIME = 'Mar 1 2024 12:00:00 GMT (\u001b]0;pwned\u0007\u001b[2J\n$INCLUDE /etc/passwd\n)';
const HOSTILE_ZONE = 'Z3EVIL\u001b[31m\u009b\u202e';
/** Raw terminal controls: C0 but tab and line feed, DEL, C1. */
const RAW = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

let tmp: string;
let file: string;

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'zr-hostile-'));
  file = join(tmp, 'trail.json');
  const records = [
    ctCreateZone({ id: 'ev-c0', time: '2024-03-01T09:00:00Z', zone: 'Z1EXAMPLE', name: 'example.com' }),
    ctChangeBatch({ id: 'ev-e1', time: '2024-03-01T10:00:00Z', zone: 'Z1EXAMPLE', changes: [ctChange('CREATE', ctRrset('www.example.com', 'A', 300, ['192.0.2.10']))] }),
    // A failed call and a rejected batch at the hostile time: both listed in the completeness report.
    ctChangeBatch({ id: 'ev-e2', time: HOSTILE_TIME, zone: 'Z1EXAMPLE', error: { code: 'AccessDenied', message: 'no' }, changes: [ctChange('UPSERT', ctRrset('www.example.com', 'A', 60, ['192.0.2.66']))] }),
    ctChangeBatch({ id: 'ev-e3', time: HOSTILE_TIME, zone: 'Z1EXAMPLE', changes: [ctChange('CREATE', ctRrset('www.example.com', 'A', 60, ['192.0.2.67']))] }),
    // A zone whose only (and so first and last) event has the hostile time.
    ctChangeBatch({ id: 'ev-f1', time: HOSTILE_TIME, zone: 'Z2LEGACY', changes: [ctChange('UPSERT', ctRrset('www.legacy.org', 'A', 300, ['198.51.100.5']))] }),
    // A C1 CSI and a right-to-left override in a value and a user agent: JSON.stringify leaves them raw.
    { ...ctChangeBatch({ id: 'ev-h1', time: '2024-03-01T11:00:00Z', zone: 'Z1EXAMPLE', changes: [ctChange('CREATE', ctRrset('txt.example.com', 'TXT', 60, ['"a"'], { setIdentifier: 'one\u009b31m\u202e', weight: 1 }))] }), userAgent: 'ua\u009b31m\u202e' },
    // A zone id with a colour escape (ids are taken as logged).
    ctChangeBatch({ id: 'ev-g1', time: '2024-03-01T10:00:00Z', zone: HOSTILE_ZONE, changes: [ctChange('UPSERT', ctRrset('www.evil.example', 'A', 300, ['198.51.100.6']))] }),
  ];
  writeFileSync(file, JSON.stringify({ Records: records }));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function cli(...argv: string[]) {
  const f = fakeIO(tmp);
  const code = await main([...argv, '--jobs', '1'], f.io);
  return { code, out: f.stdout(), err: f.stderr() };
}

describe('an eventTime with control characters', () => {
  it.each([
    ['replay', []],
    ['blame', ['blame']],
    ['timeline', ['timeline']],
    ['diff between instants', ['diff', '--zone', 'Z1EXAMPLE', '--from', '2024-03-01T09:30:00Z', '--to', '2024-03-02']],
  ])('is refused, and never reaches the terminal raw, in the text of %s', async (_, args) => {
    const r = await cli(...args, file);
    expect(r.code).toBeLessThan(2);
    for (const text of [r.out, r.err]) {
      expect(RAW.test(text)).toBe(false);
      expect(text).not.toMatch(/^\$INCLUDE/m);
    }
    // Not replayed: the zone whose only event it was is unknown, the other's report names the records.
    expect(r.out).not.toContain('Z2LEGACY');
    if (args[0] !== 'timeline') expect(r.out).toContain('record has no readable eventTime ("Mar 1 2024 12:00:00 GMT (\\u001b]0;pwned\\u0007\\u001b[2J\\n$INCLUDE /etc/passwd\\n)")');
  });

  it('stays inside the comments of a zone file', async () => {
    const r = await cli('--zone', 'Z1EXAMPLE', '--format', 'bind', file);
    expect(r.code).toBe(0);
    for (const line of r.out.split('\n')) expect(line).not.toMatch(/^\s*\$INCLUDE/);
  });
});

describe('a hosted zone id with control characters', () => {
  it('is escaped on stderr with --format route53', async () => {
    const r = await cli('--zone', HOSTILE_ZONE, '--format', 'route53', file);
    expect(r.code).toBe(0);
    expect(r.err).toContain('zone-replay: Z3EVIL\\x1b[31m\\x9b\\u202e evil.example. at');
    expect(RAW.test(r.err)).toBe(false);
  });
});

describe('JSON output', () => {
  const UNSAFE = /[\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;
  it.each([
    ['replay', ['--zone', 'Z1EXAMPLE', '--format', 'json']],
    ['replay route53', ['--zone', 'Z1EXAMPLE', '--format', 'route53']],
    ['zones', ['zones', '--format', 'json']],
    ['diff', ['diff', '--zone', 'Z1EXAMPLE', '--from', '2024-03-01T09:30:00Z', '--to', '2024-03-02', '--format', 'json']],
    ['log', ['log', '--zone', 'Z1EXAMPLE', '--format', 'json']],
  ])('of %s writes C1 controls and bidi overrides as escapes', async (_, args) => {
    const r = await cli(...args, file);
    expect(r.code).toBeLessThan(2);
    expect(UNSAFE.test(r.out)).toBe(false);
    // The same values once read: a C1 control came from the logs into each document.
    expect(JSON.stringify(JSON.parse(r.out))).toContain('\u009b');
  });
});
