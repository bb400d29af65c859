/**
 * Test vectors. FNV-1a 64: the published vectors of the FNV reference (Noll's test_fnv.c, also in
 * the IETF draft draft-eastlake-fnv). The finalised key hash and jump hash: outputs of the
 * reference C code (FNV-1a 64 and MurmurHash3's fmix64 as published; the paper's Figure 1 for jump),
 * compiled with g++ and run on the keys below.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fnv1a64, fromBigInt, keyHash, mul64, parseU64, toBigInt, toHex } from '../hash';
import { jumpHash, jumpHashReference } from '../jump';

const LONG = process.env['ATLAS_LONG'] === '1';
const RUNS = LONG ? 20_000 : 300;
/** Property runs take seconds on a loaded machine, the long ones minutes. */
const TIMEOUT = LONG ? 600_000 : 30_000;

describe('FNV-1a 64', () => {
  it.each([
    ['', 'cbf29ce484222325'],
    ['a', 'af63dc4c8601ec8c'],
    ['foobar', '85944171f73967e8'],
  ])('matches the published vector for %j', (text, hex) => {
    expect(toHex(fnv1a64(text))).toBe(hex);
  });

  it(
    'hashes UTF-8 bytes, as TextEncoder writes them',
    () => {
      fc.assert(
        fc.property(fc.string({ unit: 'binary', maxLength: 24 }), (text) => {
          let h = 0xcbf29ce484222325n;
          for (const byte of new TextEncoder().encode(text)) {
            h = BigInt.asUintN(64, (h ^ BigInt(byte)) * 0x100000001b3n);
          }
          expect(toBigInt(fnv1a64(text))).toBe(h);
        }),
        { numRuns: RUNS },
      );
    },
    TIMEOUT,
  );
});

describe('the key hash: FNV-1a 64 then fmix64', () => {
  // From the reference C code (fnv1a64 then MurmurHash3's fmix64), compiled with g++.
  it.each([
    ['', 'efd01f60ba992926'],
    ['a', '82a2a958a9bece5b'],
    ['foobar', '2c22194922d1672b'],
    ['key:0', '4ff2ec70d4f843ed'],
    ['key:1', '38df317ac31d6270'],
    ['hot-key', '0c736d726348fe54'],
    ['N1#0', '7a48501e8ea4e2ed'],
    ['café', 'f50b1f8e2c0682e6'],
  ])('hashes %j as the C code does', (text, hex) => {
    expect(toHex(keyHash(text))).toBe(hex);
  });

  it(
    'multiplies 64-bit numbers as BigInt does',
    () => {
      fc.assert(
        fc.property(
          fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }),
          fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }),
          (a, b) => {
            const x = fromBigInt(a);
            const y = fromBigInt(b);
            expect(toBigInt(mul64(x.hi, x.lo, y.hi, y.lo, { hi: 0, lo: 0 }))).toBe(BigInt.asUintN(64, a * b));
          },
        ),
        { numRuns: RUNS },
      );
    },
    TIMEOUT,
  );
});

describe('jump consistent hash', () => {
  const BUCKETS = [1, 2, 3, 7, 10, 16, 100, 1000, 65536, 2147483647];
  // Outputs of JumpConsistentHash (Lamping and Veach, Figure 1), compiled with g++ -O2.
  const REFERENCE: { key: string; buckets: number[] }[] = [
    { key: '0', buckets: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0] },
    { key: '1', buckets: [0, 0, 0, 6, 7, 15, 33, 591, 27994, 732768973] },
    { key: '2', buckets: [0, 0, 0, 5, 5, 15, 95, 566, 51222, 57892824] },
    { key: '3', buckets: [0, 0, 2, 6, 6, 6, 86, 872, 63238, 1419755737] },
    { key: '42', buckets: [0, 1, 1, 4, 7, 7, 7, 145, 47307, 1357376617] },
    { key: '255', buckets: [0, 1, 1, 6, 9, 9, 31, 31, 41096, 420554128] },
    { key: '256', buckets: [0, 1, 1, 1, 1, 1, 45, 164, 11155, 1141695271] },
    { key: '1000', buckets: [0, 0, 0, 5, 5, 13, 13, 13, 11337, 1176726663] },
    { key: '123456789', buckets: [0, 0, 0, 0, 7, 7, 99, 460, 23796, 1593493040] },
    { key: '4294967295', buckets: [0, 0, 2, 5, 5, 12, 12, 419, 27344, 219532300] },
    { key: '4294967296', buckets: [0, 1, 1, 5, 5, 5, 24, 261, 34279, 250752259] },
    { key: '9007199254740993', buckets: [0, 0, 0, 3, 3, 3, 44, 755, 56537, 944573831] },
    { key: '9223372036854775808', buckets: [0, 1, 1, 3, 9, 9, 55, 307, 45432, 1781938215] },
    { key: '16045690984503098046', buckets: [0, 1, 1, 1, 9, 9, 9, 751, 28529, 256767637] },
    { key: '18446744073709551615', buckets: [0, 1, 1, 5, 5, 5, 62, 845, 35514, 1410911053] },
  ];
  // The C code on FNV-1a 64 hashes of strings, with 1000 buckets.
  const ON_FNV: [string, number][] = [
    ['', 351],
    ['a', 366],
    ['foobar', 628],
    ['key:0', 592],
    ['key:1', 908],
    ['user:42', 132],
    ['N1#0', 653],
    ['hot', 793],
  ];

  it.each(REFERENCE)('gives the reference buckets for key $key', ({ key, buckets }) => {
    const k = parseU64(key);
    expect(BUCKETS.map((n) => jumpHash(k.hi, k.lo, n))).toEqual(buckets);
    expect(BUCKETS.map((n) => jumpHashReference(BigInt(key), n))).toEqual(buckets);
  });

  it.each(ON_FNV)('gives the reference bucket of FNV-1a 64 of %j', (text, bucket) => {
    const h = fnv1a64(text);
    expect(jumpHash(h.hi, h.lo, 1000)).toBe(bucket);
  });

  it(
    'agrees with the paper’s code in BigInt on any key and bucket count',
    () => {
      fc.assert(
        fc.property(
          fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }),
          fc.integer({ min: 1, max: 2 ** 31 - 1 }),
          (key, n) => {
            const k = fromBigInt(key);
            expect(jumpHash(k.hi, k.lo, n)).toBe(jumpHashReference(key, n));
          },
        ),
        { numRuns: RUNS },
      );
    },
    TIMEOUT,
  );

  it('refuses a bucket count outside 1 to 2^31 - 1, and a key outside 64 bits', () => {
    expect(() => jumpHash(0, 0, 0)).toThrow(/1 to 2147483647/);
    expect(() => parseU64('18446744073709551616')).toThrow(/64 bits/);
    expect(() => parseU64('-1')).toThrow(/unsigned/);
  });
});
