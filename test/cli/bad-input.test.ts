/**
 * Broken input files the CLI laws of bad-input.property.test.ts found, kept
 * as examples: each exits 2 with a message that names the file.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { otherService } from '../support/cloudtrail.js';
import { runMain } from '../support/run-main.js';
import { tempDirs } from '../support/temp-dirs.js';

const tempDir = tempDirs('zr-cli-bad-ex-');

describe('inputs that hold no Route 53 event', () => {
  it('are named in the refusal (it said only "in the inputs")', async () => {
    const dir = tempDir();
    const files = ['a.json', 'b.json', 'c.json', 'd.json'].map((f) => join(dir, f));
    for (const f of files) writeFileSync(f, JSON.stringify({ Records: [otherService('ev-1', '2024-03-01T10:00:00Z')] }));
    const one = await runMain(['replay', files[0]!]);
    expect(one.code).toBe(2);
    expect(one.err).toBe(`zone-replay: no Route 53 hosted-zone events in ${files[0]} (1 file(s) read, 0 unreadable); nothing to replay\n`);
    const four = await runMain(['log', ...files]);
    expect(four.code).toBe(2);
    expect(four.err).toContain(`no Route 53 hosted-zone events in ${files.slice(0, 3).join(', ')} and 1 more (4 file(s) read, 0 unreadable); nothing to log`);
  });
});
