import type { SchemaShape, Table } from "@ibex/dsl";

/** TPC-H column types as Ibex registers them (`Connection.registerTpch`): decimals are float64. */
export type Region = { r_regionkey: "int64"; r_name: "utf8"; r_comment: "utf8" };
export type Nation = { n_nationkey: "int64"; n_name: "utf8"; n_regionkey: "int64"; n_comment: "utf8" };
export type Part = {
  p_partkey: "int64";
  p_name: "utf8";
  p_mfgr: "utf8";
  p_brand: "utf8";
  p_type: "utf8";
  p_size: "int64";
  p_container: "utf8";
  p_retailprice: "float64";
  p_comment: "utf8";
};
export type Supplier = {
  s_suppkey: "int64";
  s_name: "utf8";
  s_address: "utf8";
  s_nationkey: "int64";
  s_phone: "utf8";
  s_acctbal: "float64";
  s_comment: "utf8";
};
export type PartSupp = {
  ps_partkey: "int64";
  ps_suppkey: "int64";
  ps_availqty: "int64";
  ps_supplycost: "float64";
  ps_comment: "utf8";
};
export type Customer = {
  c_custkey: "int64";
  c_name: "utf8";
  c_address: "utf8";
  c_nationkey: "int64";
  c_phone: "utf8";
  c_acctbal: "float64";
  c_mktsegment: "utf8";
  c_comment: "utf8";
};
export type Orders = {
  o_orderkey: "int64";
  o_custkey: "int64";
  o_orderstatus: "utf8";
  o_totalprice: "float64";
  o_orderdate: "date32";
  o_orderpriority: "utf8";
  o_clerk: "utf8";
  o_shippriority: "int64";
  o_comment: "utf8";
};
export type Lineitem = {
  l_orderkey: "int64";
  l_partkey: "int64";
  l_suppkey: "int64";
  l_linenumber: "int64";
  l_quantity: "float64";
  l_extendedprice: "float64";
  l_discount: "float64";
  l_tax: "float64";
  l_returnflag: "utf8";
  l_linestatus: "utf8";
  l_shipdate: "date32";
  l_commitdate: "date32";
  l_receiptdate: "date32";
  l_shipinstruct: "utf8";
  l_shipmode: "utf8";
  l_comment: "utf8";
};

/** The eight TPC-H tables, typed. */
export interface Tpch {
  readonly region: Table<Region>;
  readonly nation: Table<Nation>;
  readonly part: Table<Part>;
  readonly supplier: Table<Supplier>;
  readonly partsupp: Table<PartSupp>;
  readonly customer: Table<Customer>;
  readonly orders: Table<Orders>;
  readonly lineitem: Table<Lineitem>;
}

/**
 * Re-types a join's result: its schema is checked when the query is built;
 * typed join results come with the typed-schema work.
 */
export function typed<S extends SchemaShape>(t: Table): Table<S> {
  return t as unknown as Table<S>;
}
