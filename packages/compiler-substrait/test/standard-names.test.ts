import { readFileSync } from "node:fs";
import { builtinOps } from "@ibex/ir";
import { describe, expect, it } from "vitest";

// Generated at build time from the substrait crate's extension YAMLs.
const standard: Readonly<Record<string, readonly string[]>> = JSON.parse(
  readFileSync(new URL("../src/gen/standard-functions.json", import.meta.url), "utf8"),
);

describe("function names in plans", () => {
  it("every op under a standard Substrait URN names a function that URN declares", () => {
    const wrong = builtinOps
      .names()
      .map((name) => ({ name, s: builtinOps.get(name)?.substrait }))
      .filter(
        ({ s }) =>
          s !== undefined && (s.form ?? "function") === "function" && s.urn.startsWith("extension:io.substrait:"),
      )
      .filter(({ s }) => !(standard[s?.urn as string] ?? []).includes(s?.name as string))
      .map(({ name, s }) => `${name} -> ${s?.urn} ${s?.name}`);
    expect(wrong).toEqual([]);
  });

  it("uses the standard URNs for the standard functions it lowers to", () => {
    const urnOf = (op: string) => builtinOps.get(op)?.substrait?.urn;
    expect(urnOf("exp")).toBe("extension:io.substrait:functions_arithmetic");
    expect(urnOf("isNan")).toBe("extension:io.substrait:functions_comparison");
    expect(urnOf("add")).toBe("extension:io.substrait:functions_arithmetic");
    expect(urnOf("strftime")).toBe("extension:io.substrait:functions_datetime");
    // DataFusion's own names go under the Ibex URN, never a standard one
    expect(urnOf("year")).toBe("extension:dev.ibex:functions");
    expect(standard["extension:io.substrait:functions_string"]).toContain("regexp_replace");
  });
});
