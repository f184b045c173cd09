// Which files to follow: the paths matching the globs (default kubelet's /var/log/containers/*.log), each
// resolved through its symlinks to the real file (/var/log/containers/x.log → /var/log/pods/<ns>_<pod>_<uid>/
// <container>/0.log: the pods path is the one the engine reads metadata from, and the one kubelet rotates),
// kept when it matches an include glob (if any) and no exclude glob. Each real file is listed once, however
// many routes lead to it. Only regular files are taken (a FIFO named *.log would block a read forever).
import { realpath, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { compileGlob, type Glob, matchesAny } from './glob.ts';

export const DEFAULT_GLOBS = ['/var/log/containers/*.log'];

export interface DiscoveryOptions {
  /** Where to look (default DEFAULT_GLOBS). */
  globs?: readonly string[];
  /** When given, a file is kept only if its path or its resolved target matches one of these. */
  include?: readonly string[];
  /** A file is dropped if its path or its resolved target matches one of these. */
  exclude?: readonly string[];
}

export interface DiscoveredFile {
  /** The path a glob matched (maybe a symlink). */
  readonly route: string;
  /** The real file: symlinks resolved. Followers open and watch this. */
  readonly path: string;
  readonly dev: bigint;
  readonly ino: bigint;
}

/** Directory depth a `**` descends to at most (and symlinked directory loops end at it). */
const MAX_DEPTH = 32;

export class Discovery {
  private readonly globs: Glob[];
  private readonly include: Glob[];
  private readonly exclude: Glob[];

  constructor(options: DiscoveryOptions = {}) {
    this.globs = (options.globs?.length ? options.globs : DEFAULT_GLOBS).map(compileGlob);
    this.include = (options.include ?? []).map(compileGlob);
    this.exclude = (options.exclude ?? []).map(compileGlob);
  }

  /** One scan: every matching regular file once, in glob order then name order. Unreadable paths are skipped. */
  async scan(): Promise<DiscoveredFile[]> {
    const found: DiscoveredFile[] = [];
    const seen = new Set<string>();
    for (const glob of this.globs) {
      for (const route of await walk(glob.base, glob.segments, 0)) {
        const file = await this.resolve(route);
        if (!file) continue;
        const inode = `${file.dev}:${file.ino}`;
        if (seen.has(inode)) continue;
        seen.add(inode);
        found.push(file);
      }
    }
    return found;
  }

  /** Whether include/exclude keep a file found at `route` whose real path is `path`. */
  accepts(route: string, path = route): boolean {
    if (this.include.length && !matchesAny(this.include, route) && !matchesAny(this.include, path)) return false;
    return !matchesAny(this.exclude, route) && !matchesAny(this.exclude, path);
  }

  private async resolve(route: string): Promise<DiscoveredFile | undefined> {
    let path: string;
    try {
      path = await realpath(route);
      const st = await stat(path, { bigint: true });
      if (!st.isFile()) return undefined;
      if (!this.accepts(route, path)) return undefined;
      return { route, path, dev: st.dev, ino: st.ino };
    } catch {
      return undefined; // gone between readdir and stat, a dangling link, no permission: not a file to follow
    }
  }
}

/** The paths under `dir` matching `segments` (in name order). */
async function walk(dir: string, segments: readonly ('**' | RegExp)[], depth: number): Promise<string[]> {
  if (segments.length === 0) return [dir];
  if (depth > MAX_DEPTH) return [];
  let names: string[];
  try {
    names = (await readdir(dir)).sort();
  } catch {
    return []; // not a directory, gone, or unreadable
  }
  const [head, ...rest] = segments;
  const out: string[] = [];
  if (head === '**') {
    out.push(...(await walk(dir, rest, depth))); // zero directories
    for (const name of names) {
      const sub = join(dir, name);
      if (await isDirectory(sub)) out.push(...(await walk(sub, segments, depth + 1)));
    }
    return out;
  }
  for (const name of names) {
    if (!head.test(name)) continue;
    out.push(...(await walk(join(dir, name), rest, depth + 1)));
  }
  return out;
}

async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}
