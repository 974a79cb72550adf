import { closeSync, openSync, readSync, rmSync, writeSync } from "node:fs";
import path from "node:path";
import { randomUUID } from "node:crypto";

/**
 * The compressed counts of a results file's masks, as bytes (COCO's alphabet is ASCII): one byte per
 * character instead of a JS string per mask (2 bytes per character plus ~20 bytes of header, and a
 * heap object the garbage collector walks). Held in memory up to `memoryBytes`; past that, the rest
 * goes to a spill file (DATA_DIR/tmp) that is read back by position when a mask is needed, so a
 * results file of any size fits a bounded heap.
 */
export class CountsStore {
  private readonly blocks: Buffer[] = [];
  private block: Buffer;
  private blockUsed = 0;
  private memoryUsed = 0;
  private spill: { fd: number; file: string; pending: Buffer; pendingUsed: number; start: number } | null = null;
  /** Bytes stored so far: the offset the next counts string gets. */
  size = 0;
  private readBuffer = Buffer.allocUnsafe(64 * 1024);

  constructor(
    private readonly options: { memoryBytes: number; spillDir: string; blockBytes?: number } = {
      memoryBytes: Infinity,
      spillDir: "",
    },
  ) {
    this.block = Buffer.allocUnsafe(this.blockBytes());
  }

  private blockBytes(): number {
    return this.options.blockBytes ?? 4 * 1024 * 1024;
  }

  /** Appends bytes src[from, to); returns their offset. `unescape`: drop the JSON escape of each backslash (\\ -> \). */
  append(src: Uint8Array, from: number, to: number, unescape = false): number {
    const offset = this.size;
    if (unescape) {
      for (let k = from; k < to; k++) {
        this.pushByte(src[k]);
        if (src[k] === 0x5c) k++; // the escaped backslash's second half
      }
    } else if (this.spill) {
      this.spillBytes(src, from, to);
    } else {
      let k = from;
      while (k < to) {
        if (this.blockUsed === this.block.length) this.nextBlock();
        if (this.spill) {
          this.spillBytes(src, k, to);
          break;
        }
        const n = Math.min(to - k, this.block.length - this.blockUsed);
        this.block.set(src.subarray(k, k + n), this.blockUsed);
        this.blockUsed += n;
        this.size += n;
        k += n;
      }
    }
    return offset;
  }

  private pushByte(b: number): void {
    if (this.spill) {
      const s = this.spill;
      if (s.pendingUsed === s.pending.length) this.flushSpill();
      s.pending[s.pendingUsed++] = b;
      this.size++;
      return;
    }
    if (this.blockUsed === this.block.length) {
      this.nextBlock();
      if (this.spill) return this.pushByte(b);
    }
    this.block[this.blockUsed++] = b;
    this.size++;
  }

  private nextBlock(): void {
    this.blocks.push(this.block);
    this.memoryUsed += this.block.length;
    if (this.memoryUsed + this.blockBytes() > this.options.memoryBytes) {
      const file = path.join(this.options.spillDir, `counts-${randomUUID()}.bin`);
      this.spill = { fd: openSync(file, "w+"), file, pending: Buffer.allocUnsafe(this.blockBytes()), pendingUsed: 0, start: this.size };
      this.block = Buffer.alloc(0);
      this.blockUsed = 0;
    } else {
      this.block = Buffer.allocUnsafe(this.blockBytes());
      this.blockUsed = 0;
    }
  }

  private spillBytes(src: Uint8Array, from: number, to: number): void {
    const s = this.spill!;
    let k = from;
    while (k < to) {
      if (s.pendingUsed === s.pending.length) this.flushSpill();
      const n = Math.min(to - k, s.pending.length - s.pendingUsed);
      s.pending.set(src.subarray(k, k + n), s.pendingUsed);
      s.pendingUsed += n;
      this.size += n;
      k += n;
    }
  }

  private flushSpill(): void {
    const s = this.spill!;
    let written = 0;
    while (written < s.pendingUsed) written += writeSync(s.fd, s.pending, written, s.pendingUsed - written);
    s.pendingUsed = 0;
  }

  /** Bytes kept in memory (the rest is in the spill file). */
  get inMemoryBytes(): number {
    return this.memoryUsed + this.blockUsed;
  }

  get spilled(): boolean {
    return this.spill !== null;
  }

  /** No more appends: flushes the spill file. */
  finish(): void {
    if (this.spill && this.spill.pendingUsed > 0) this.flushSpill();
  }

  /** The counts string of `length` bytes at `offset`. */
  text(offset: number, length: number): string {
    const spillStart = this.spill ? this.spill.start : Infinity;
    if (offset + length <= spillStart) {
      const blockBytes = this.blockBytes();
      const b = Math.floor(offset / blockBytes);
      const at = offset - b * blockBytes;
      const block = b < this.blocks.length ? this.blocks[b] : this.block;
      if (at + length <= blockBytes) return block.toString("latin1", at, at + length);
      // Spans two blocks.
      const first = block.toString("latin1", at, blockBytes);
      const next = b + 1 < this.blocks.length ? this.blocks[b + 1] : this.block;
      return first + next.toString("latin1", 0, length - first.length);
    }
    if (offset < spillStart) return this.text(offset, spillStart - offset) + this.text(spillStart, offset + length - spillStart);
    const s = this.spill!;
    const filePos = offset - s.start;
    const flushedBytes = this.size - s.start - s.pendingUsed;
    if (filePos >= flushedBytes) return s.pending.toString("latin1", filePos - flushedBytes, filePos - flushedBytes + length);
    if (this.readBuffer.length < length) this.readBuffer = Buffer.allocUnsafe(length);
    let read = 0;
    while (read < length) {
      const n = readSync(s.fd, this.readBuffer, read, length - read, filePos + read);
      if (n === 0) throw new Error(`counts spill file ${s.file} is shorter than expected`);
      read += n;
    }
    return this.readBuffer.toString("latin1", 0, length);
  }

  /** Closes and deletes the spill file. */
  dispose(): void {
    if (!this.spill) return;
    closeSync(this.spill.fd);
    rmSync(this.spill.file, { force: true });
    this.spill = null;
  }
}
