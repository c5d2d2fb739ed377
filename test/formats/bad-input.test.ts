/**
 * Broken exports the laws of bad-input.property.test.ts found, kept as
 * examples: each was a crash and is now read, or refused with a message
 * naming the file.
 */
import { describe, expect, it } from 'vitest';
import { readRoute53Export } from '../../src/formats/route53-json.js';
import { readZoneExport } from '../../src/formats/zone-export.js';
import { recordKey } from '../../src/model/index.js';

describe('a listed set nested thousands deep', () => {
  it('is read, but not kept as written: a DELETE repeating it could not be written (JSON.stringify overflowed the stack)', () => {
    const deep = '['.repeat(50_000) + ']'.repeat(50_000);
    const text = `{"ResourceRecordSets":[
      {"Name":"a.example.com.","Type":"A","TTL":60,"ResourceRecords":[{"Value":"192.0.2.1"}],"Extra":${deep}},
      {"Name":"b.example.com.","Type":"A","GeoProximityLocation":{"Coordinates":{"Latitude":"1.0","Longitude":"2.0"}},"SetIdentifier":"b","TTL":60,"ResourceRecords":[{"Value":"192.0.2.2"}]}]}`;
    const exp = readRoute53Export(text, 'live.json');
    expect(exp.recordSets.map((s) => s.name)).toEqual(['a.example.com.', 'b.example.com.']);
    expect(exp.native.has(recordKey(exp.recordSets[0]!))).toBe(false);
    expect(exp.native.has(recordKey(exp.recordSets[1]!))).toBe(true);
    expect(exp.problems.map((p) => p.message)).toEqual(['live.json: a.example.com. A nests deeper than a Route 53 record set; a DELETE of it repeats the set as read, not as written']);
    expect(() => JSON.stringify([...exp.native.values()])).not.toThrow();
  });
});

describe('a zone file the lexer refuses', () => {
  it('is named once, then the line (the file was named twice: "live.zone: live.zone:1: …")', () => {
    expect(() => readZoneExport('www 60 IN A 192.0.2.1 )\n', 'live.zone')).toThrow(/^live\.zone: line 1: "\)" without a matching "\("$/);
    expect(() => readZoneExport('$TTL 60\n$INCLUDE /etc/passwd\n', 'live.zone')).toThrow(/^live\.zone: line 2: \$INCLUDE is not allowed/);
  });
});
