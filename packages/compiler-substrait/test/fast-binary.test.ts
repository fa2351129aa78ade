import { create, toBinary } from "@bufbuild/protobuf";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Expression_Literal } from "../src/gen/substrait/algebra_pb.js";
import { Expression_LiteralSchema, ExpressionSchema } from "../src/gen/substrait/algebra_pb.js";
import { PlanSchema } from "../src/gen/substrait/plan_pb.js";
import { encodeBinary } from "../src/wire/fast-binary.js";

const seed = process.env.FC_SEED !== undefined ? Number(process.env.FC_SEED) : process.env.CI ? 20261201 : Date.now();

type Literal = Expression_Literal["literalType"];
const i = (bits: number) => fc.integer({ min: -(2 ** (bits - 1)), max: 2 ** (bits - 1) - 1 });
/** Every scalar kind Substrait literals carry, with their edge values. */
const literal: fc.Arbitrary<Literal> = fc.oneof(
  fc.boolean().map((value) => ({ case: "boolean" as const, value })),
  i(8).map((value) => ({ case: "i8" as const, value })),
  i(32).map((value) => ({ case: "i32" as const, value })),
  fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }).map((value) => ({ case: "i64" as const, value })),
  fc.double().map((value) => ({ case: "fp64" as const, value })),
  fc.float().map((value) => ({ case: "fp32" as const, value })),
  fc.string({ unit: "binary" }).map((value) => ({ case: "string" as const, value })),
  fc.uint8Array({ maxLength: 40 }).map((value) => ({ case: "binary" as const, value })),
  fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }).map((value) => ({ case: "time" as const, value })),
);

const expressionOf = (l: Literal, nullable: boolean, anchor: number) =>
  create(ExpressionSchema, {
    rexType: {
      case: "literal",
      value: create(Expression_LiteralSchema, { literalType: l, nullable, typeVariationReference: anchor }),
    },
  });

describe("the fast binary encoder", () => {
  it("writes what protobuf-es's toBinary writes, for every scalar kind and its edge values", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(literal, fc.boolean(), fc.nat()), { maxLength: 6 }), (lits) => {
        // A list literal holds the values; a plan carries them in a projection of a virtual table.
        const list = create(Expression_LiteralSchema, {
          literalType: {
            case: "list",
            value: {
              values: lits.map(([l, n, a]) =>
                create(Expression_LiteralSchema, { literalType: l, nullable: n, typeVariationReference: a }),
              ),
            },
          },
        });
        const exprs = [
          ...lits.map(([l, n, a]) => expressionOf(l, n, a)),
          create(ExpressionSchema, { rexType: { case: "literal", value: list } }),
        ];
        const plan = create(PlanSchema, {
          relations: [
            {
              relType: {
                case: "root",
                value: {
                  names: lits.map((_, k) => `c${k}`),
                  input: {
                    relType: {
                      case: "project",
                      value: {
                        expressions: exprs,
                        common: { emitKind: { case: "emit", value: { outputMapping: [0, 1, 2] } } },
                      },
                    },
                  },
                },
              },
            },
          ],
        });
        expect(encodeBinary(PlanSchema, plan)).toEqual(toBinary(PlanSchema, plan));
      }),
      { seed, numRuns: 300 },
    );
  });

  it("keeps -0, NaN and defaults exactly as protobuf-es does", () => {
    for (const value of [0, -0, Number.NaN, Number.POSITIVE_INFINITY, -1e-310]) {
      const e = expressionOf({ case: "fp64", value }, false, 0);
      expect(encodeBinary(ExpressionSchema, e)).toEqual(toBinary(ExpressionSchema, e));
    }
    const empty = create(PlanSchema, {});
    expect(encodeBinary(PlanSchema, empty)).toEqual(toBinary(PlanSchema, empty));
  });
});
