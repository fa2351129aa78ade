import * as arrow from "apache-arrow";
import { IbexEngineError } from "../engine-error.js";
import type { NativeChunk } from "../native/binding.js";

/**
 * Rebuilds the record batches of one chunk over the buffers the engine lent
 * (`native/src/transfer/layout.rs` writes the layout this reads): no byte is
 * copied, each apache-arrow `Data` views the engine's Arrow memory, and the
 * memory is freed when the last view of it is collected.
 *
 * @example
 * ```ts
 * const chunk = await native.next();
 * const batches = chunk && "layout" in chunk ? lentBatches(schema, chunk) : [];
 * ```
 */
export function lentBatches(
  schema: arrow.Schema,
  chunk: Extract<NativeChunk, { layout: Float64Array }>,
): arrow.RecordBatch[] {
  const reader = new LayoutReader(chunk);
  const rowType = new arrow.Struct(schema.fields);
  const batches: arrow.RecordBatch[] = [];
  while (!reader.done()) {
    const length = reader.number();
    const children = schema.fields.map((f) => reader.node(f.type));
    batches.push(new arrow.RecordBatch(schema, arrow.makeData({ type: rowType, length, nullCount: 0, children })));
  }
  return batches;
}

type LentChunk = Extract<NativeChunk, { layout: Float64Array }>;

/** Reads `[length, nullCount, offset, validity, nBuffers, buffer…, nChildren, child…]` nodes. */
class LayoutReader {
  #at = 0;
  readonly layout: Float64Array;
  readonly pieces: Float64Array;
  readonly buffers: readonly ArrayBuffer[];
  constructor(chunk: LentChunk) {
    this.layout = chunk.layout;
    this.pieces = chunk.pieces;
    this.buffers = chunk.buffers;
  }

  done(): boolean {
    return this.#at >= this.layout.length;
  }

  number(): number {
    const n = this.layout[this.#at++];
    if (n === undefined) throw corrupt("the layout ended inside a batch");
    return n;
  }

  /** Piece `index` (`pieces` places it: `[buffer, byteOffset, byteLength]`), or none for -1. */
  #bytes(index: number): Uint8Array | undefined {
    if (index < 0) return undefined;
    const buffer = this.buffers[this.pieces[index * 3] ?? -1];
    const offset = this.pieces[index * 3 + 1] ?? 0;
    if (buffer === undefined) throw corrupt(`piece ${index} has no buffer`);
    const bytes = new Uint8Array(buffer, offset, this.pieces[index * 3 + 2]);
    // Typed arrays need element-aligned offsets; the engine keeps 8-byte
    // alignment, but memory it did not allocate may not have it.
    return offset % 8 === 0 ? bytes : bytes.slice();
  }

  node(type: arrow.DataType): arrow.Data {
    const length = this.number();
    const nullCount = this.number();
    const offset = this.number();
    const nullBitmap = this.#bytes(this.number());
    const buffers = Array.from({ length: this.number() }, () => this.#bytes(this.number()) ?? new Uint8Array(0));
    const childTypes = type.children ?? [];
    const nChildren = this.number();
    if (nChildren !== childTypes.length)
      throw corrupt(`${type} has ${childTypes.length} children, the layout ${nChildren}`);
    const children = childTypes.map((f: arrow.Field) => this.node(f.type));
    const common = { type, length, nullCount, offset, nullBitmap };
    const expect = (n: number) => {
      if (buffers.length !== n) throw corrupt(`${type} has ${n} buffers, the layout ${buffers.length}`);
    };
    switch (type.typeId) {
      case arrow.Type.Null:
        expect(0);
        return arrow.makeData({ type, length });
      case arrow.Type.Bool:
      case arrow.Type.Int:
      case arrow.Type.Float:
      case arrow.Type.Decimal:
      case arrow.Type.Date:
      case arrow.Type.Time:
      case arrow.Type.Timestamp:
      case arrow.Type.Interval:
      case arrow.Type.Duration:
      case arrow.Type.FixedSizeBinary:
        expect(1);
        return make({ ...common, data: buffers[0] });
      case arrow.Type.Utf8:
      case arrow.Type.Binary:
      case arrow.Type.LargeUtf8:
      case arrow.Type.LargeBinary:
        expect(2);
        return make({ ...common, valueOffsets: buffers[0], data: buffers[1] });
      case arrow.Type.List:
      case arrow.Type.LargeList:
      case arrow.Type.Map:
        expect(1);
        return make({ ...common, valueOffsets: buffers[0], child: children[0] });
      case arrow.Type.FixedSizeList:
        expect(0);
        return make({ ...common, child: children[0] });
      case arrow.Type.Struct:
        expect(0);
        return make({ ...common, children });
      default:
        // The engine lends only the layouts above (`lendable` in layout.rs).
        throw corrupt(`${type} was lent but has no lent layout`);
    }
  }
}

/**
 * `makeData` with its props unchecked: which props apply depends on the
 * type's id, known only at run time (apache-arrow does not export `DataProps`).
 */
const make = arrow.makeData as (props: { type: arrow.DataType } & Record<string, unknown>) => arrow.Data;

function corrupt(detail: string): IbexEngineError {
  return IbexEngineError.of("IBEX_INTERNAL_ERROR", `result transfer: ${detail}`);
}

/** Bytes a chunk brought across: its IPC stream, or the buffers it lent. */
export function chunkBytes(chunk: NativeChunk): number {
  if ("ipc" in chunk) return chunk.ipc.byteLength;
  let n = 0;
  for (const b of chunk.buffers) n += b.byteLength;
  return n;
}
