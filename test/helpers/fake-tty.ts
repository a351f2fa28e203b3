// A fake terminal for frame tests: blessed draws into it at a fixed size; what it writes is kept.
import { PassThrough, Writable } from 'node:stream';

export class FakeOutput extends Writable {
  isTTY = true;
  columns: number;
  rows: number;
  written = '';
  constructor(cols: number, rows: number) {
    super();
    this.columns = cols;
    this.rows = rows;
  }
  override _write(chunk: Buffer, _enc: BufferEncoding, cb: () => void): void {
    this.written += chunk.toString('utf8');
    cb();
  }
  resize(cols: number, rows: number): void {
    this.columns = cols;
    this.rows = rows;
    this.emit('resize');
  }
  getWindowSize(): [number, number] {
    return [this.columns, this.rows];
  }
}

export class FakeInput extends PassThrough {
  isTTY = true;
  isRaw = false;
  setRawMode(mode: boolean): this {
    this.isRaw = mode;
    return this;
  }
}
