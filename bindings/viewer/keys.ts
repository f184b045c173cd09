// Keyboard: `/` focuses the query, `j`/`k` move the selected row, `Enter` opens or closes the detail.
// Keys typed into a text field are the field's, not commands; Enter on a button is the button's.

export interface KeyActions {
  focusQuery(): void;
  move(by: number): void;
  toggleDetail(): void;
}

export function bindKeys(target: Document, actions: KeyActions): void {
  target.addEventListener('keydown', (e) => {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    const el = e.target as HTMLElement | null;
    if (el && (el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.isContentEditable)) return;
    // Enter on a focused button or link is that control's own action
    if (e.key === 'Enter' && el && el.closest('button, a, summary, label, select')) return;
    switch (e.key) {
      case '/':
        e.preventDefault();
        actions.focusQuery();
        break;
      case 'j':
      case 'ArrowDown':
        e.preventDefault();
        actions.move(1);
        break;
      case 'k':
      case 'ArrowUp':
        e.preventDefault();
        actions.move(-1);
        break;
      case 'Enter':
        e.preventDefault();
        actions.toggleDetail();
        break;
    }
  });
}
