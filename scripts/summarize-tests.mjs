#!/usr/bin/env node
// Totals vitest (JSON report) and cargo test (text) results into the one
// line CI reads: `N passed, N failed`. A suite that produced no report counts
// as a failure, so a run that tested nothing cannot look green.
import { existsSync, readFileSync } from "node:fs";

const [vitestJson, cargoTxt, seconds, failedChecks = ""] = process.argv.slice(2);
let passed = 0;
let failed = 0;
const lines = [];

// Static checks (typecheck, lint) count as one test each: a red check must
// not hide behind green tests.
for (const check of failedChecks.split(",").filter(Boolean)) {
  failed += 1;
  lines.push(`${check}: failed`);
}

if (existsSync(vitestJson)) {
  const r = JSON.parse(readFileSync(vitestJson, "utf8"));
  passed += r.numPassedTests;
  failed += r.numFailedTests + (r.numTotalTestSuites > 0 && r.numTotalTests === 0 ? 1 : 0);
  lines.push(`vitest: ${r.numPassedTests} passed, ${r.numFailedTests} failed (${r.numTotalTestSuites} suites)`);
} else {
  failed += 1;
  lines.push("vitest: no report");
}

if (existsSync(cargoTxt)) {
  const text = readFileSync(cargoTxt, "utf8");
  const results = [...text.matchAll(/test result: \w+\. (\d+) passed; (\d+) failed/g)];
  const p = results.reduce((s, m) => s + Number(m[1]), 0);
  const f = results.reduce((s, m) => s + Number(m[2]), 0);
  const compileFailed = results.length === 0 ? 1 : 0;
  passed += p;
  failed += f + compileFailed;
  lines.push(`cargo: ${p} passed, ${f} failed${compileFailed ? " (no test results: build failed?)" : ""}`);
} else {
  failed += 1;
  lines.push("cargo: no report");
}

console.log(`\n== summary (${seconds}s)\n${lines.join("\n")}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
