/**
 * A construct this compiler cannot express in Substrait that DataFusion
 * accepts. The engine runs such queries on the DataFrame lane (`lane: "auto"`).
 */
export class SubstraitUnsupportedError extends Error {
  readonly construct: string;
  constructor(construct: string, reason: string) {
    super(`substrait: ${construct} cannot be lowered: ${reason}`);
    this.name = "SubstraitUnsupportedError";
    this.construct = construct;
  }
}
