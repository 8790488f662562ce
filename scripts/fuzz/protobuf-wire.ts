/**
 * A minimal protobuf wire writer, so the fuzzer can put anything in any field (ids of any
 * length, invalid UTF-8 in strings, any fixed64) without a schema library refusing it.
 */
export class WireWriter {
  private chunks: Uint8Array[] = [];
  private size = 0;

  private push(bytes: Uint8Array): this {
    this.chunks.push(bytes);
    this.size += bytes.length;
    return this;
  }

  private varint(value: bigint | number): this {
    if (typeof value === 'number' && value >= 0 && value < 0x80000000) {
      const out: number[] = [];
      let v = value;
      while (v > 0x7f) {
        out.push((v & 0x7f) | 0x80);
        v >>>= 7;
      }
      out.push(v);
      return this.push(Uint8Array.from(out));
    }
    const out: number[] = [];
    let v = BigInt.asUintN(64, BigInt(value));
    while (v > 0x7fn) {
      out.push(Number(v & 0x7fn) | 0x80);
      v >>= 7n;
    }
    out.push(Number(v));
    return this.push(Uint8Array.from(out));
  }

  private tag(field: number, wireType: number): this {
    return this.varint((field << 3) | wireType);
  }

  uint(field: number, value: number | bigint): this {
    return this.tag(field, 0).varint(typeof value === 'number' && value < 0 ? BigInt(value) : value);
  }

  fixed64(field: number, value: bigint): this {
    const bytes = new Uint8Array(8);
    new DataView(bytes.buffer).setBigUint64(0, BigInt.asUintN(64, value), true);
    return this.tag(field, 1).push(bytes);
  }

  fixed32(field: number, value: number): this {
    const bytes = new Uint8Array(4);
    new DataView(bytes.buffer).setUint32(0, value >>> 0, true);
    return this.tag(field, 5).push(bytes);
  }

  double(field: number, value: number): this {
    const bytes = new Uint8Array(8);
    new DataView(bytes.buffer).setFloat64(0, value, true);
    return this.tag(field, 1).push(bytes);
  }

  bytes(field: number, value: Uint8Array): this {
    return this.tag(field, 2).varint(value.length).push(value);
  }

  /** A string field; raw bytes are written as given (they may be invalid UTF-8). */
  string(field: number, value: string | Uint8Array): this {
    return this.bytes(field, typeof value === 'string' ? new TextEncoder().encode(value) : value);
  }

  message(field: number, write: (inner: WireWriter) => void): this {
    const inner = new WireWriter();
    write(inner);
    return this.bytes(field, inner.finish());
  }

  finish(): Uint8Array {
    return this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks, this.size);
  }
}
