// The package as a user gets it: `npm pack` of the built tree (only what `files` ships), unpacked into
// <dir>/node_modules/logsieve of a scratch project. Offline and bounded; run `npm run build` first.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = fileURLToPath(new URL('../../', import.meta.url));

const quiet = { ...process.env, npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false' };

/** A scratch project directory with logsieve installed from its packed tarball; remove it with `rmSync`. */
export function projectWithPackedLogsieve(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), `logsieve-${prefix}-`));
  const pkgDir = join(dir, 'node_modules', 'logsieve');
  mkdirSync(pkgDir, { recursive: true });
  const out = execFileSync('npm', ['pack', '--pack-destination', dir, '--json', '--offline', '--ignore-scripts'], {
    cwd: root, env: quiet, encoding: 'utf8', timeout: 120_000,
  });
  const tarball = join(dir, JSON.parse(out)[0].filename);
  execFileSync('tar', ['-xzf', tarball, '-C', pkgDir, '--strip-components=1'], { timeout: 60_000 });
  rmSync(tarball);
  return dir;
}

/** Makes packages of this checkout's node_modules (dev tools, @types) visible to the scratch project. */
export function linkFromRoot(dir: string, names: string[]): void {
  for (const name of names) {
    const to = join(dir, 'node_modules', name);
    mkdirSync(dirname(to), { recursive: true });
    symlinkSync(join(root, 'node_modules', name), to, 'dir');
  }
}
