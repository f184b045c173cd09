// The side panel (#facets): the top values of namespace, pod, container, level and stream in the current
// selection, each with its count; a click adds the value to the query (facet-query.ts).

import type { Facet, FacetField } from './protocol.ts';

const TITLES: Record<FacetField, string> = { namespace: 'Namespace', pod: 'Pod', container: 'Container', level: 'Level', stream: 'Stream' };

export class Facets {
  onPick: (field: FacetField, value: string) => void = () => {};

  constructor(private readonly box: HTMLElement) {
    box.addEventListener('click', (e) => {
      const v = (e.target as HTMLElement).closest<HTMLElement>('[data-value]');
      const group = v?.closest<HTMLElement>('[data-field]');
      if (v && group) this.onPick(group.dataset.field as FacetField, v.dataset.value ?? '');
    });
  }

  render(facets: Facet[]): void {
    this.box.replaceChildren(...facets.map((f) => {
      const group = document.createElement('section');
      group.dataset.field = f.field;
      const h = document.createElement('h3');
      h.textContent = TITLES[f.field];
      group.append(h);
      f.values.forEach((value, i) => {
        const item = document.createElement('div');
        item.dataset.value = value;
        item.title = `add ${f.field}="${value}" to the query`;
        const name = document.createElement('span');
        name.className = f.field === 'level' ? `value lvl-${value}` : 'value';
        name.textContent = value === '' ? '(none)' : value;
        const count = document.createElement('span');
        count.className = 'count';
        count.textContent = String(f.counts[i]);
        item.append(name, count);
        group.append(item);
      });
      if (f.distinct > f.values.length) {
        const more = document.createElement('div');
        more.className = 'more';
        more.textContent = `${f.distinct - f.values.length} more`;
        group.append(more);
      }
      return group;
    }));
  }
}
