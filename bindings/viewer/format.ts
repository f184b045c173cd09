// How times and labels are written on screen (pure).

/** `YYYY-MM-DD HH:MM:SS.mmm` UTC; `—` for the epoch itself (records without a time of their own). */
export function formatTime(ms: number): string {
  if (!(ms >= 1)) return '—';
  const iso = new Date(ms).toISOString(); // 2026-11-24T10:00:00.117Z
  return `${iso.slice(0, 10)} ${iso.slice(11, 23)}`;
}

/** namespace/pod/container as far as known; the file name when no metadata came from the path. */
export function formatWho(namespace: string, pod: string, container: string, path: string): string {
  if (namespace || pod || container) return [namespace, pod, container].filter(Boolean).join('/');
  const slash = path.lastIndexOf('/');
  return slash >= 0 ? path.slice(slash + 1) : path;
}
