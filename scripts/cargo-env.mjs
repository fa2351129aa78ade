// Shared cargo settings for every script: one target dir outside the clone
// (so CI and later runs reuse the DataFusion build) and the release profile.
import { homedir } from "node:os";
import { join } from "node:path";

export const cargoTargetDir = process.env.CARGO_TARGET_DIR ?? join(homedir(), ".cache", "ibex", "cargo-target");
export const cargoEnv = { ...process.env, CARGO_TARGET_DIR: cargoTargetDir };
