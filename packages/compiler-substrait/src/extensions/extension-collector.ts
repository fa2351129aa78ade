import { create } from "@bufbuild/protobuf";
import type { SimpleExtensionDeclaration, SimpleExtensionURN } from "../gen/substrait/extensions/extensions_pb.js";
import {
  SimpleExtensionDeclarationSchema,
  SimpleExtensionURNSchema,
} from "../gen/substrait/extensions/extensions_pb.js";

/**
 * Collects the extension URNs and function declarations a plan uses and
 * hands out their anchors. Anchors are assigned in first-use order, so the
 * same query always compiles to the same bytes.
 */
export class ExtensionCollector {
  readonly #urns = new Map<string, number>();
  readonly #functions = new Map<string, { anchor: number; urnAnchor: number; name: string }>();

  /** The anchor of function `compoundName` (e.g. `equal:any_any`) in `urn`. */
  functionAnchor(urn: string, compoundName: string): number {
    let urnAnchor = this.#urns.get(urn);
    if (urnAnchor === undefined) {
      urnAnchor = this.#urns.size + 1;
      this.#urns.set(urn, urnAnchor);
    }
    const key = `${urn}#${compoundName}`;
    let fn = this.#functions.get(key);
    if (fn === undefined) {
      fn = { anchor: this.#functions.size + 1, urnAnchor, name: compoundName };
      this.#functions.set(key, fn);
    }
    return fn.anchor;
  }

  urns(): SimpleExtensionURN[] {
    return [...this.#urns].map(([urn, anchor]) =>
      create(SimpleExtensionURNSchema, { urn, extensionUrnAnchor: anchor }),
    );
  }

  declarations(): SimpleExtensionDeclaration[] {
    return [...this.#functions.values()].map((f) =>
      create(SimpleExtensionDeclarationSchema, {
        mappingType: {
          case: "extensionFunction",
          value: { extensionUrnReference: f.urnAnchor, functionAnchor: f.anchor, name: f.name },
        },
      }),
    );
  }
}
