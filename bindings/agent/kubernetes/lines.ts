// A watch body is newline-delimited JSON, one event per line, cut anywhere by TCP: this joins the chunks
// back into lines. A line is bounded so a broken server cannot make us hold unbounded memory.
export class LineTooLongError extends Error {
  constructor(max: number) {
    super(`a watch event is over ${max} bytes`);
    this.name = 'LineTooLongError';
  }
}

/** The complete lines of `chunks` (Buffers), without their '\n'; a last line without one counts too. */
export async function* ndjsonLines(chunks: AsyncIterable<Buffer | string>, maxLineBytes: number): AsyncGenerator<string> {
  let held: Buffer[] = [];
  let heldBytes = 0;
  for await (const c of chunks) {
    const chunk = typeof c === 'string' ? Buffer.from(c) : c;
    let start = 0;
    for (let nl = chunk.indexOf(10); nl >= 0; nl = chunk.indexOf(10, start)) {
      const piece = chunk.subarray(start, nl);
      if (heldBytes + piece.length > maxLineBytes) throw new LineTooLongError(maxLineBytes);
      const line = heldBytes ? Buffer.concat([...held, piece]).toString('utf8') : piece.toString('utf8');
      held = [];
      heldBytes = 0;
      start = nl + 1;
      if (line.trim()) yield line;
    }
    if (start < chunk.length) {
      heldBytes += chunk.length - start;
      if (heldBytes > maxLineBytes) throw new LineTooLongError(maxLineBytes);
      held.push(chunk.subarray(start));
    }
  }
  if (heldBytes) {
    const line = Buffer.concat(held).toString('utf8');
    if (line.trim()) yield line;
  }
}
