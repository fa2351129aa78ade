import type { Table } from "@ibex/dsl";
import { cases, coalesce, greatest, least, lit } from "@ibex/dsl";
import * as arrow from "apache-arrow";
import { beforeAll, describe, expect, it } from "vitest";
import type { Connection } from "../src/index.js";
import { connect } from "../src/index.js";
import { columnValues } from "./support/rows.js";

const LANES = ["substrait", "dataframe"] as const;
type T = Table<{ s: "utf8"; n: "int64"; x: "float64" }>;

describe.each(LANES)("functions (%s lane)", (lane) => {
  let con: Connection;
  let t: T;
  beforeAll(async () => {
    con = await connect();
    t = con.memtable(
      new arrow.Table({
        s: arrow.vectorFromArray(["  Hello ", "wörld", "", null], new arrow.Utf8()),
        n: arrow.vectorFromArray([7n, -3n, 0n, null], new arrow.Int64()),
        x: arrow.vectorFromArray([2.5, -1.25, Number.NaN, null], new arrow.Float64()),
      }),
    ) as never;
  });
  const col = async (e: object) => columnValues(await t.select(e as never).execute({ lane }), "v");

  it("computes numeric functions", async () => {
    expect(await col({ v: t.n.negate() })).toEqual([-7n, 3n, 0n, null]);
    expect(await col({ v: t.x.abs() })).toEqual([2.5, 1.25, Number.NaN, null]);
    expect(await col({ v: t.x.ceil() })).toEqual([3, -1, Number.NaN, null]);
    expect(await col({ v: t.x.floor() })).toEqual([2, -2, Number.NaN, null]);
    expect(await col({ v: t.x.round(1) })).toEqual([2.5, -1.3, Number.NaN, null]);
    expect(await col({ v: t.n.round() })).toEqual([7n, -3n, 0n, null]);
    expect(await col({ v: t.n.pow(2) })).toEqual([49, 9, 0, null]);
    // DataFusion raises an error for the square root of a negative number (no NaN)
    expect(await col({ v: t.x.abs().sqrt().isNan() })).toEqual([false, false, true, null]);
    expect(await col({ v: t.n.mod(4) })).toEqual([3n, -3n, 0n, null]);
    expect(await col({ v: t.n.floorDiv(2) })).toEqual([3n, -2n, 0n, null]);
    expect(await col({ v: t.n.floorDiv(-2) })).toEqual([-4n, 1n, 0n, null]);
    // exact beyond 2^53 (no trip through float64)
    expect(await col({ v: lit(9_007_199_254_740_993n).floorDiv(lit(-2n)) })).toEqual(
      Array(4).fill(-4_503_599_627_370_497n),
    );
    expect(await col({ v: lit(-(2n ** 63n)).floorDiv(lit(3n)) })).toEqual(Array(4).fill(-3_074_457_345_618_258_603n));
    expect(await col({ v: t.x.floorDiv(2) })).toEqual([1, -1, Number.NaN, null]);
    // trigonometry
    const near = (vs: unknown[], want: number[]) =>
      vs.every((v, i) => Math.abs((v as number) - (want[i] as number)) < 1e-12);
    expect(near(await col({ v: lit(0.5).tan() }), Array(4).fill(Math.tan(0.5)))).toBe(true);
    expect(near(await col({ v: lit(0.5).asin() }), Array(4).fill(Math.asin(0.5)))).toBe(true);
    expect(near(await col({ v: lit(0.5).acos() }), Array(4).fill(Math.acos(0.5)))).toBe(true);
    expect(near(await col({ v: lit(0.5).atan() }), Array(4).fill(Math.atan(0.5)))).toBe(true);
    expect(near(await col({ v: lit(1).atan2(-1) }), Array(4).fill(Math.atan2(1, -1)))).toBe(true);
    expect(near(await col({ v: lit(2).cos() }), Array(4).fill(Math.cos(2)))).toBe(true);
    expect(await col({ v: t.n.sign() })).toEqual([1, -1, 0, null]);
    expect(await col({ v: t.n.clip({ lower: -1, upper: 5 }) })).toEqual([5n, -1n, 0n, null]);
    expect(await col({ v: lit(100).log10() })).toEqual([2, 2, 2, 2]);
    expect(await col({ v: lit(8).log(2) })).toEqual([3, 3, 3, 3]);
    expect(await col({ v: lit(1).exp().ln() })).toEqual([1, 1, 1, 1]);
    expect((await col({ v: lit(0).cos().add(lit(0).sin()).add(lit(0).atan2(1)) })).every((v) => v === 1)).toBe(true);
    expect(await col({ v: t.x.isInf() })).toEqual([false, false, false, null]);
    expect(await col({ v: t.n.bitwiseAnd(6) })).toEqual([6n, 4n, 0n, null]);
    expect(await col({ v: t.n.bitwiseOr(8) })).toEqual([15n, -3n, 8n, null]);
    expect(await col({ v: t.n.bitwiseXor(1) })).toEqual([6n, -4n, 1n, null]);
    expect(await col({ v: t.n.bitwiseLeftShift(2) })).toEqual([28n, -12n, 0n, null]);
    expect(await col({ v: t.n.bitwiseRightShift(1) })).toEqual([3n, -2n, 0n, null]);
  });

  it("handles nulls and choices", async () => {
    expect(await col({ v: t.n.fillNull(-1) })).toEqual([7n, -3n, 0n, -1n]);
    expect(await col({ v: coalesce(t.x, t.n, 9) })).toEqual([2.5, -1.25, Number.NaN, 9]);
    expect(await col({ v: t.n.nullif(0) })).toEqual([7n, -3n, null, null]);
    expect(await col({ v: greatest(t.n, 1) })).toEqual([7n, 1n, 1n, 1n]);
    // NaN orders above every number in DataFusion, so least skips it
    expect(await col({ v: least(t.n, 1, t.x) })).toEqual([1, -3, 0, 1]);
    expect(await col({ v: t.n.notNull() })).toEqual([true, true, true, false]);
    // NaN > 0 holds in DataFusion (NaN orders above every number)
    expect(await col({ v: t.n.gt(0).xor(t.x.gt(0)) })).toEqual([false, false, true, null]);
    expect(await col({ v: cases([t.n.gt(5), "big"], [t.n.lt(0), "neg"], { otherwise: "other" }) })).toEqual([
      "big",
      "neg",
      "other",
      "other",
    ]);
  });

  it("computes string functions", async () => {
    expect(await col({ v: t.s.length() })).toEqual([8n, 5n, 0n, null]);
    expect(await col({ v: t.s.strip().upper() })).toEqual(["HELLO", "WÖRLD", "", null]);
    expect(await col({ v: t.s.lstrip().lower() })).toEqual(["hello ", "wörld", "", null]);
    expect(await col({ v: t.s.rstrip() })).toEqual(["  Hello", "wörld", "", null]);
    expect(await col({ v: t.s.contains("l") })).toEqual([true, true, false, null]);
    expect(await col({ v: t.s.startsWith("w") })).toEqual([false, true, false, null]);
    expect(await col({ v: t.s.endsWith("d") })).toEqual([false, true, false, null]);
    expect(await col({ v: t.s.replace("l", "L") })).toEqual(["  HeLLo ", "wörLd", "", null]);
    expect(await col({ v: t.s.strip().concat("!", "?") })).toEqual(["Hello!?", "wörld!?", "!?", "!?"]);
    expect(await col({ v: t.s.strip().lpad(7, "*") })).toEqual(["**Hello", "**wörld", "*******", null]);
    expect(await col({ v: t.s.strip().rpad(3) })).toEqual(["Hel", "wör", "   ", null]);
    expect(await col({ v: t.s.strip().repeat(2) })).toEqual(["HelloHello", "wörldwörld", "", null]);
    expect(await col({ v: t.s.reverse() })).toEqual([" olleH  ", "dlröw", "", null]);
    expect(await col({ v: t.s.find("l") })).toEqual([4n, 3n, -1n, null]);
    expect(await col({ v: t.s.strip().left(2) })).toEqual(["He", "wö", "", null]);
    expect(await col({ v: t.s.strip().right(2) })).toEqual(["lo", "ld", "", null]);
    expect(await col({ v: t.s.strip().capitalize() })).toEqual(["Hello", "Wörld", "", null]);
    expect(await col({ v: t.s.reSearch("^w.r") })).toEqual([false, true, false, null]);
    expect(await col({ v: t.s.reReplace("[lr]", "_") })).toEqual(["  He__o ", "wö__d", "", null]);
    expect(await col({ v: t.s.reExtract("([a-z])l+") })).toEqual(["ell", "rl", null, null]);
    expect(await col({ v: t.s.reExtract("([a-z])(l+)", 2) })).toEqual(["ll", "l", null, null]);
    expect((await col({ v: lit("a,b,,c").split(",") }))[0]).toEqual(["a", "b", "", "c"]);
  });
});

describe("function build-time errors", () => {
  it("name the function, the argument and the types", async () => {
    const con = await connect();
    const t = con.memtable(new arrow.Table({ s: arrow.vectorFromArray(["x"]), n: arrow.vectorFromArray([1n]) })) as T;
    // @ts-expect-error: sqrt needs a number
    expect(() => t.s.sqrt()).toThrow(/sqrt: argument 1 has type utf8, expected a numeric type/);
    // @ts-expect-error: upper needs a string
    expect(() => t.n.upper()).toThrow(/upper: argument 1 has type int64, expected utf8/);
    expect(() => coalesce(t.n, t.s)).toThrow(
      /coalesce: argument 2 has type utf8, which does not match argument 1 of type int64/,
    );
    expect(() => t.s.reSearch(t.s as never)).toThrow(/reSearch: argument 2 must be a literal value/);
  });
});
