import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { compileSubstrait } from "@ibex/compiler-substrait";
import type { Tpch } from "@ibex/examples/tpch";
import { QUERIES } from "@ibex/examples/tpch";
import type { Stats } from "../stats.js";
import { stats } from "../stats.js";

/** Build + compile latency of one TPC-H query, in µs. */
export interface CompileRow {
  readonly query: number;
  /** Ibex: DSL calls → IR → Substrait bytes. */
  readonly ibex: Stats;
  /** Python Ibis: expression → SQL (`ibis.to_sql`), when Python Ibis is installed. */
  readonly ibisSql?: Stats;
  /** Python Ibis → Substrait (ibis-substrait), where it works. */
  readonly ibisSubstrait?: Stats;
}

export interface CompileResult {
  readonly rows: readonly CompileRow[];
  /** Python Ibis's version, or why it did not run. */
  readonly ibis: { readonly version?: string; readonly substrait?: boolean; readonly note?: string };
}

/** Timings as the Python script prints them, in µs. */
type PyStats = Omit<Stats, "n"> & { readonly n?: number };

interface IbisOutput {
  readonly ibis_version: string;
  readonly substrait: boolean;
  readonly substrait_error?: string | null;
  readonly queries: Record<string, { sql_us: PyStats; substrait_us?: PyStats | null }>;
}

/** The Python that has ibis-framework: `IBEX_PYTHON`, or the venv `scripts/setup.sh` makes. */
export function ibisPython(): string | undefined {
  const candidates = [process.env.IBEX_PYTHON, join(homedir(), ".cache", "ibex", "venv", "bin", "python")];
  return candidates.find((p): p is string => p !== undefined && existsSync(p));
}

const script = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "python", "ibis_tpch.py");

async function runIbis(python: string, reps: number, warmup: number): Promise<IbisOutput> {
  const { stdout } = await promisify(execFile)(python, [script, "--reps", String(reps), "--warmup", String(warmup)], {
    maxBuffer: 16 << 20,
  });
  return JSON.parse(stdout) as IbisOutput;
}

/** Times `f` `reps` times after `warmup` untimed calls, in µs per call. */
function sample(f: () => unknown, reps: number, warmup: number): number[] {
  for (let i = 0; i < warmup; i++) f();
  const out: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t0 = process.hrtime.bigint();
    f();
    out.push(Number(process.hrtime.bigint() - t0) / 1e3);
  }
  return out;
}

/**
 * Build + compile latency for the 22 TPC-H queries: Ibex in this process,
 * Python Ibis in a child process, in alternating rounds so machine noise
 * falls on both.
 */
export async function compileSuite(
  tpch: Tpch,
  opts: { readonly reps: number; readonly warmup: number; readonly rounds: number },
): Promise<CompileResult> {
  const queries = Object.keys(QUERIES).map(Number);
  const ibex = new Map<number, number[]>(queries.map((q) => [q, []]));
  const sql = new Map<number, PyStats[]>();
  const sub = new Map<number, PyStats[]>();
  const python = ibisPython();
  let ibis: CompileResult["ibis"] =
    python === undefined ? { note: "no Python with ibis-framework (run scripts/setup.sh)" } : {};
  const perRound = Math.max(1, Math.ceil(opts.reps / opts.rounds));
  for (let round = 0; round < opts.rounds; round++) {
    for (const q of queries) {
      const build = QUERIES[q] as (t: Tpch) => { node: Parameters<typeof compileSubstrait>[0] };
      ibex.get(q)?.push(...sample(() => compileSubstrait(build(tpch).node).bytes, perRound, opts.warmup));
    }
    if (python !== undefined) {
      try {
        // Python Ibis takes milliseconds a query: a few warm-ups settle it.
        const out = await runIbis(python, perRound, Math.min(5, opts.warmup));
        ibis = {
          version: out.ibis_version,
          substrait: out.substrait,
          ...(out.substrait_error ? { note: out.substrait_error } : {}),
        };
        for (const [k, v] of Object.entries(out.queries)) {
          sql.set(Number(k), [...(sql.get(Number(k)) ?? []), v.sql_us]);
          if (v.substrait_us) sub.set(Number(k), [...(sub.get(Number(k)) ?? []), v.substrait_us]);
        }
      } catch (e) {
        ibis = { note: `Python Ibis failed: ${(e as Error).message.split("\n")[0]}` };
      }
    }
  }
  // Python reports per-round summaries: their medians' median, and the extremes.
  const merge = (xs: readonly PyStats[] | undefined): Stats | undefined =>
    xs === undefined || xs.length === 0
      ? undefined
      : {
          ...stats(xs.map((s) => s.median)),
          min: Math.min(...xs.map((s) => s.min)),
          max: Math.max(...xs.map((s) => s.max)),
          n: xs.reduce((n, s) => n + (s.n ?? perRound), 0),
        };
  const rows = queries.map((q): CompileRow => {
    const ibisSql = merge(sql.get(q));
    const ibisSubstrait = merge(sub.get(q));
    return {
      query: q,
      ibex: stats(ibex.get(q) ?? []),
      ...(ibisSql === undefined ? {} : { ibisSql }),
      ...(ibisSubstrait === undefined ? {} : { ibisSubstrait }),
    };
  });
  return { rows, ibis };
}
