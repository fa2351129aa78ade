import type { ColumnLineage } from "./column-lineage.js";

/** An OpenLineage column-lineage dataset facet (spec 1-2-0). */
export interface ColumnLineageFacet {
  readonly _producer: string;
  readonly _schemaURL: string;
  readonly fields: Readonly<
    Record<
      string,
      {
        readonly inputFields: readonly {
          readonly namespace: string;
          readonly name: string;
          readonly field: string;
          readonly transformations: readonly {
            readonly type: "DIRECT" | "INDIRECT";
            readonly subtype: string;
            readonly description: string;
            readonly masking: boolean;
          }[];
        }[];
      }
    >
  >;
}

const SUBTYPE = {
  identity: "IDENTITY",
  transformation: "TRANSFORMATION",
  aggregation: "AGGREGATION",
  join: "JOIN",
  groupBy: "GROUP_BY",
  filter: "FILTER",
  sort: "SORT",
  window: "WINDOW",
  conditional: "CONDITIONAL",
} as const;

/**
 * Column lineage as an OpenLineage `columnLineage` dataset facet: each output
 * field lists its input fields with DIRECT (identity, transformation,
 * aggregation) and INDIRECT (join, group by, filter, sort, window,
 * conditional) transformations.
 *
 * @example
 * ```ts
 * const facet = toOpenLineage(lineage(q.node), { namespace: "ibex" });
 * ```
 */
export function toOpenLineage(
  columns: readonly ColumnLineage[],
  options: { readonly namespace?: string; readonly producer?: string } = {},
): ColumnLineageFacet {
  const namespace = options.namespace ?? "ibex";
  const fields: Record<string, ColumnLineageFacet["fields"][string]> = {};
  for (const c of columns) {
    const inputs = new Map<
      string,
      {
        namespace: string;
        name: string;
        field: string;
        transformations: ColumnLineageFacet["fields"][string]["inputFields"][number]["transformations"][number][];
      }
    >();
    const entry = (table: string, column: string) => {
      const key = `${table}\u0000${column}`;
      let e = inputs.get(key);
      if (e === undefined) {
        e = { namespace, name: table, field: column, transformations: [] };
        inputs.set(key, e);
      }
      return e;
    };
    for (const d of c.direct)
      entry(d.table, d.column).transformations.push({
        type: "DIRECT",
        subtype: SUBTYPE[d.kind],
        description: "",
        masking: d.masking,
      });
    for (const d of c.indirect)
      entry(d.table, d.column).transformations.push({
        type: "INDIRECT",
        subtype: SUBTYPE[d.kind],
        description: "",
        masking: false,
      });
    fields[c.name] = { inputFields: [...inputs.values()] };
  }
  return {
    _producer: options.producer ?? "https://github.com/ibex/ibex",
    _schemaURL: "https://openlineage.io/spec/facets/1-2-0/ColumnLineageDatasetFacet.json",
    fields,
  };
}
