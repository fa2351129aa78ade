import { describe, expect, it } from "vitest";
import {
  CallNode,
  CastNode,
  ColumnNode,
  dt,
  fromJson,
  IbexTypeError,
  LiteralNode,
  ProjectNode,
  schema,
  TableNode,
  toJson,
  typeToString,
} from "../src/index.js";
import { arithmeticResultType, commonNumericType, comparableType } from "../src/types/promotion.js";

const name = (t: Parameters<typeof typeToString>[0]) => typeToString(t);

describe("data types", () => {
  it("interns every type by its canonical text", () => {
    expect(dt.decimal(12, 2)).toBe(dt.decimal(12, 2));
    expect(dt.timestamp("us", "UTC")).toBe(dt.timestamp("us", "UTC"));
    expect(dt.struct([{ name: "a", type: dt.int32() }])).toBe(dt.struct([{ name: "a", type: dt.int32() }]));
    expect(name(dt.map(dt.utf8(), dt.float64(), false))).toBe("!map<!utf8, float64>");
    expect(name(dt.timestamp("ns", "America/New_York"))).toBe('timestamp(ns, "America/New_York")');
    expect(name(dt.struct([{ name: "a b", type: dt.list(dt.int8()) }]))).toBe('struct<"a b": list<int8>>');
  });

  it("rejects invalid parameters", () => {
    expect(() => dt.decimal(39, 0)).toThrow(/precision 39/);
    expect(() => dt.decimal(5, 6)).toThrow(/scale 6/);
    expect(() =>
      dt.struct([
        { name: "a", type: dt.int8() },
        { name: "a", type: dt.int8() },
      ]),
    ).toThrow(/duplicate/);
  });
});

describe("promotion rules", () => {
  const common = (...ts: Parameters<typeof typeToString>[0][]) => name(commonNumericType("op", ts));
  it("widens integers within and across signedness", () => {
    expect(common(dt.int8(), dt.int32())).toBe("!int32");
    expect(common(dt.uint8(), dt.uint16())).toBe("!uint16");
    expect(common(dt.uint8(), dt.int8())).toBe("!int16");
    expect(common(dt.uint32(), dt.int64())).toBe("!int64");
    expect(common(dt.uint64(), dt.int8())).toBe("!int64");
  });
  it("keeps float32 only with small integers", () => {
    expect(common(dt.float32(), dt.int16())).toBe("!float32");
    expect(common(dt.float32(), dt.int32())).toBe("!float64");
    expect(common(dt.float32(), dt.float64())).toBe("!float64");
  });
  it("meets decimals at the larger scale and integer part", () => {
    expect(common(dt.decimal(10, 2), dt.decimal(8, 4))).toBe("!decimal(12, 4)");
    expect(common(dt.decimal(10, 2), dt.int32())).toBe("!decimal(12, 2)");
    expect(common(dt.decimal(10, 2), dt.float32())).toBe("!float64");
    expect(name(arithmeticResultType("add", "add", [dt.decimal(10, 2), dt.decimal(8, 4)]))).toBe("!decimal(13, 4)");
    expect(name(arithmeticResultType("mul", "mul", [dt.decimal(10, 2), dt.decimal(8, 4)]))).toBe("!decimal(19, 6)");
  });
  it("compares timestamps of the same zone-ness at the finer unit, and rejects mixed zone-ness", () => {
    expect(name(comparableType("lt", [dt.timestamp("ms"), dt.timestamp("ns")]))).toBe("!timestamp(ns)");
    expect(() => comparableType("lt", [dt.timestamp("ms"), dt.timestamp("ms", "UTC")])).toThrow(IbexTypeError);
  });
  it("makes promotions explicit casts in calls", () => {
    const a = ColumnNode.create("a", dt.int8());
    const b = ColumnNode.create("b", dt.uint16());
    const sum = CallNode.create("add", [a, b]);
    expect(name(sum.type)).toBe("int32");
    expect(sum.args.map((x) => x.kind)).toEqual(["cast", "cast"]);
  });
});

describe("casts", () => {
  it("allows Arrow's conversions and names the rejected ones", () => {
    const ts = ColumnNode.create("t", dt.timestamp("us", "UTC"));
    expect(name(CastNode.create(ts, dt.date32()).type)).toBe("date32");
    expect(() => CastNode.create(ts, dt.bool())).toThrow(/cannot convert timestamp\(us, "UTC"\) to bool/);
  });
});

describe("literals of every kind round-trip through IR JSON", () => {
  it("keeps values and parameters", () => {
    const values = [
      LiteralNode.create(-128n, dt.int8(false)),
      LiteralNode.create(2n ** 64n - 1n, dt.uint64(false)),
      LiteralNode.create(1.5, dt.float32(false)),
      LiteralNode.create(-12345n, dt.decimal(7, 2, false)),
      LiteralNode.create(new Uint8Array([0, 255, 16]), dt.binary(false)),
      LiteralNode.create(3_600_000_000n, dt.time64(false)),
      LiteralNode.create(1_700_000_000_000_000n, dt.timestamp("us", "+00:00", false)),
      LiteralNode.create({ months: 14, days: -3, nanoseconds: 1_500_000_000n }, dt.interval(false)),
      LiteralNode.create(null, dt.null()),
    ];
    const base = TableNode.create("t", schema([{ name: "x", type: dt.int64() }]));
    const q = ProjectNode.create(
      base,
      values.map((v, i) => ({ name: `c${i}`, expr: v })),
    );
    const back = fromJson(JSON.parse(JSON.stringify(toJson(q))));
    expect(back.hash).toBe(q.hash);
    expect(() => LiteralNode.create(128n, dt.int8())).toThrow(/int8 range/);
    expect(() => LiteralNode.create(100000n, dt.decimal(4, 2))).toThrow(/4 digits/);
  });
});
