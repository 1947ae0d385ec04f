/**
 * FarmHash Fingerprint64 (farmhashna::Hash64), the hash TensorFlow's StringToHashBucketFast uses.
 * Written from the published algorithm with BigInt arithmetic modulo 2^64; only strings long enough
 * to reach each branch cost more than a few operations, and vocabulary strings are short.
 */
const MASK = (1n << 64n) - 1n;
const K0 = 0xc3a5c85c97cb3127n;
const K1 = 0xb492b66fbe98f273n;
const K2 = 0x9ae16a3b2f90404fn;

const m = (x: bigint): bigint => x & MASK;
const mul = (a: bigint, b: bigint): bigint => (a * b) & MASK;
const add = (...xs: bigint[]): bigint => xs.reduce((s, x) => s + x, 0n) & MASK;
const rotate = (v: bigint, s: number): bigint => (s === 0 ? v : m((v >> BigInt(s)) | (v << BigInt(64 - s))));
const shiftMix = (v: bigint): bigint => v ^ (v >> 47n);

function fetch64(s: Uint8Array, i: number): bigint {
  let v = 0n;
  for (let k = 7; k >= 0; k--) v = (v << 8n) | BigInt(s[i + k]!);
  return v;
}

function fetch32(s: Uint8Array, i: number): bigint {
  return BigInt((s[i]! | (s[i + 1]! << 8) | (s[i + 2]! << 16) | (s[i + 3]! << 24)) >>> 0);
}

function hashLen16(u: bigint, v: bigint, k: bigint): bigint {
  let a = mul(u ^ v, k);
  a ^= a >> 47n;
  let b = mul(v ^ a, k);
  b ^= b >> 47n;
  return mul(b, k);
}

function hashLen0to16(s: Uint8Array, len: number): bigint {
  const k = add(K2, BigInt(len * 2));
  if (len >= 8) {
    const a = add(fetch64(s, 0), K2);
    const b = fetch64(s, len - 8);
    const c = add(mul(rotate(b, 37), k), a);
    const d = mul(add(rotate(a, 25), b), k);
    return hashLen16(c, d, k);
  }
  if (len >= 4) {
    const a = fetch32(s, 0);
    return hashLen16(add(BigInt(len), a << 3n), fetch32(s, len - 4), k);
  }
  if (len > 0) {
    const y = BigInt((s[0]! + (s[len >> 1]! << 8)) >>> 0);
    const z = BigInt((len + (s[len - 1]! << 2)) >>> 0);
    return mul(shiftMix(mul(y, K2) ^ mul(z, K0)), K2);
  }
  return K2;
}

function hashLen17to32(s: Uint8Array, len: number): bigint {
  const k = add(K2, BigInt(len * 2));
  const a = mul(fetch64(s, 0), K1);
  const b = fetch64(s, 8);
  const c = mul(fetch64(s, len - 8), k);
  const d = mul(fetch64(s, len - 16), K2);
  return hashLen16(add(rotate(add(a, b), 43), rotate(c, 30), d), add(a, rotate(add(b, K2), 18), c), k);
}

function hashLen33to64(s: Uint8Array, len: number): bigint {
  const k = add(K2, BigInt(len * 2));
  const a = mul(fetch64(s, 0), K2);
  const b = fetch64(s, 8);
  const c = mul(fetch64(s, len - 8), k);
  const d = mul(fetch64(s, len - 16), K2);
  const y = add(rotate(add(a, b), 43), rotate(c, 30), d);
  const z = hashLen16(y, add(a, rotate(add(b, K2), 18), c), k);
  const e = mul(fetch64(s, 16), k);
  const f = fetch64(s, 24);
  const g = mul(add(y, fetch64(s, len - 32)), k);
  const h = mul(add(z, fetch64(s, len - 24)), k);
  return hashLen16(add(rotate(add(e, f), 43), rotate(g, 30), h), add(e, rotate(add(f, a), 18), g), k);
}

function weakHashLen32WithSeeds(s: Uint8Array, i: number, a0: bigint, b0: bigint): [bigint, bigint] {
  const w = fetch64(s, i);
  const x = fetch64(s, i + 8);
  const y = fetch64(s, i + 16);
  const z = fetch64(s, i + 24);
  let a = add(a0, w);
  let b = rotate(add(b0, a, z), 21);
  const c = a;
  a = add(a, x, y);
  b = add(b, rotate(a, 44));
  return [add(a, z), add(b, c)];
}

/** Fingerprint64 of the bytes, as an unsigned 64-bit BigInt. */
export function fingerprint64(s: Uint8Array): bigint {
  const len = s.length;
  if (len <= 16) return hashLen0to16(s, len);
  if (len <= 32) return hashLen17to32(s, len);
  if (len <= 64) return hashLen33to64(s, len);
  const seed = 81n;
  let x = seed;
  let y = add(mul(seed, K1), 113n);
  let z = mul(shiftMix(add(mul(y, K2), 113n)), K2);
  let v: [bigint, bigint] = [0n, 0n];
  let w: [bigint, bigint] = [0n, 0n];
  x = add(mul(x, K2), fetch64(s, 0));
  const end = Math.floor((len - 1) / 64) * 64;
  const last64 = end + ((len - 1) & 63) - 63;
  let p = 0;
  do {
    x = mul(rotate(add(x, y, v[0], fetch64(s, p + 8)), 37), K1);
    y = mul(rotate(add(y, v[1], fetch64(s, p + 48)), 42), K1);
    x ^= w[1];
    y = add(y, v[0], fetch64(s, p + 40));
    z = mul(rotate(add(z, w[0]), 33), K1);
    v = weakHashLen32WithSeeds(s, p, mul(v[1], K1), add(x, w[0]));
    w = weakHashLen32WithSeeds(s, p + 32, add(z, w[1]), add(y, fetch64(s, p + 16)));
    [z, x] = [x, z];
    p += 64;
  } while (p !== end);
  const k = add(K1, (z & 0xffn) << 1n);
  p = last64;
  w[0] = add(w[0], BigInt((len - 1) & 63));
  v[0] = add(v[0], w[0]);
  w[0] = add(w[0], v[0]);
  x = mul(rotate(add(x, y, v[0], fetch64(s, p + 8)), 37), k);
  y = mul(rotate(add(y, v[1], fetch64(s, p + 48)), 42), k);
  x ^= mul(w[1], 9n);
  y = add(y, mul(v[0], 9n), fetch64(s, p + 40));
  z = mul(rotate(add(z, w[0]), 33), k);
  v = weakHashLen32WithSeeds(s, p, mul(v[1], k), add(x, w[0]));
  w = weakHashLen32WithSeeds(s, p + 32, add(z, w[1]), add(y, fetch64(s, p + 16)));
  [z, x] = [x, z];
  return hashLen16(
    add(hashLen16(v[0], w[0], k), mul(shiftMix(y), K0), z),
    add(hashLen16(v[1], w[1], k), x),
    k,
  );
}
