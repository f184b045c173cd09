// Renders what a terminal would show for text written to it, to check lines redrawn with \r.

/** What a terminal shows after printing `text`: \r goes back to the line start, later characters overwrite. */
export function screen(text: string): string[] {
  const lines: string[] = [];
  for (const raw of text.split('\n')) {
    let line = '';
    let col = 0;
    for (const ch of raw) {
      if (ch === '\r') col = 0;
      else {
        line = line.slice(0, col) + ch + line.slice(col + 1);
        col++;
      }
    }
    lines.push(line.trimEnd());
  }
  if (lines.at(-1) === '') lines.pop();
  return lines;
}
