// The query box (#query): as the user types, the text is classified (query-text.ts) and handed on after a
// pause of DEBOUNCE_MS, so a fast typist causes one select, not one per key. Errors go under the box with
// their position in the typed text and a caret.

import { type ClassifiedQuery, classifyQuery, errorDisplay } from './query-text.ts';

export const DEBOUNCE_MS = 120;

export class QueryBox {
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly input: HTMLInputElement,
    private readonly errorBox: HTMLElement,
    private readonly onQuery: (q: ClassifiedQuery) => void,
  ) {
    input.addEventListener('input', () => this.schedule());
    input.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') this.fire(); // no need to wait
      if (e.key === 'Escape') input.blur();
    });
  }

  /** Whether typed text is waiting for its debounce to end. */
  get waiting(): boolean {
    return this.timer !== undefined;
  }

  get text(): string {
    return this.input.value;
  }

  /** Replaces the text (a facet click) and runs it at once. */
  setText(text: string): void {
    this.input.value = text;
    this.fire();
  }

  focus(): void {
    this.input.focus();
    this.input.select();
  }

  private schedule(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.fire(), DEBOUNCE_MS);
  }

  private fire(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.onQuery(classifyQuery(this.input.value));
  }

  /** Shows an engine error; `position` is in the text the engine compiled (mapped back by `q`). */
  showError(q: ClassifiedQuery, reason: string, position: number): string {
    const d = errorDisplay(this.input.value, reason, q.toTyped(position));
    this.errorBox.textContent = `${d.message}\n${d.text}\n${d.caret}`;
    this.errorBox.hidden = false;
    this.input.classList.add('invalid');
    return d.message;
  }

  clearError(): void {
    this.errorBox.textContent = '';
    this.errorBox.hidden = true;
    this.input.classList.remove('invalid');
  }
}
