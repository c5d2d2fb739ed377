import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { StructTextError, formatStructText, parseStructText, type StructObject, type StructValue } from '../../src/sql/struct-text.js';

describe('parseStructText', () => {
  it('reads Athena userIdentity text with nested structs and null', () => {
    const text =
      '{type=AssumedRole, principalid=AROAEXAMPLE:s, arn=arn:aws:sts::111122223333:assumed-role/r/s, accountid=111122223333, invokedby=null, ' +
      'accesskeyid=ASIAEXAMPLE, username=null, sessioncontext={attributes={mfaauthenticated=false, creationdate=2024-03-05T10:02:11Z}, ' +
      'sessionissuer={type=Role, principalid=AROAEXAMPLE, arn=arn:aws:iam::111122223333:role/r, accountid=111122223333, username=r}, ec2roledelivery=null}}';
    expect(parseStructText(text)).toEqual({
      type: 'AssumedRole',
      principalid: 'AROAEXAMPLE:s',
      arn: 'arn:aws:sts::111122223333:assumed-role/r/s',
      accountid: '111122223333',
      invokedby: null,
      accesskeyid: 'ASIAEXAMPLE',
      username: null,
      sessioncontext: {
        attributes: { mfaauthenticated: 'false', creationdate: '2024-03-05T10:02:11Z' },
        sessionissuer: { type: 'Role', principalid: 'AROAEXAMPLE', arn: 'arn:aws:iam::111122223333:role/r', accountid: '111122223333', username: 'r' },
        ec2roledelivery: null,
      },
    });
  });

  it('keeps commas, equals signs and braces that cannot end a value', () => {
    expect(parseStructText('{username=a,b=c, arn=x}')).toEqual({ username: 'a,b=c', arn: 'x' });
    expect(parseStructText('{username=a}b, arn=}')).toEqual({ username: 'a}b', arn: '' });
    expect(parseStructText('{}')).toEqual({});
    expect(parseStructText('null')).toBeNull();
  });

  it('never puts a __proto__ member on a prototype', () => {
    const v = parseStructText('{__proto__={polluted=yes}}') as StructObject;
    expect(Object.hasOwn(v, '__proto__')).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('says where malformed text goes wrong', () => {
    expect(() => parseStructText('{type=IAMUser')).toThrow(StructTextError);
    expect(() => parseStructText('{=x}')).toThrow(/character 2: expected a member name/);
    expect(() => parseStructText('{a={}}x')).toThrow(/text after the closing brace/);
    expect(() => parseStructText('{a=b} trailing')).toThrow(/value never ends/);
  });

  // The law the reader relies on: text Athena writes for a struct reads back
  // to that struct, whenever no value itself looks like a separator.
  it('round-trips structs whose values hold no ", key=" and no "}"', () => {
    const key = fc.stringMatching(/^[a-z][a-z0-9_]{0,8}$/);
    const scalar = fc
      .string({ unit: fc.constantFrom('a', 'Z', '0', ':', '/', ',', ' ', '=', '{', '-', '.', '@') })
      .filter((s) => s !== 'null' && !s.startsWith('{') && !/, [^\s=,{}][^=,{}]*=/.test(s) && s.trim() === s);
    const value: fc.Arbitrary<StructValue> = fc.letrec<{ v: StructValue; o: StructObject }>((tie) => ({
      v: fc.oneof({ depthSize: 'small', withCrossShrink: true }, scalar, fc.constant(null), tie('o')),
      o: fc.dictionary(key, tie('v'), { maxKeys: 4 }),
    })).o;
    fc.assert(
      fc.property(value, (v) => {
        expect(parseStructText(formatStructText(v))).toEqual(v);
      }),
      { numRuns: 300 },
    );
  });
});
