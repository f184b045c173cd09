// The package version, read from package.json at run time (so a rebuilt bundle is never needed for a new
// version). Found by walking up from this module: dist/cli.js when bundled, bindings/cli/ from source.
import { readFileSync } from 'node:fs';

export function packageVersion(): string {
  let dir = new URL('.', import.meta.url);
  for (;;) {
    try {
      const pkg = JSON.parse(readFileSync(new URL('package.json', dir), 'utf8'));
      if (pkg.name === 'logsieve') return String(pkg.version);
    } catch {
      // no package.json here (or not ours): look one level up
    }
    const parent = new URL('..', dir);
    if (parent.href === dir.href) throw new Error('logsieve: cannot find its package.json');
    dir = parent;
  }
}
