// Which files of a folder are read, and in what order (pure; tested in Node). As the CLI walks a directory:
// `*.log` files, sorted name by name at each level (so `a/x.log` comes before `a-b/x.log`, as in the CLI's
// walk; code unit order, the same as the CLI's byte order for ASCII names); also `*.gz`
// (rotated, compressed logs), which the browser decompresses. Files picked one by one are all read, in
// the order given.

export interface NamedFile<T> {
  path: string;
  file: T;
}

export function isLogFileName(path: string): boolean {
  return /\.log$/.test(path) || /\.gz$/i.test(path);
}

export function folderFiles<T>(files: ReadonlyArray<NamedFile<T>>): Array<NamedFile<T>> {
  return files.filter((f) => isLogFileName(f.path)).sort((a, b) => comparePaths(a.path, b.path));
}

/** Component by component: a directory's entries are sorted by name, then each is walked in turn. */
export function comparePaths(a: string, b: string): number {
  const x = a.split('/');
  const y = b.split('/');
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    if (x[i] !== y[i]) return x[i] < y[i] ? -1 : 1;
  }
  return x.length - y.length;
}
