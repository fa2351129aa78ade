import type { DescField, DescMessage, Message } from "@bufbuild/protobuf";
import { ScalarType, toBinary } from "@bufbuild/protobuf";

/**
 * Binary protobuf encoding of protobuf-es messages, byte for byte what
 * `toBinary` writes, in a fraction of the time: each message type's fields
 * are read from its descriptor once into a flat plan, sizes are computed in
 * a first pass (cached per message object, so shared subtrees cost once),
 * and the bytes are written into one preallocated buffer in a second, with
 * no per-field reflection objects and no fork/join copies. Compiling a
 * TPC-H query spent about 70% of its time in `toBinary`.
 *
 * Messages with features Substrait plans do not use (maps, groups, unknown
 * fields) fall back to `toBinary`.
 */
export function encodeBinary<T extends Message>(schema: DescMessage, message: T): Uint8Array {
  const sizes = new Map<object, number>();
  try {
    const total = sizeOf(schema, message as unknown as Fields, sizes);
    const out = new Writer(total);
    write(schema, message as unknown as Fields, sizes, out);
    return out.buf;
  } catch (e) {
    if (e !== FALLBACK) throw e;
    return toBinary(schema as never, message as never);
  }
}

type Fields = Record<string, unknown> & { readonly $unknown?: readonly unknown[] };

const FALLBACK = Symbol("fallback to toBinary");

enum Wire {
  Varint = 0,
  Bit64 = 1,
  Len = 2,
  Bit32 = 5,
}

interface Plan {
  /**
   * A oneof written as one slot: its members by case. Used when no other
   * field's number falls between the members', so writing the set member
   * here keeps the fields in number order, as protobuf-es writes them.
   */
  readonly members?: ReadonlyMap<string, Plan>;
  readonly number: number;
  readonly name: string;
  /** The oneof's property, for a oneof member. */
  readonly oneof: string | undefined;
  readonly kind: "scalar" | "message" | "scalarList" | "messageList";
  readonly scalar: ScalarType;
  /** Only set values are written: explicit presence, or a non-zero implicit one. */
  readonly explicit: boolean;
  readonly packed: boolean;
  readonly message: DescMessage | undefined;
  /** The tag's varint as a number (field number and wire type). */
  readonly tag: number;
  readonly isEnum: boolean;
  /** The zero value of an enum (its first value), for implicit presence. */
  readonly enumZero: number;
}

const IMPLICIT = 2;
const plans = new WeakMap<DescMessage, readonly Plan[]>();

function wireOf(t: ScalarType): Wire {
  switch (t) {
    case ScalarType.DOUBLE:
    case ScalarType.FIXED64:
    case ScalarType.SFIXED64:
      return Wire.Bit64;
    case ScalarType.FLOAT:
    case ScalarType.FIXED32:
    case ScalarType.SFIXED32:
      return Wire.Bit32;
    case ScalarType.STRING:
    case ScalarType.BYTES:
      return Wire.Len;
    default:
      return Wire.Varint;
  }
}

function planOf(desc: DescMessage): readonly Plan[] {
  const hit = plans.get(desc);
  if (hit !== undefined) return hit;
  const plan = [...desc.fields]
    .sort((a, b) => a.number - b.number)
    .map((f: DescField): Plan => {
      if (f.fieldKind === "map") throw FALLBACK;
      if ((f.fieldKind === "message" || (f.fieldKind === "list" && f.listKind === "message")) && f.delimitedEncoding)
        throw FALLBACK;
      const base = {
        number: f.number,
        name: f.localName,
        oneof: f.oneof?.localName,
        explicit: f.oneof !== undefined || f.presence !== IMPLICIT,
        isEnum: false,
        enumZero: 0,
      };
      switch (f.fieldKind) {
        case "scalar":
          return {
            ...base,
            kind: "scalar",
            scalar: f.scalar,
            packed: false,
            message: undefined,
            tag: (f.number << 3) | wireOf(f.scalar),
          };
        case "enum":
          return {
            ...base,
            kind: "scalar",
            scalar: ScalarType.INT32,
            packed: false,
            message: undefined,
            tag: (f.number << 3) | Wire.Varint,
            isEnum: true,
            enumZero: f.enum.values[0]?.number ?? 0,
          };
        case "message":
          return {
            ...base,
            kind: "message",
            scalar: ScalarType.INT32,
            packed: false,
            message: f.message,
            tag: (f.number << 3) | Wire.Len,
          };
        case "list": {
          if (f.listKind === "message")
            return {
              ...base,
              kind: "messageList",
              scalar: ScalarType.INT32,
              packed: false,
              message: f.message,
              tag: (f.number << 3) | Wire.Len,
            };
          const scalar = f.listKind === "enum" ? ScalarType.INT32 : f.scalar;
          return {
            ...base,
            kind: "scalarList",
            scalar,
            packed: f.packed,
            message: undefined,
            tag: (f.number << 3) | (f.packed ? Wire.Len : wireOf(scalar)),
          };
        }
        default:
          throw FALLBACK;
      }
    });
  const grouped = groupOneofs(plan);
  plans.set(desc, grouped);
  return grouped;
}

/** Replaces each oneof's members by one slot where that keeps the number order. */
function groupOneofs(fields: readonly Plan[]): readonly Plan[] {
  const out: Plan[] = [];
  const done = new Set<string>();
  for (const f of fields) {
    if (f.oneof === undefined) {
      out.push(f);
      continue;
    }
    if (done.has(f.oneof)) continue;
    const members = fields.filter((m) => m.oneof === f.oneof);
    const [lo, hi] = [members[0]?.number ?? 0, members[members.length - 1]?.number ?? 0];
    const interleaved = fields.some((o) => o.oneof !== f.oneof && o.number > lo && o.number < hi);
    if (interleaved) {
      out.push(...members);
    } else {
      out.push({ ...f, members: new Map(members.map((m) => [m.name, m])) });
    }
    done.add(f.oneof);
  }
  return out;
}

/** The value `active` found (a module slot, not a tuple: no allocation per field). */
let activeValue: unknown;

/** The plan of a slot's field to write (its value in `activeValue`), or undefined. */
function active(p: Plan, msg: Fields): Plan | undefined {
  if (p.members === undefined) {
    activeValue = fieldValue(p, msg);
    return activeValue === undefined ? undefined : p;
  }
  const o = msg[p.oneof as string] as { case?: string; value?: unknown } | undefined;
  const m = o?.case === undefined ? undefined : p.members.get(o.case);
  activeValue = o?.value;
  return m === undefined || activeValue === undefined ? undefined : m;
}

/** The field's value if it is to be written, else undefined. */
function fieldValue(p: Plan, msg: Fields): unknown {
  if (p.oneof !== undefined) {
    const o = msg[p.oneof] as { case?: string; value?: unknown } | undefined;
    return o?.case === p.name ? o.value : undefined;
  }
  const v = msg[p.name];
  if (v === undefined) return undefined;
  if (p.kind === "scalarList" || p.kind === "messageList") return (v as readonly unknown[]).length > 0 ? v : undefined;
  if (p.explicit || p.kind === "message") return Object.hasOwn(msg, p.name) ? v : undefined;
  return isZero(p, v) ? undefined : v;
}

function isZero(p: Plan, v: unknown): boolean {
  if (p.isEnum) return v === p.enumZero;
  switch (p.scalar) {
    case ScalarType.BOOL:
      return v === false;
    case ScalarType.STRING:
      return v === "";
    case ScalarType.BYTES:
      return (v as Uint8Array).byteLength === 0;
    case ScalarType.DOUBLE:
    case ScalarType.FLOAT:
      // -0 is written: Object.is tells it from 0, as protobuf-es does.
      return Object.is(v, 0);
    default:
      // biome-ignore lint/suspicious/noDoubleEquals: 0, 0n and "0" are all zero, as in protobuf-es
      return v == 0;
  }
}

const varintLen = (n: number): number =>
  n < 0x80 ? 1 : n < 0x4000 ? 2 : n < 0x200000 ? 3 : n < 0x10000000 ? 4 : n < 0x800000000 ? 5 : 10;

function varint64Len(v: bigint): number {
  let x = BigInt.asUintN(64, v);
  let n = 1;
  while (x >= 0x80n) {
    x >>= 7n;
    n++;
  }
  return n;
}

function utf8Len(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

const int64 = (v: unknown): bigint => (typeof v === "bigint" ? v : BigInt(v as string | number));

function scalarLen(t: ScalarType, v: unknown): number {
  switch (t) {
    case ScalarType.DOUBLE:
    case ScalarType.FIXED64:
    case ScalarType.SFIXED64:
      return 8;
    case ScalarType.FLOAT:
    case ScalarType.FIXED32:
    case ScalarType.SFIXED32:
      return 4;
    case ScalarType.BOOL:
      return 1;
    case ScalarType.STRING: {
      const n = utf8Len(v as string);
      return varintLen(n) + n;
    }
    case ScalarType.BYTES: {
      const n = (v as Uint8Array).byteLength;
      return varintLen(n) + n;
    }
    case ScalarType.INT32:
      return (v as number) < 0 ? 10 : varintLen(v as number);
    case ScalarType.UINT32:
      return varintLen((v as number) >>> 0);
    case ScalarType.SINT32:
      return varintLen((((v as number) << 1) ^ ((v as number) >> 31)) >>> 0);
    case ScalarType.INT64:
    case ScalarType.UINT64:
      return varint64Len(int64(v));
    case ScalarType.SINT64: {
      const x = int64(v);
      return varint64Len((x << 1n) ^ (x >> 63n));
    }
    default:
      throw FALLBACK;
  }
}

function sizeOf(desc: DescMessage, msg: Fields, sizes: Map<object, number>): number {
  const hit = sizes.get(msg);
  if (hit !== undefined) return hit;
  if (msg.$unknown !== undefined && msg.$unknown.length > 0) throw FALLBACK;
  let n = 0;
  for (const slot of planOf(desc)) {
    const p = active(slot, msg);
    if (p === undefined) continue;
    const v = activeValue;
    const tagLen = varintLen(p.tag);
    switch (p.kind) {
      case "scalar":
        n += tagLen + scalarLen(p.scalar, v);
        break;
      case "message": {
        const inner = sizeOf(p.message as DescMessage, v as Fields, sizes);
        n += tagLen + varintLen(inner) + inner;
        break;
      }
      case "messageList":
        for (const item of v as readonly Fields[]) {
          const inner = sizeOf(p.message as DescMessage, item, sizes);
          n += tagLen + varintLen(inner) + inner;
        }
        break;
      case "scalarList": {
        let body = 0;
        for (const item of v as readonly unknown[]) body += scalarLen(p.scalar, item);
        n += p.packed ? tagLen + varintLen(body) + body : (v as readonly unknown[]).length * tagLen + body;
        break;
      }
    }
  }
  sizes.set(msg, n);
  return n;
}

const utf8 = new TextEncoder();

class Writer {
  readonly buf: Uint8Array;
  readonly view: DataView;
  pos = 0;
  constructor(size: number) {
    this.buf = new Uint8Array(size);
    this.view = new DataView(this.buf.buffer);
  }
  varint(n: number): void {
    while (n >= 0x80) {
      this.buf[this.pos++] = (n & 0x7f) | 0x80;
      n = Math.floor(n / 128);
    }
    this.buf[this.pos++] = n;
  }
  varint64(v: bigint): void {
    let x = BigInt.asUintN(64, v);
    while (x >= 0x80n) {
      this.buf[this.pos++] = Number(x & 0x7fn) | 0x80;
      x >>= 7n;
    }
    this.buf[this.pos++] = Number(x);
  }
  scalar(t: ScalarType, v: unknown): void {
    switch (t) {
      case ScalarType.DOUBLE:
        this.view.setFloat64(this.pos, v as number, true);
        this.pos += 8;
        return;
      case ScalarType.FLOAT:
        this.view.setFloat32(this.pos, v as number, true);
        this.pos += 4;
        return;
      case ScalarType.FIXED32:
        this.view.setUint32(this.pos, v as number, true);
        this.pos += 4;
        return;
      case ScalarType.SFIXED32:
        this.view.setInt32(this.pos, v as number, true);
        this.pos += 4;
        return;
      case ScalarType.FIXED64:
        this.view.setBigUint64(this.pos, BigInt.asUintN(64, int64(v)), true);
        this.pos += 8;
        return;
      case ScalarType.SFIXED64:
        this.view.setBigInt64(this.pos, BigInt.asIntN(64, int64(v)), true);
        this.pos += 8;
        return;
      case ScalarType.BOOL:
        this.buf[this.pos++] = v ? 1 : 0;
        return;
      case ScalarType.STRING: {
        const s = v as string;
        this.varint(utf8Len(s));
        this.pos += utf8.encodeInto(s, this.buf.subarray(this.pos)).written;
        return;
      }
      case ScalarType.BYTES: {
        const b = v as Uint8Array;
        this.varint(b.byteLength);
        this.buf.set(b, this.pos);
        this.pos += b.byteLength;
        return;
      }
      case ScalarType.INT32:
        if ((v as number) < 0) this.varint64(BigInt(v as number));
        else this.varint(v as number);
        return;
      case ScalarType.UINT32:
        this.varint((v as number) >>> 0);
        return;
      case ScalarType.SINT32:
        this.varint((((v as number) << 1) ^ ((v as number) >> 31)) >>> 0);
        return;
      case ScalarType.INT64:
      case ScalarType.UINT64:
        this.varint64(int64(v));
        return;
      case ScalarType.SINT64: {
        const x = int64(v);
        this.varint64((x << 1n) ^ (x >> 63n));
        return;
      }
      default:
        throw FALLBACK;
    }
  }
}

function write(desc: DescMessage, msg: Fields, sizes: ReadonlyMap<object, number>, out: Writer): void {
  for (const slot of planOf(desc)) {
    const p = active(slot, msg);
    if (p === undefined) continue;
    const v = activeValue;
    switch (p.kind) {
      case "scalar":
        out.varint(p.tag);
        out.scalar(p.scalar, v);
        break;
      case "message":
        out.varint(p.tag);
        out.varint(sizes.get(v as object) as number);
        write(p.message as DescMessage, v as Fields, sizes, out);
        break;
      case "messageList":
        for (const item of v as readonly Fields[]) {
          out.varint(p.tag);
          out.varint(sizes.get(item) as number);
          write(p.message as DescMessage, item, sizes, out);
        }
        break;
      case "scalarList":
        if (p.packed) {
          let body = 0;
          for (const item of v as readonly unknown[]) body += scalarLen(p.scalar, item);
          out.varint(p.tag);
          out.varint(body);
          for (const item of v as readonly unknown[]) out.scalar(p.scalar, item);
        } else {
          for (const item of v as readonly unknown[]) {
            out.varint(p.tag);
            out.scalar(p.scalar, item);
          }
        }
        break;
    }
  }
}
