// Runs every `ts` code block of the docs (docs/*.md) after the page's
// `ts setup` block, so the documentation cannot drift from the library.
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { compileSubstrait, importSubstrait } from "@ibex/compiler-substrait";
import {
  ConsoleSink,
  createRecorder,
  diff,
  diffToText,
  InMemorySink,
  JsonLinesSink,
  lineage,
  toOpenLineage,
} from "@ibex/diagnostics";
import * as dsl from "@ibex/dsl";
import { connect } from "@ibex/engine-native";
import { tableFromArrays } from "apache-arrow";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const DOCS = join(import.meta.dirname, "..", "..", "docs");
// What doc examples may use without importing (a fresh temporary directory as `tmp`).
const scope: Record<string, unknown> = {
  ...dsl,
  connect,
  tableFromArrays,
  InMemorySink,
  JsonLinesSink,
  ConsoleSink,
  lineage,
  toOpenLineage,
  diff,
  diffToText,
  compileSubstrait,
  importSubstrait,
  createRecorder,
  join,
  tmp: mkdtempSync(join(tmpdir(), "ibex-docs-")),
};
const AsyncFunction = Object.getPrototypeOf(async () => undefined).constructor as new (
  ...args: string[]
) => (...values: unknown[]) => Promise<unknown>;

function blocks(markdown: string): { setup: string; examples: { line: number; code: string }[] } {
  let setup = "";
  const examples: { line: number; code: string }[] = [];
  for (const m of markdown.matchAll(/^```ts( setup)?\n([\s\S]*?)^```$/gm)) {
    const line = markdown.slice(0, m.index).split("\n").length;
    if (m[1] !== undefined) setup += m[2];
    else examples.push({ line, code: m[2] as string });
  }
  return { setup, examples };
}

function run(code: string): Promise<unknown> {
  const js = ts.transpileModule(code, {
    compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext },
  }).outputText;
  const names = Object.keys(scope);
  return new AsyncFunction(...names, js)(...names.map((n) => scope[n]));
}

const pages = readdirSync(DOCS).filter((f) => f.endsWith(".md"));

describe.each(pages)("docs/%s", (page) => {
  const { setup, examples } = blocks(readFileSync(join(DOCS, page), "utf8"));
  if (examples.length === 0) {
    it("has no runnable examples", () => expect(examples).toEqual([]));
    return;
  }
  it.each(examples.map((e) => [e.line, e.code] as const))("example at line %i runs", async (_line, code) => {
    await run(`${setup}\n${code}`);
  });
});
