#!/usr/bin/env node
// Builds the Rust addon with cargo (release profile, shared target dir) and
// copies the cdylib to native/ibex_engine.node. Plain cargo rather than the
// napi CLI: the CLI always passes --target, which would build DataFusion a
// second time apart from `cargo test --release`.
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { cargoEnv, cargoTargetDir } from "../../../scripts/cargo-env.mjs";

const pkg = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const started = Date.now();
execFileSync("cargo", ["build", "--release", "--manifest-path", join(pkg, "native/Cargo.toml")], {
  stdio: "inherit",
  env: cargoEnv,
});
const lib = {
  linux: "libibex_engine_native.so",
  darwin: "libibex_engine_native.dylib",
  win32: "ibex_engine_native.dll",
}[process.platform];
if (lib === undefined) throw new Error(`unsupported platform ${process.platform}`);
const out = join(pkg, "native/ibex_engine.node");
mkdirSync(dirname(out), { recursive: true });
copyFileSync(join(cargoTargetDir, "release", lib), out);
// Debug symbols are already off; dropping the static symbol table saves ~25 MB.
// (Stripping here, not via the cargo profile, keeps DataFusion's artifacts reusable.)
if (process.platform === "linux") {
  try {
    execFileSync("strip", ["--strip-unneeded", out]);
  } catch {
    console.warn("strip not available; the addon keeps its symbol table");
  }
}
const mb = (statSync(out).size / 2 ** 20).toFixed(1);
console.log(`built ${out} (${mb} MiB) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
