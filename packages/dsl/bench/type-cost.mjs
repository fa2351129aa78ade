#!/usr/bin/env node
// Type-checking cost of typed schemas: a 200-column table and a 20-step
// chain of mutate/filter/drop/select/aggregate, checked by tsc against the built
// .d.ts files. Prints tsc's counters; `--json` prints them as JSON (the
// type-cost test budgets the deterministic ones: types and instantiations).
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const pkg = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const COLUMNS = 200;
const STEPS = 20;

export function source(columns = COLUMNS, steps = STEPS) {
  const kinds = ["int64", "float64", "utf8", "bool"];
  const fields = Array.from({ length: columns }, (_, i) => `c${i}: "${kinds[i % 4]}"`);
  const lines = [
    `import { table } from "@ibex/dsl";`,
    `import { schema, dt } from "@ibex/ir";`,
    `type Wide = { ${fields.join("; ")} };`,
    `const t = table<Wide>("wide", schema([{ name: "c0", type: dt.int64() }]));`,
    `const q0 = t;`,
  ];
  for (let s = 1; s <= steps; s++) {
    const prev = `q${s - 1}`;
    const int = `c${(s * 4) % columns}`; // every 4th column is int64
    const step =
      s === steps
        ? `${prev}.groupBy("c2").aggregate((t) => ({ total: t.c0.sum(), avg: t.c1.mean(), any: t.c3.any(), n: t.count() }))`
        : s === steps - 1
          ? `${prev}.select("c0", "c1", "c2", "c3", ${prev}.c0.mul(2).name("twice"), { flag: ${prev}.c3.not() })`
          : s % 3 === 1
            ? `${prev}.mutate((t) => ({ m${s}: t.c0.add(t.${int}), c1: t.c1.mul(2) }))`
            : s % 3 === 2
              ? `${prev}.filter((t) => t.c2.eq("x"), (t) => t.m${s - 1}.gt(1))`
              : `${prev}.drop("m${s - 2}")`;
    lines.push(`const q${s} = ${step};`);
  }
  // The output schemas are typed all the way (this fails to check otherwise).
  lines.push(`export const twice: "int64" = q${steps - 1}.twice.kind;`);
  lines.push(`export const total: "int64" = q${steps}.total.kind;`);
  lines.push(`export type Result = typeof q${steps};`);
  return `${lines.join("\n")}\n`;
}

export function measure() {
  // Inside the package, so @ibex/ir resolves from its node_modules.
  const dir = mkdtempSync(join(pkg, "bench", ".tmp-"));
  try {
    writeFileSync(join(dir, "chain.ts"), source());
    writeFileSync(
      join(dir, "tsconfig.json"),
      JSON.stringify({
        extends: join(pkg, "..", "..", "tsconfig.base.json"),
        compilerOptions: {
          noEmit: true,
          rootDir: dir,
          types: [],
          paths: { "@ibex/dsl": [join(pkg, "dist", "index.d.ts")] },
        },
        files: ["chain.ts"],
      }),
    );
    // Resolve @ibex/* from this package's node_modules.
    const tsc = createRequire(join(pkg, "package.json")).resolve("typescript/bin/tsc");
    let out;
    try {
      out = execFileSync(process.execPath, [tsc, "-p", dir, "--extendedDiagnostics"], {
        encoding: "utf8",
        env: { ...process.env, NODE_PATH: join(pkg, "node_modules") },
        cwd: pkg,
      });
    } catch (e) {
      throw new Error(`the type benchmark does not type-check:\n${e.stdout ?? e}`);
    }
    const num = (label) => Number((new RegExp(`^${label}:\\s+([\\d.]+)`, "m").exec(out) ?? [])[1]);
    return {
      columns: COLUMNS,
      steps: STEPS,
      types: num("Types"),
      instantiations: num("Instantiations"),
      checkSeconds: num("Check time"),
      totalSeconds: num("Total time"),
      memoryKiB: num("Memory used"),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const m = measure();
  console.log(process.argv.includes("--json") ? JSON.stringify(m) : m);
}
