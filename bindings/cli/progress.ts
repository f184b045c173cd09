// A progress line on stderr while files are read (files done/total, MB read, MB/s), redrawn in place
// with \r. Drawn at start, then at most once per interval however fast the reads come, and cleared
// before any other message and at the end so nothing of it stays on the terminal.

export class Progress {
  private files = 0;
  private bytes = 0;
  private startedAt = 0;
  private drawnAt = -Infinity;
  /** Characters of progress text on the line now (0: the line is clear). */
  private shownWidth = 0;

  constructor(
    private readonly write: (text: string) => void,
    private readonly totalFiles: number,
    private readonly now: () => number = () => performance.now(),
    private readonly intervalMs = 250,
  ) {}

  start(): void {
    this.startedAt = this.now();
    this.draw(this.startedAt);
  }

  read(bytes: number): void {
    this.bytes += bytes;
    this.update();
  }

  fileDone(): void {
    this.files++;
    this.update();
  }

  clear(): void {
    if (this.shownWidth === 0) return;
    this.write('\r' + ' '.repeat(this.shownWidth) + '\r');
    this.shownWidth = 0;
  }

  private update(): void {
    const t = this.now();
    if (t - this.drawnAt >= this.intervalMs) this.draw(t);
  }

  private draw(t: number): void {
    const seconds = (t - this.startedAt) / 1000;
    const mb = this.bytes / 1e6;
    const rate = seconds > 0 ? mb / seconds : 0;
    const text = `logsieve: ${this.files}/${this.totalFiles} files, ${mb.toFixed(1)} MB, ${rate.toFixed(1)} MB/s`;
    // spaces cover what is left of a longer previous line
    this.write('\r' + text + ' '.repeat(Math.max(0, this.shownWidth - text.length)));
    this.shownWidth = text.length;
    this.drawnAt = t;
  }
}
