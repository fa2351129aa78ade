import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { DiagnosticEvent } from "@ibex/diagnostics";
import { ConsoleSink, createRecorder, InMemorySink, JsonLinesSink, OpenTelemetrySink } from "@ibex/diagnostics";
import { dt, schema } from "@ibex/ir";
import * as arrow from "apache-arrow";
import { afterAll, describe, expect, it } from "vitest";
import { connect } from "../src/index.js";

const data = () =>
  new arrow.Table({
    item: arrow.vectorFromArray(["a", "b", "c", "d"], new arrow.Utf8()),
    qty: arrow.vectorFromArray([1n, 5n, 9n, null], new arrow.Int64()),
  });

describe("diagnostics from one query, through every sink", () => {
  const dir = mkdtempSync(join(tmpdir(), "ibex-diag-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("records compile, execution and artifacts in memory, JSON Lines, the console and OpenTelemetry", async () => {
    const memory = new InMemorySink();
    const jsonl = new JsonLinesSink(join(dir, "events.jsonl"));
    const lines: string[] = [];
    const spans: string[] = [];
    const tracer = {
      startSpan: (name: string) => {
        spans.push(name);
        return { setStatus: () => undefined, end: () => undefined };
      },
    };
    const otel = new OpenTelemetrySink(tracer as never);
    const recorder = createRecorder([memory, jsonl, new ConsoleSink((l) => lines.push(l)), otel], { artifacts: true });
    const con = await connect({ diagnostics: recorder });
    const t = con.memtable(data());
    const q = t.filter(t.qty.gt(2)).select("item");
    const before = memory.events.length;
    const out = await q.execute();
    jsonl.close();
    expect(out.numRows).toBe(2);

    const mine = memory.events.slice(before);
    const types = mine.map((e) => e.type);
    expect(types).toEqual(expect.arrayContaining(["registration", "compile", "artifact", "execution"]));
    const compile = mine.find((e) => e.type === "compile") as Extract<DiagnosticEvent, { type: "compile" }>;
    expect(compile).toMatchObject({ lane: "substrait", queryHash: q.node.hash });
    expect(compile.planHash).toMatch(/^[0-9a-f]{16}$/);
    const artifacts = mine.filter((e) => e.type === "artifact").map((e) => e.kind);
    expect(artifacts).toEqual(["ir-json", "substrait-plan"]);
    const execution = mine.find((e) => e.type === "execution") as Extract<DiagnosticEvent, { type: "execution" }>;
    expect(execution).toMatchObject({ rows: 2, lane: "substrait" });
    // DataFusion's own per-operator metrics come with every execution event.
    const filter = execution.operators.find((o) => o.operator.startsWith("FilterExec"));
    expect(filter?.metrics.output_rows, JSON.stringify(execution.operators)).toBe(2);
    expect(execution.operators[0]?.depth).toBe(0);

    // Every sink saw the same events, in the same order.
    const all = memory.events;
    const fromFile = readFileSync(join(dir, "events.jsonl"), "utf8")
      .trimEnd()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(fromFile.map((e) => e.type)).toEqual(all.map((e) => e.type));
    expect(lines).toHaveLength(all.length);
    expect(lines.some((l) => l.startsWith("[ibex] execution  substrait") && l.includes("2 rows"))).toBe(true);
    expect(spans).toEqual(all.map((e) => `ibex.${e.type}`));
  });

  it("records lineage and diffs as artifacts", async () => {
    const memory = new InMemorySink();
    const con = await connect({ diagnostics: createRecorder([memory], { artifacts: true }) });
    const t = con.memtable(data());
    const [total] = con.lineage(t.aggregate({ total: t.qty.sum() }));
    expect(total?.direct).toEqual([expect.objectContaining({ column: "qty", kind: "aggregation" })]);
    const d = con.diff(t.filter(t.qty.gt(1)), t.filter(t.qty.gt(2)));
    expect(d.summary.rowsPossiblyChanged).toBe(true);
    expect(memory.ofType("artifact").map((e) => e.kind)).toEqual(["lineage", "diff"]);
    expect(JSON.parse(memory.ofType("artifact")[1]?.content ?? "{}").summary.rowsPossiblyChanged).toBe(true);
  });

  it("explains a query: IR, Substrait, logical and physical plans, and metrics after a run", async () => {
    const memory = new InMemorySink();
    const con = await connect({ diagnostics: createRecorder([memory]) });
    const t = con.memtable(data());
    const q = t.filter(t.qty.gt(2)).select("item");
    const text = await q.explain();
    for (const section of ["== IR", "== Substrait plan", "== DataFusion logical plan", "== DataFusion physical plan"])
      expect(text).toContain(section);
    expect(text).toContain("filter gt(qty, 2)");
    const analyzed = await q.explain({ analyze: true });
    expect(analyzed).toMatch(/FilterExec/);
    const [metrics] = memory.ofType("operator-metrics");
    const filter = metrics?.operators.find((o) => o.operator.startsWith("FilterExec"));
    expect(filter?.metrics.output_rows).toBe(2);
    // The same run, as data: rows stay in the engine; its wall time is the floor under execute().
    for (const lane of ["substrait", "dataframe"] as const) {
      const analysis = await con.analyze(q, { lane });
      expect(analysis).toMatchObject({ lane, rows: 2 });
      expect(analysis.engineMs).toBeGreaterThan(0);
      expect(analysis.operators.some((o) => o.operator.startsWith("FilterExec"))).toBe(true);
    }
    const viaFrame = await q.explain({ lane: "dataframe" });
    expect(viaFrame).toContain("== DataFusion logical plan (dataframe lane)");
  });
});

describe("SQL for debugging only", () => {
  it("shows a query as SQL on request, recording each use", async () => {
    const memory = new InMemorySink();
    const con = await connect({ diagnostics: createRecorder([memory]) });
    const t = con.memtable(data());
    const q = t.filter(t.qty.gt(2)).select("item");
    await expect(con.toSql(q, {} as never)).rejects.toThrow(
      /toSql: options is for debugging only: pass \{ debug: true \}/,
    );
    const sql = await q.toSql({ debug: true });
    expect(sql).toMatch(/SELECT/i);
    expect(sql).toMatch(/qty/);
    expect(memory.ofType("debug-sql")).toEqual([expect.objectContaining({ use: "show", sql })]);
  });

  it("ingests SQL only with debugOnly and a matching schema", async () => {
    const memory = new InMemorySink();
    const con = await connect({ diagnostics: createRecorder([memory]) });
    const declared = schema([
      { name: "n", type: dt.int64() },
      { name: "s", type: dt.utf8() },
    ]);
    await expect(con.sqlDebug("SELECT 1 AS n", {} as never)).rejects.toThrow(
      /sqlDebug: options.debugOnly must be true/,
    );
    await expect(con.sqlDebug("SELECT 1 AS n", { debugOnly: true } as never)).rejects.toThrow(
      /sqlDebug: options.schema is required/,
    );
    const seeded = await con.sqlDebug<{ n: "int64"; s: "utf8" }>("SELECT CAST(1 AS BIGINT) AS n, 'x' AS s", {
      debugOnly: true,
      schema: declared,
    });
    const out = await seeded.filter(seeded.n.eq(1)).execute();
    expect(out.numRows).toBe(1);
    await expect(con.sqlDebug("SELECT 'x' AS n, 'y' AS s", { debugOnly: true, schema: declared })).rejects.toThrow(
      /sqlDebug: options.schema declares .* but the SQL returns/,
    );
    expect(memory.ofType("debug-sql").map((e) => e.use)).toEqual(["ingest", "ingest"]);
  });
});
