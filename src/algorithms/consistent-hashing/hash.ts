/**
 * The key hash: FNV-1a 64 (Fowler, Noll and Vo), over the key's UTF-8 bytes, finalised with
 * MurmurHash3's fmix64 (Appleby). FNV-1a alone changes mostly the low bits when only a key's last
 * character differs ("key:0", "key:1"), and the ring reads the high 32 bits, so the finaliser
 * spreads every input bit over all 64 before a key is placed.
 *
 * Unsigned 64-bit numbers are two 32-bit halves (hi, lo) in plain numbers: BigInt is ten times
 * slower, and a million keys must hash in a fraction of a second. Products are formed from 16-bit
 * limbs so that no partial sum exceeds 2^53.
 */

/** An unsigned 64-bit value as two unsigned 32-bit halves. */
export interface U64 {
  hi: number;
  lo: number;
}

const TWO32 = 4294967296;

/** (a * b) mod 2^64 for halves (ah, al) and (bh, bl); writes into `out`. */
export function mul64(ah: number, al: number, bh: number, bl: number, out: U64): U64 {
  const a0 = al & 0xffff;
  const a1 = al >>> 16;
  const a2 = ah & 0xffff;
  const a3 = ah >>> 16;
  const b0 = bl & 0xffff;
  const b1 = bl >>> 16;
  const b2 = bh & 0xffff;
  const b3 = bh >>> 16;
  // Each partial sum stays below 2^32 before it is split, so the shifts are exact (as in Long.js).
  let c0 = a0 * b0;
  let c1 = c0 >>> 16;
  c0 &= 0xffff;
  c1 += a1 * b0;
  let c2 = c1 >>> 16;
  c1 &= 0xffff;
  c1 += a0 * b1;
  c2 += c1 >>> 16;
  c1 &= 0xffff;
  c2 += a2 * b0;
  let c3 = c2 >>> 16;
  c2 &= 0xffff;
  c2 += a1 * b1;
  c3 += c2 >>> 16;
  c2 &= 0xffff;
  c2 += a0 * b2;
  c3 += c2 >>> 16;
  c2 &= 0xffff;
  // Only the low 16 bits of the top limb remain; `&` takes them exactly from a sum below 2^53.
  c3 = (c3 + a3 * b0 + a2 * b1 + a1 * b2 + a0 * b3) & 0xffff;
  out.hi = ((c3 << 16) | c2) >>> 0;
  out.lo = ((c1 << 16) | c0) >>> 0;
  return out;
}

/** FNV-1a 64 of a string's UTF-8 bytes: offset basis 0xcbf29ce484222325, prime 2^40 + 0x1b3. */
export function fnv1a64(text: string, out: U64 = { hi: 0, lo: 0 }): U64 {
  let hi = 0xcbf29ce4;
  let lo = 0x84222325;
  const step = (byte: number) => {
    lo = (lo ^ byte) >>> 0;
    // h * (2^40 + 0x1b3): the low half times 0x1b3 carries into the high half, and h << 40
    // moves the low 24 bits of the low half to the top of the high half.
    const pl = lo * 0x1b3;
    const ph = hi * 0x1b3 + Math.floor(pl / TWO32) + ((lo << 8) >>> 0);
    lo = pl >>> 0;
    hi = ph >>> 0;
  };
  for (let i = 0; i < text.length; i++) {
    let c = text.charCodeAt(i);
    if (c < 0x80) {
      step(c);
      continue;
    }
    if (c >= 0xd800 && c < 0xdc00 && i + 1 < text.length) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d < 0xe000) {
        c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
        i++;
      }
    }
    if (c >= 0xd800 && c < 0xe000) c = 0xfffd; // a lone surrogate, as TextEncoder writes it
    if (c < 0x800) {
      step(0xc0 | (c >> 6));
    } else if (c < 0x10000) {
      step(0xe0 | (c >> 12));
      step(0x80 | ((c >> 6) & 0x3f));
    } else {
      step(0xf0 | (c >> 18));
      step(0x80 | ((c >> 12) & 0x3f));
      step(0x80 | ((c >> 6) & 0x3f));
    }
    if (c >= 0x80) step(0x80 | (c & 0x3f));
  }
  out.hi = hi;
  out.lo = lo;
  return out;
}

/** MurmurHash3's 64-bit finaliser: every input bit affects every output bit. In place. */
export function fmix64(h: U64): U64 {
  h.lo = (h.lo ^ (h.hi >>> 1)) >>> 0;
  mul64(h.hi, h.lo, 0xff51afd7, 0xed558ccd, h);
  h.lo = (h.lo ^ (h.hi >>> 1)) >>> 0;
  mul64(h.hi, h.lo, 0xc4ceb9fe, 0x1a85ec53, h);
  h.lo = (h.lo ^ (h.hi >>> 1)) >>> 0;
  return h;
}

/** The hash every key and every virtual node is placed by. */
export function keyHash(text: string, out: U64 = { hi: 0, lo: 0 }): U64 {
  return fmix64(fnv1a64(text, out));
}

/** MurmurHash3's 32-bit finaliser, for rendezvous scores. */
export function fmix32(x: number): number {
  let h = x >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

export function toBigInt(h: U64): bigint {
  return (BigInt(h.hi) << 32n) | BigInt(h.lo);
}

export function fromBigInt(value: bigint): U64 {
  const v = BigInt.asUintN(64, value);
  return { hi: Number(v >> 32n), lo: Number(v & 0xffffffffn) };
}

export function toHex(h: U64): string {
  return h.hi.toString(16).padStart(8, '0') + h.lo.toString(16).padStart(8, '0');
}

/** Reads a decimal unsigned 64-bit number; throws saying why when it is not one. */
export function parseU64(text: string): U64 {
  if (!/^\d+$/.test(text.trim())) throw new Error(`"${text}" is not an unsigned decimal integer`);
  const value = BigInt(text.trim());
  if (value >= 1n << 64n) throw new Error(`${text} does not fit in 64 bits (at most 18446744073709551615)`);
  return fromBigInt(value);
}
