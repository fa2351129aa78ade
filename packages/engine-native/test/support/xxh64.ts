// An independent TypeScript xxHash64 and Ibex's canonical value bytes: the
// reference the engine's Rust stable hashes are tested against.

const P1 = 11400714785074694791n;
const P2 = 14029467366897019727n;
const P3 = 1609587929392839161n;
const P4 = 9650029242287828579n;
const P5 = 2870177450012600261n;
const M = (1n << 64n) - 1n;

const rotl = (x: bigint, r: bigint) => ((x << r) | (x >> (64n - r))) & M;
const round = (acc: bigint, lane: bigint) => (rotl((acc + lane * P2) & M, 31n) * P1) & M;
const merge = (acc: bigint, val: bigint) => ((((acc ^ round(0n, val)) * P1) & M) + P4) & M;

function u64(b: Uint8Array, i: number): bigint {
  let v = 0n;
  for (let k = 7; k >= 0; k--) v = (v << 8n) | BigInt(b[i + k] as number);
  return v;
}
function u32(b: Uint8Array, i: number): bigint {
  return BigInt(
    ((b[i] as number) | ((b[i + 1] as number) << 8) | ((b[i + 2] as number) << 16) | ((b[i + 3] as number) << 24)) >>>
      0,
  );
}

/** xxHash64 of `data` with `seed` (the published algorithm). */
export function xxh64(data: Uint8Array, seed = 0n): bigint {
  const len = data.length;
  let i = 0;
  let h: bigint;
  if (len >= 32) {
    let v1 = (seed + P1 + P2) & M;
    let v2 = (seed + P2) & M;
    let v3 = seed;
    let v4 = (seed - P1) & M;
    while (i + 32 <= len) {
      v1 = round(v1, u64(data, i));
      v2 = round(v2, u64(data, i + 8));
      v3 = round(v3, u64(data, i + 16));
      v4 = round(v4, u64(data, i + 24));
      i += 32;
    }
    h = (rotl(v1, 1n) + rotl(v2, 7n) + rotl(v3, 12n) + rotl(v4, 18n)) & M;
    h = merge(merge(merge(merge(h, v1), v2), v3), v4);
  } else {
    h = (seed + P5) & M;
  }
  h = (h + BigInt(len)) & M;
  while (i + 8 <= len) {
    h = ((rotl(h ^ round(0n, u64(data, i)), 27n) * P1) & M) + P4;
    h &= M;
    i += 8;
  }
  if (i + 4 <= len) {
    h = ((rotl(h ^ ((u32(data, i) * P1) & M), 23n) * P2) & M) + P3;
    h &= M;
    i += 4;
  }
  while (i < len) {
    h = (rotl(h ^ ((BigInt(data[i] as number) * P5) & M), 11n) * P1) & M;
    i += 1;
  }
  h ^= h >> 33n;
  h = (h * P2) & M;
  h ^= h >> 29n;
  h = (h * P3) & M;
  h ^= h >> 32n;
  return h;
}

const le8 = (v: bigint) => {
  const out = new Uint8Array(8);
  let x = BigInt.asUintN(64, v);
  for (let k = 0; k < 8; k++) {
    out[k] = Number(x & 0xffn);
    x >>= 8n;
  }
  return out;
};

/** Ibex's canonical bytes of a value of a kind (see native/src/udf/stable_hash.rs). */
export function canonicalBytes(kind: string, v: unknown): Uint8Array {
  switch (kind) {
    case "int8":
    case "int32":
    case "int64":
    case "uint8":
    case "uint64":
    case "date32":
      return le8(BigInt(v as number | bigint));
    case "float64": {
      const x = v as number;
      if (Number.isNaN(x)) return le8(0x7ff8000000000000n);
      const buf = new DataView(new ArrayBuffer(8));
      buf.setFloat64(0, x === 0 ? 0 : x, true);
      return new Uint8Array(buf.buffer);
    }
    case "bool":
      return Uint8Array.of(v ? 1 : 0);
    case "utf8":
      return new TextEncoder().encode(v as string);
    case "binary":
      return v as Uint8Array;
    default:
      throw new Error(`no canonical bytes for ${kind}`);
  }
}
