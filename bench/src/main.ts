// `pnpm bench`: TPC-H against the engine's own floor, DuckDB, nodejs-polars,
// Arquero and Python Ibis, plus result transfer and streaming memory, in one
// interleaved run. Writes <out>/results.json, <out>/ratios.svg and
// <out>/benchmarks.md (with --docs: docs/benchmarks.md and docs/benchmarks/).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { connect } from "@ibex/engine-native";
import { ensureTpchParquet, loadTpchParquet } from "./data.js";
import { machine } from "./machine.js";
import { duckdbPeer } from "./peers/duckdb.js";
import { markdown } from "./report/markdown.js";
import type { BenchResult } from "./report/result.js";
import { ratios, targets } from "./report/result.js";
import { ratioChart } from "./report/svg.js";
import { arqueroSuite } from "./suites/arquero.js";
import { compileSuite } from "./suites/compile.js";
import { streamingSuite } from "./suites/streaming.js";
import { tpchSuite } from "./suites/tpch.js";
import { transferInChild } from "./suites/transfer.js";

const USAGE = `pnpm bench [--sf 1] [--quick] [--reps 5] [--warmup 1] [--seed 7] [--out bench/results] [--docs]
  --sf N            TPC-H scale factor (default 1; --quick is --sf 0.1 --reps 2)
  --arquero-sf N    scale factor of the Arquero comparison (default min(sf, 0.1))
  --transfer-rows N rows of the transfer benchmark (default 10000000)
  --skip a,b        leave out suites: compile, tpch, arquero, transfer, streaming
  --docs            also write docs/benchmarks.md and docs/benchmarks/
  --polars-threads N  POLARS_MAX_THREADS (default: the core count)`;

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

export async function main(argv: readonly string[]): Promise<BenchResult> {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      sf: { type: "string" },
      quick: { type: "boolean", default: false },
      reps: { type: "string" },
      warmup: { type: "string", default: "1" },
      seed: { type: "string", default: "7" },
      out: { type: "string", default: join(root, "bench", "results") },
      docs: { type: "boolean", default: false },
      "arquero-sf": { type: "string" },
      "transfer-rows": { type: "string", default: "10000000" },
      "stream-budget-mib": { type: "string", default: "64" },
      "compile-reps": { type: "string", default: "200" },
      skip: { type: "string", default: "" },
      help: { type: "boolean", default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const num = (name: string, v: string | undefined, fallback: number) => {
    const x = v === undefined ? fallback : Number(v);
    if (!Number.isFinite(x) || x < 0) throw new Error(`--${name}: not a number: ${v}\n${USAGE}`);
    return x;
  };
  const sf = num("sf", values.sf, values.quick ? 0.1 : 1);
  const reps = num("reps", values.reps, values.quick ? 2 : 5);
  const warmup = num("warmup", values.warmup, 1);
  const seed = num("seed", values.seed, 7);
  const skip = new Set(values.skip.split(",").filter((s) => s !== ""));
  const log = (line: string) => console.error(`[bench] ${line}`);
  const cores = availableParallelism();

  log(`TPC-H SF ${sf}: generating Parquet files (once per scale factor)...`);
  const dir = await ensureTpchParquet(sf);
  const con = await connect({ targetPartitions: cores });
  const tpch = await loadTpchParquet(con, dir);

  log("build + compile latency (Ibex, Python Ibis)...");
  const compile = skip.has("compile")
    ? { rows: [], ibis: { note: "skipped" } }
    : await (async () => {
        const compileReps = num("compile-reps", values["compile-reps"], 200);
        return compileSuite(tpch, { reps: compileReps, warmup: Math.min(20, compileReps), rounds: 3 });
      })();

  let tpchRows: BenchResult["tpch"] = [];
  if (!skip.has("tpch")) {
    log("end-to-end TPC-H: Ibex (both lanes), engine floor, DuckDB, nodejs-polars...");
    process.env.POLARS_MAX_THREADS ??= String(cores);
    const { POLARS_QUERIES, polarsTables } = await import("./peers/polars-tpch.js");
    const duckdb = await duckdbPeer(dir, cores);
    try {
      tpchRows = await tpchSuite(
        { con, tpch, duckdb, polars: { tables: polarsTables(dir), queries: POLARS_QUERIES } },
        { reps, warmup, seed },
        log,
      );
    } finally {
      duckdb.close();
    }
  }

  let arquero: BenchResult["arquero"];
  if (!skip.has("arquero")) {
    const asf = num("arquero-sf", values["arquero-sf"], Math.min(sf, 0.1));
    log(`Arquero at SF ${asf}...`);
    const small = await connect({ targetPartitions: cores });
    arquero = await arqueroSuite(small, await loadTpchParquet(small, await ensureTpchParquet(asf)), asf, {
      reps,
      warmup,
      seed,
    });
  }

  let transfer: BenchResult["transfer"];
  if (!skip.has("transfer")) {
    const rows = num("transfer-rows", values["transfer-rows"], 1e7);
    log(`result transfer: ${rows} rows × 8 columns (child process)...`);
    transfer = await transferInChild({ rows, columns: 8, reps: Math.max(3, reps) });
  }

  let streaming: BenchResult["streaming"];
  if (!skip.has("streaming")) {
    log("streaming memory (child process)...");
    streaming = await streamingSuite({
      budgetMiB: num("stream-budget-mib", values["stream-budget-mib"], 64),
      factor: 20,
    });
  }

  const result: BenchResult = {
    machine: machine(),
    options: { scaleFactor: sf, reps, warmup, seed },
    compile,
    tpch: tpchRows,
    ...(arquero === undefined ? {} : { arquero }),
    ...(transfer === undefined ? {} : { transfer }),
    ...(streaming === undefined ? {} : { streaming }),
    targets: targets(compile, tpchRows, arquero, transfer),
  };
  const series = ["engine-floor", "duckdb", "polars"] as const;
  const byQuery = new Map<number, Record<string, number>>();
  for (const s of series)
    for (const { query, ratio } of ratios(tpchRows, "ibex-substrait", s))
      byQuery.set(query, { ...byQuery.get(query), [s]: ratio });
  const svg = ratioChart(
    `Ibex ÷ peers per TPC-H query (SF ${sf})`,
    series,
    [...byQuery].map(([q, r]) => ({ label: `Q${q}`, ratios: r })),
  );
  const write = (mdPath: string, assets: string) => {
    mkdirSync(assets, { recursive: true });
    writeFileSync(join(assets, "results.json"), `${JSON.stringify(result, null, 1)}\n`);
    writeFileSync(join(assets, "ratios.svg"), `${svg}\n`);
    const chart = relative(dirname(mdPath), join(assets, "ratios.svg"));
    const command = `pnpm bench${argv.length > 0 ? ` ${argv.join(" ")}` : ""}`;
    // The team's reading of the figures (profiles, causes) is kept by hand beside the generator.
    const findings = join(root, "bench", "FINDINGS.md");
    const notes = existsSync(findings) ? `\n${readFileSync(findings, "utf8")}` : "";
    writeFileSync(
      mdPath,
      `# Benchmarks\n\nMade by \`${command}\` (see README).\n\n${markdown(result, chart)}\n${notes}`,
    );
  };
  write(join(values.out, "benchmarks.md"), values.out);
  if (values.docs) write(join(root, "docs", "benchmarks.md"), join(root, "docs", "benchmarks"));
  log(`wrote ${join(values.out, "benchmarks.md")}${values.docs ? " and docs/benchmarks.md" : ""}`);
  for (const t of result.targets) log(`${t.met ? "met   " : "MISSED"} ${t.name}: ${t.measured} (goal ${t.goal})`);
  return result;
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  main(process.argv.slice(2)).catch((e: unknown) => {
    console.error(e);
    process.exit(1);
  });
}
