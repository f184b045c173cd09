// The README as npm shows it: every relative link in the shipped Markdown points at a file the package ships
// (the tarball holds only `files` plus README, LICENSE and package.json, so a link to ARCHITECTURE.md or docs/
// would be dead on npmjs.com and in node_modules without them).
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, dirname, normalize } from 'node:path';
import { describe, expect, it } from 'vitest';
import { root } from '../helpers/packed.ts';

const quiet = { ...process.env, npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false' };

describe('package docs', () => {
  it('every relative link in the shipped Markdown resolves inside the npm tarball, and LICENSE ships', () => {
    const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--offline', '--ignore-scripts'], {
      cwd: root, env: quiet, encoding: 'utf8', timeout: 120_000,
    });
    const shipped = new Set<string>(JSON.parse(out)[0].files.map((f: { path: string }) => f.path));
    expect(shipped).toContain('LICENSE');
    expect(shipped).toContain('README.md');
    const markdown = [...shipped].filter((f) => f.endsWith('.md'));
    let links = 0;
    for (const file of markdown) {
      const text = readFileSync(join(root, file), 'utf8');
      for (const m of text.matchAll(/\]\(([^)#\s]+)(#[^)]*)?\)/g)) {
        const target = m[1];
        if (/^[a-z]+:/i.test(target)) continue; // absolute URLs
        links++;
        expect(shipped, `${file} links to ${target}`).toContain(normalize(join(dirname(file), target)));
      }
    }
    expect(links).toBeGreaterThanOrEqual(3);
  });
});
