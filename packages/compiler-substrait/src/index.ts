/**
 * @packageDocumentation
 * Lowers the Ibex IR to Substrait plans. Types are generated at build time
 * from the .proto files of the `substrait` crate DataFusion consumes.
 */

export type { CompiledPlan, CompileOptions } from "./compile.js";
export { compileSubstrait, planToJson } from "./compile.js";
export { ExtensionCollector } from "./extensions/extension-collector.js";
export type { Plan } from "./gen/substrait/plan_pb.js";
export { PlanSchema } from "./gen/substrait/plan_pb.js";
export { SUBSTRAIT_CRATE_VERSION, SUBSTRAIT_VERSION } from "./gen/version.js";
export { importSubstrait, SubstraitImportError } from "./import/import-plan.js";
export { signatureName, substraitType } from "./types.js";
export { SubstraitUnsupportedError } from "./unsupported.js";
