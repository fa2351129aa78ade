#!/usr/bin/env node
// The `ibex` command line: `ibex diff a.json b.json [--json]` diffs two
// queries saved as IR JSON (`JSON.stringify(toJson(q.node))`) and prints the
// edit script and what it means for the result.
import { readFileSync } from "node:fs";
import { fromJson } from "@ibex/ir";
import { diff, diffToText } from "../dist/index.js";

const [command, ...rest] = process.argv.slice(2);
const usage = "usage: ibex diff <before.json> <after.json> [--json]";
if (command !== "diff") {
  console.error(usage);
  process.exit(2);
}
const json = rest.includes("--json");
const files = rest.filter((a) => a !== "--json");
if (files.length !== 2) {
  console.error(usage);
  process.exit(2);
}
const read = (path) => {
  try {
    return fromJson(JSON.parse(readFileSync(path, "utf8")));
  } catch (e) {
    console.error(`ibex diff: ${path}: ${e.message}`);
    process.exit(2);
  }
};
const d = diff(read(files[0]), read(files[1]));
console.log(json ? JSON.stringify(d, null, 2) : diffToText(d));
// Like diff(1): 0 when nothing changed, 1 when something did.
process.exit(d.summary.semanticChange ? 1 : 0);
