import type { JsonValue } from "@bufbuild/protobuf";
import { create, toJson } from "@bufbuild/protobuf";
import type { OpRegistry, RelationNode } from "@ibex/ir";
import { builtinOps } from "@ibex/ir";
import { ExtensionCollector } from "./extensions/extension-collector.js";
import type { Plan } from "./gen/substrait/plan_pb.js";
import { PlanSchema } from "./gen/substrait/plan_pb.js";
import { SUBSTRAIT_VERSION } from "./gen/version.js";
import { RelationLowering } from "./lower/lower-relation.js";
import { nestedNames } from "./types.js";
import { encodeBinary } from "./wire/fast-binary.js";

/** Options for {@link compileSubstrait}. */
export interface CompileOptions {
  /** The registry whose ops the query uses (default: the built-ins). */
  readonly registry?: OpRegistry;
}

/** A compiled Substrait plan. */
export interface CompiledPlan {
  /** The plan message. */
  readonly plan: Plan;
  /** The plan as binary protobuf: what the engine executes. */
  readonly bytes: Uint8Array;
  /** Output column names (the RelRoot names). */
  readonly names: readonly string[];
}

/**
 * Compiles an IR query to a Substrait plan: one RelRoot over the lowered
 * relation tree, with standard extension URNs and anchors for every function.
 *
 * @example
 * ```ts
 * import { compileSubstrait, planToJson } from "@ibex/compiler-substrait";
 * const { bytes, plan } = compileSubstrait(query.node);
 * console.log(JSON.stringify(planToJson(plan), null, 2));
 * ```
 */
export function compileSubstrait(root: RelationNode, options: CompileOptions = {}): CompiledPlan {
  const extensions = new ExtensionCollector();
  const input = new RelationLowering(extensions, options.registry ?? builtinOps).lower(root);
  const names = [...root.schema.names];
  const plan = create(PlanSchema, {
    version: {
      majorNumber: SUBSTRAIT_VERSION.major,
      minorNumber: SUBSTRAIT_VERSION.minor,
      patchNumber: SUBSTRAIT_VERSION.patch,
      producer: "ibex",
    },
    extensionUrns: extensions.urns(),
    extensions: extensions.declarations(),
    // RelRoot names list nested struct field names too (depth first).
    relations: [
      {
        relType: {
          case: "root",
          value: { input, names: root.schema.fields.flatMap((f) => [f.name, ...nestedNames(f.type)]) },
        },
      },
    ],
  });
  return { plan, bytes: encodeBinary(PlanSchema, plan), names };
}

/** The plan in Substrait's canonical JSON form (proto3 JSON mapping). */
export function planToJson(plan: Plan): JsonValue {
  return toJson(PlanSchema, plan);
}
