/**
 * Jump consistent hash (Lamping and Veach, "A Fast, Minimal Memory, Consistent Hash Algorithm",
 * 2014), exactly as the paper's Figure 1, on an unsigned 64-bit key:
 *
 *   int32_t JumpConsistentHash(uint64_t key, int32_t num_buckets) {
 *     int64_t b = -1, j = 0;
 *     while (j < num_buckets) {
 *       b = j;
 *       key = key * 2862933555777941749ULL + 1;
 *       j = (b + 1) * (double(1LL << 31) / double((key >> 33) + 1));
 *     }
 *     return b;
 *   }
 *
 * The key is two 32-bit halves; `key >> 33` is the high half shifted by one, and the division is
 * the same IEEE double arithmetic as the C code's.
 */
import { mul64, type U64 } from './hash';

// 2862933555777941749 = 0x27bb2ee6_87b0b0f5
const MUL_HI = 0x27bb2ee6;
const MUL_LO = 0x87b0b0f5;
const TWO31 = 2147483648;
/** The key as it is stepped; one object for every call, since a million calls would allocate a million. */
const SCRATCH: U64 = { hi: 0, lo: 0 };

/** The bucket, in [0, buckets), of a 64-bit key given as halves. */
export function jumpHash(hi: number, lo: number, buckets: number): number {
  if (!Number.isInteger(buckets) || buckets < 1 || buckets > 0x7fffffff) {
    throw new RangeError(`jump hash needs 1 to 2147483647 buckets, got ${buckets}`);
  }
  const key = SCRATCH;
  key.hi = hi;
  key.lo = lo;
  let b = -1;
  let j = 0;
  while (j < buckets) {
    b = j;
    mul64(key.hi, key.lo, MUL_HI, MUL_LO, key);
    // + 1 with the carry into the high half.
    if (key.lo === 0xffffffff) {
      key.lo = 0;
      key.hi = (key.hi + 1) >>> 0;
    } else key.lo += 1;
    j = Math.floor((b + 1) * (TWO31 / ((key.hi >>> 1) + 1)));
  }
  return b;
}

/** The paper's code in BigInt, line for line: the reference the fast one is tested against. */
export function jumpHashReference(key: bigint, buckets: number): number {
  let k = BigInt.asUintN(64, key);
  let b = -1;
  let j = 0;
  while (j < buckets) {
    b = j;
    k = BigInt.asUintN(64, k * 2862933555777941749n + 1n);
    j = Math.floor((b + 1) * (Number(1n << 31n) / Number((k >> 33n) + 1n)));
  }
  return b;
}
