import { createRecorder, InMemorySink } from "@ibex/diagnostics";
import type { Expr, Table } from "@ibex/dsl";
import * as arrow from "apache-arrow";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { connect } from "../src/index.js";
import { columnValues } from "./support/rows.js";

// ibex_arrow_metadata, ibex_union_tag and ibex_union_extract (Rust) against
// TS references on generated data.
const seed = process.env.FC_SEED !== undefined ? Number(process.env.FC_SEED) : process.env.CI ? 20261201 : Date.now();

type Value = { readonly tag: "int"; readonly v: bigint | null } | { readonly tag: "text"; readonly v: string | null };

const members = [new arrow.Field("int", new arrow.Int64(), true), new arrow.Field("text", new arrow.Utf8(), true)];

/** A sparse or dense union<int: int64, text: utf8> column holding `values`. */
function unionVector(values: readonly Value[], dense: boolean): arrow.Vector {
  const typeIds = Int8Array.from(values, (x) => (x.tag === "int" ? 0 : 1));
  const ints = values.map((x) => (x.tag === "int" ? x.v : null));
  const texts = values.map((x) => (x.tag === "text" ? x.v : null));
  if (!dense) {
    const type = new arrow.SparseUnion([0, 1], members);
    const children = [
      arrow.vectorFromArray(ints, new arrow.Int64()).data[0],
      arrow.vectorFromArray(texts, new arrow.Utf8()).data[0],
    ];
    return arrow.makeVector(arrow.makeData({ type, length: values.length, nullCount: 0, typeIds, children } as never));
  }
  const type = new arrow.DenseUnion([0, 1], members);
  const own = (tag: Value["tag"]) => values.filter((x) => x.tag === tag).map((x) => x.v);
  const seen = [0, 0];
  const valueOffsets = Int32Array.from(values, (x) => {
    const k = x.tag === "int" ? 0 : 1;
    seen[k] = (seen[k] as number) + 1;
    return (seen[k] as number) - 1;
  });
  const children = [
    arrow.vectorFromArray(own("int") as (bigint | null)[], new arrow.Int64()).data[0],
    arrow.vectorFromArray(own("text") as (string | null)[], new arrow.Utf8()).data[0],
  ];
  return arrow.makeVector(
    arrow.makeData({ type, length: values.length, nullCount: 0, typeIds, valueOffsets, children } as never),
  );
}

const valueArb: fc.Arbitrary<Value> = fc.oneof(
  fc.record({ tag: fc.constant("int" as const), v: fc.option(fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n })) }),
  fc.record({ tag: fc.constant("text" as const), v: fc.option(fc.string({ maxLength: 4 })) }),
);

describe("unions", () => {
  for (const dense of [false, true]) {
    it(`reads the tag and members of ${dense ? "dense" : "sparse"} unions (DataFrame lane, Substrait declines)`, async () => {
      const sink = new InMemorySink();
      const con = await connect({ diagnostics: createRecorder([sink]) });
      await fc.assert(
        fc.asyncProperty(fc.array(valueArb, { minLength: 1, maxLength: 12 }), async (values) => {
          const data = new arrow.Table({
            id: arrow.vectorFromArray(
              values.map((_, i) => BigInt(i)),
              new arrow.Int64(),
            ),
            u: unionVector(values, dense),
          });
          const t = con.memtable(data) as unknown as Table<{ id: "int64"; u: "union" }>;
          const q = t
            .select({ id: t.id, tag: t.u.unionTag(), n: t.u.unionExtract("int"), s: t.u.unionExtract("text") })
            .orderBy("id");
          const before = sink.ofType("lane-fallback").length;
          const out = await q.execute(); // auto: Substrait has no union type
          expect(sink.ofType("lane-fallback").length).toBe(before + 1);
          expect(columnValues(out, "tag")).toEqual(values.map((x) => x.tag));
          expect(columnValues(out, "n")).toEqual(values.map((x) => (x.tag === "int" ? x.v : null)));
          expect(columnValues(out, "s")).toEqual(values.map((x) => (x.tag === "text" ? x.v : null)));
          expect(columnValues(await q.execute({ lane: "dataframe" }), "tag")).toEqual(values.map((x) => x.tag));
        }),
        { seed, numRuns: 40 },
      );
      const [fallback] = sink.ofType("lane-fallback");
      expect(fallback?.reason).toMatch(/Substrait has no union type/);
    });
  }

  it("fails at build time for a member the union does not have", async () => {
    const con = await connect();
    const t = con.memtable(new arrow.Table({ u: unionVector([{ tag: "int", v: 1n }], false) })) as unknown as Table<{
      u: "union";
    }>;
    expect(() => t.u.unionExtract("float")).toThrow(
      /unionExtract: argument 2 names no member of union<sparse; "int": int64, "text": utf8> \(members: int, text\)/,
    );
    const tag = t.u.unionTag() as unknown as Expr<"union">;
    expect(() => tag.unionTag()).toThrow(/unionTag: argument 1 has type !utf8, expected a union/);
  });
});

describe("arrowMetadata", () => {
  for (const lane of ["substrait", "dataframe"] as const) {
    it(`reads a column's Arrow field metadata (${lane} lane)`, async () => {
      const con = await connect();
      await fc.assert(
        fc.asyncProperty(
          fc.dictionary(fc.constantFrom("unit", "source", "é"), fc.string({ maxLength: 5 })),
          fc.array(fc.double({ noNaN: true }), { minLength: 1, maxLength: 5 }),
          async (metadata, xs) => {
            const field = new arrow.Field("price", new arrow.Float64(), true, new Map(Object.entries(metadata)));
            const schema = new arrow.Schema([field]);
            const column = arrow.vectorFromArray(xs, new arrow.Float64()).data[0] as arrow.Data;
            const rows = arrow.makeData({
              type: new arrow.Struct(schema.fields),
              length: xs.length,
              nullCount: 0,
              children: [column],
            });
            const data = new arrow.Table([new arrow.RecordBatch(schema, rows)]);
            const t = con.memtable(data) as unknown as Table<{ price: "float64" }>;
            const out = await t
              .select({ unit: t.price.arrowMetadata("unit"), source: t.price.arrowMetadata("source") })
              .execute({ lane });
            expect(columnValues(out, "unit")).toEqual(xs.map(() => metadata.unit ?? null));
            expect(columnValues(out, "source")).toEqual(xs.map(() => metadata.source ?? null));
          },
        ),
        { seed, numRuns: 25 },
      );
    });
  }
});
