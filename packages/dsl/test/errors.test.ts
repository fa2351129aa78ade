import { dt, IbexTypeError, schema } from "@ibex/ir";
import { describe, expect, it } from "vitest";
import type { Expr } from "../src/index.js";
import { table } from "../src/index.js";

// Build-time type errors name the method the user called, the argument by its
// position in that call (the receiver is argument 1), the expected type and
// the actual one, even when the method lowers to a differently named IR op.
const t = table<{ s: "utf8"; n: "int64"; d: "decimal"; m: "map" }>(
  "t",
  schema([
    { name: "s", type: dt.utf8() },
    { name: "n", type: dt.int64() },
    { name: "d", type: dt.decimal(20, 20) },
    { name: "m", type: dt.map(dt.utf8(), dt.int64()) },
  ]),
);
// Untyped views, so the calls below type-check and fail at build time instead.
type Method =
  | "find"
  | "dayOfWeek"
  | "millisecond"
  | "fillNull"
  | "get"
  | "index"
  | "keys"
  | "reExtract"
  | "truncate"
  | "mod"
  | "mul"
  | "add";
const any = (e: Expr) => e as unknown as Record<Method, (...args: unknown[]) => unknown>;

describe("build-time errors name the method, argument, expected and actual types", () => {
  const cases: [string, () => unknown, RegExp][] = [
    ["find", () => any(t.s).find(t.n), /^find: argument 2 has type int64, expected utf8 \(in strpos/],
    ["dayOfWeek", () => any(t.s).dayOfWeek(), /^dayOfWeek: argument 1 has type utf8, expected date32 or timestamp/],
    [
      "millisecond",
      () => any(t.n).millisecond(),
      /^millisecond: argument 1 has type int64, expected timestamp or time64/,
    ],
    [
      "fillNull",
      () => any(t.n).fillNull("x"),
      /^fillNull: argument 2 has type !utf8, which does not match argument 1 of type int64/,
    ],
    ["get", () => any(t.m).get(3), /^get: argument 2 has type !int64, expected the key type !utf8/],
    ["index", () => any(t.s).index(1), /^index: argument 1 has type utf8, expected a list/],
    ["keys", () => any(t.s).keys(), /^keys: argument 1 has type utf8, expected a map/],
    ["reExtract", () => any(t.n).reExtract("a"), /^reExtract: argument 1 has type int64, expected utf8/],
    [
      "truncate",
      () => any(t.s).truncate("day"),
      /^truncate: argument 1 has type utf8, expected date32, timestamp or time64/,
    ],
    ["mod", () => any(t.d).mod(2), /^mod: argument 1 has type decimal\(20, 20\), expected an integer or float type/],
    ["mul", () => any(t.d).mul(t.d), /^mul: argument 2 has type decimal\(20, 20\), expected a decimal whose scale/],
    [
      "literal",
      () => any(t.n).add({}),
      /^add: argument 2 \[object Object\] \(a JS object\) cannot be used as an Ibex literal/,
    ],
  ];
  for (const [name, build, message] of cases) {
    it(name, () => {
      expect(build).toThrow(IbexTypeError);
      expect(build).toThrow(message);
    });
  }
});
