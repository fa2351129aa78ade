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
  readonly #types = new Map<string, { anchor: number; urnAnchor: number; name: string }>();

  #urn(urn: string): number {
    let urnAnchor = this.#urns.get(urn);
    if (urnAnchor === undefined) {
      urnAnchor = this.#urns.size + 1;
      this.#urns.set(urn, urnAnchor);
    }
    return urnAnchor;
  }

  /** The anchor of extension type `name` in `urn` (e.g. DataFusion's `null`). */
  typeAnchor(urn: string, name: string): number {
    const key = `${urn}#${name}`;
    let t = this.#types.get(key);
    if (t === undefined) {
      t = { anchor: this.#types.size + 1, urnAnchor: this.#urn(urn), name };
      this.#types.set(key, t);
    }
    return t.anchor;
  }

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
    return [
      ...[...this.#types.values()].map((t) =>
        create(SimpleExtensionDeclarationSchema, {
          mappingType: {
            case: "extensionType",
            value: { extensionUrnReference: t.urnAnchor, typeAnchor: t.anchor, name: t.name },
          },
        }),
      ),
      ...[...this.#functions.values()].map((f) =>
        create(SimpleExtensionDeclarationSchema, {
          mappingType: {
            case: "extensionFunction",
            value: { extensionUrnReference: f.urnAnchor, functionAnchor: f.anchor, name: f.name },
          },
        }),
      ),
    ];
  }
}
