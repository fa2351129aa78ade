import { IbexTypeError } from "../errors.js";
import type { DataType, TypeKind } from "../types/data-type.js";
import { dataType, timestampOf, typeToString, withNullable } from "../types/data-type.js";
import { anyNullable } from "../types/promotion.js";
import type { OpDefinition } from "./op-registry.js";

const DATETIME = "extension:io.substrait:functions_datetime";
const IBEX = "extension:dev.ibex:functions";

function requireKinds(op: string, t: DataType | undefined, position: number, kinds: readonly TypeKind[]): void {
  if (t !== undefined && !kinds.includes(t.kind)) {
    throw new IbexTypeError(op, `argument ${position}`, `has type ${typeToString(t)}, expected ${kinds.join(" or ")}`);
  }
}

/**
 * A field of a date, timestamp or time, as int64. Substrait's `extract` takes
 * an enum argument, which DataFusion's consumer rejects; `date_part` with a
 * string literal is what it accepts (both lanes call it). It is DataFusion's
 * name, not Substrait's, so it goes under the Ibex URN.
 */
const datePart = (name: string, part: string, kinds: readonly TypeKind[], doc: string): OpDefinition => ({
  name,
  arity: 1,
  doc,
  resolve: (args) => {
    requireKinds(name, args[0], 1, kinds);
    return { type: dataType("int64", anyNullable(args)) };
  },
  substrait: { urn: IBEX, name: "date_part", signature: "typed", leadingLiteral: part },
});

const DATE_OR_TS = ["date32", "timestamp"] as const;
const TS_OR_TIME = ["timestamp", "time64"] as const;

/** The units `truncate` accepts, per input kind. */
export const TRUNCATE_UNITS: Readonly<Record<"date32" | "timestamp" | "time64", readonly string[]>> = {
  date32: ["year", "quarter", "month", "week", "day"],
  timestamp: ["year", "quarter", "month", "week", "day", "hour", "minute", "second", "millisecond", "microsecond"],
  time64: ["hour", "minute", "second", "millisecond", "microsecond"],
};

/** Date, time and timestamp functions (Ibis names). */
export const TEMPORAL_OPS: readonly OpDefinition[] = Object.freeze([
  datePart("year", "year", DATE_OR_TS, "the year"),
  datePart("month", "month", DATE_OR_TS, "the month (1-12)"),
  datePart("day", "day", DATE_OR_TS, "the day of the month (1-31)"),
  datePart("quarter", "quarter", DATE_OR_TS, "the quarter (1-4)"),
  datePart("dayOfYear", "doy", DATE_OR_TS, "the day of the year (1-366)"),
  datePart("dayOfWeekSunday0", "dow", DATE_OR_TS, "the day of the week, Sunday = 0"),
  datePart("epochSeconds", "epoch", DATE_OR_TS, "seconds since 1970-01-01 UTC (truncated)"),
  datePart("hour", "hour", TS_OR_TIME, "the hour (0-23)"),
  datePart("minute", "minute", TS_OR_TIME, "the minute (0-59)"),
  datePart("second", "second", TS_OR_TIME, "the second (0-59)"),
  // DataFusion's (and Postgres's) millisecond/microsecond parts count from the
  // start of the minute; the DSL takes them modulo 1000 for Ibis's meaning.
  datePart("millisecondOfMinute", "millisecond", TS_OR_TIME, "milliseconds since the start of the minute"),
  datePart("microsecondOfMinute", "microsecond", TS_OR_TIME, "microseconds since the start of the minute"),
  {
    name: "truncate",
    arity: 2,
    literalArgs: [0],
    doc: "the value truncated to a unit (`year` ... `microsecond`); the unit comes first, as in date_trunc",
    resolve: (args) => {
      const [unit, x] = args as readonly [DataType, DataType];
      requireKinds("truncate", unit, 1, ["utf8"]);
      requireKinds("truncate", x, 2, ["date32", "timestamp", "time64"]);
      return { type: withNullable(x, x.nullable) };
    },
    // Substrait's standard round_temporal needs enum arguments; date_trunc is DataFusion's own.
    substrait: { urn: IBEX, name: "date_trunc", signature: "typed" },
  },
  {
    name: "strftime",
    arity: 2,
    literalArgs: [1],
    doc: "the value formatted with a strftime (chrono) format string",
    resolve: (args) => {
      requireKinds("strftime", args[0], 1, ["date32", "timestamp", "time64"]);
      requireKinds("strftime", args[1], 2, ["utf8"]);
      return { type: dataType("utf8", anyNullable(args)) };
    },
    substrait: { urn: DATETIME, name: "strftime", signature: "typed" },
  },
  {
    name: "toDate",
    arity: 2,
    literalArgs: [1],
    doc: "a string parsed as a date with a strftime format (an error where it does not parse)",
    resolve: (args) => {
      requireKinds("toDate", args[0], 1, ["utf8"]);
      requireKinds("toDate", args[1], 2, ["utf8"]);
      return { type: dataType("date32", anyNullable(args)) };
    },
    substrait: { urn: DATETIME, name: "strptime_date", signature: "typed" },
  },
  {
    name: "toTimestamp",
    arity: 2,
    literalArgs: [1],
    doc: "a string parsed as a zone-less nanosecond timestamp with a strftime format",
    resolve: (args) => {
      requireKinds("toTimestamp", args[0], 1, ["utf8"]);
      requireKinds("toTimestamp", args[1], 2, ["utf8"]);
      return { type: timestampOf("ns", null, anyNullable(args)) };
    },
    substrait: { urn: DATETIME, name: "strptime_timestamp", signature: "typed" },
  },
  {
    name: "toTime",
    arity: 2,
    literalArgs: [1],
    doc: "a string parsed as a time of day with a strftime format",
    resolve: (args) => {
      requireKinds("toTime", args[0], 1, ["utf8"]);
      requireKinds("toTime", args[1], 2, ["utf8"]);
      return { type: dataType("time64", anyNullable(args)) };
    },
    substrait: { urn: DATETIME, name: "strptime_time", signature: "typed" },
  },
  {
    name: "today",
    arity: 0,
    doc: "the current date (UTC), fixed for the whole query",
    resolve: () => ({ type: dataType("date32", false) }),
    substrait: { urn: IBEX, name: "current_date" },
  },
  {
    name: "now",
    arity: 0,
    doc: "the current instant (UTC), fixed for the whole query",
    resolve: () => ({ type: timestampOf("ns", "UTC", false) }),
    substrait: { urn: IBEX, name: "now" },
  },
]);
