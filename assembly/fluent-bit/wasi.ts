// The WASI calls the Fluent Bit module makes (WAMR's libc-wasi; Node's `node:wasi` in the test harness), and the
// few helpers built on them: the host clock, a line on stderr, reading a small file from a preopened directory.
// Nothing else in the engine imports anything: the module's only imports are these.
//
// Contract: every helper returns an error value instead of trapping; buffers are the module's own memory.

// @ts-ignore: decorator
@external("wasi_snapshot_preview1", "fd_prestat_get")
declare function fd_prestat_get(fd: u32, buf: usize): u32;
// @ts-ignore: decorator
@external("wasi_snapshot_preview1", "fd_prestat_dir_name")
declare function fd_prestat_dir_name(fd: u32, path: usize, len: usize): u32;
// @ts-ignore: decorator
@external("wasi_snapshot_preview1", "path_open")
declare function path_open(
  dirfd: u32, dirflags: u32, path: usize, pathLen: usize, oflags: u32, rightsBase: u64, rightsInheriting: u64,
  fdflags: u32, fdOut: usize,
): u32;
// @ts-ignore: decorator
@external("wasi_snapshot_preview1", "fd_read")
declare function fd_read(fd: u32, iovs: usize, iovsLen: usize, nread: usize): u32;
// @ts-ignore: decorator
@external("wasi_snapshot_preview1", "fd_close")
declare function fd_close(fd: u32): u32;
// @ts-ignore: decorator
@external("wasi_snapshot_preview1", "fd_write")
declare function fd_write(fd: u32, iovs: usize, iovsLen: usize, nwritten: usize): u32;
// @ts-ignore: decorator
@external("wasi_snapshot_preview1", "clock_time_get")
declare function clock_time_get(id: u32, precision: u64, out: usize): u32;

const CLOCK_MONOTONIC: u32 = 1;
const RIGHT_FD_READ: u64 = 2;
const FIRST_PREOPEN: u32 = 3;
const MAX_PREOPENS: u32 = 64;

// scratch for the calls' out-parameters and iovecs (never used across calls)
const scratch: usize = memory.data(32);

/** The host's monotonic clock in ms (0 if the host has none). */
export function clockMs(): f64 {
  if (clock_time_get(CLOCK_MONOTONIC, 1000000, scratch) != 0) return 0;
  return <f64>load<u64>(scratch) / 1e6;
}

/** Writes [p, p+n) to stderr (Fluent Bit's log); errors are ignored (there is nowhere to report them). */
export function writeStderr(p: usize, n: usize): void {
  let done: usize = 0;
  for (let tries = 0; tries < 16 && done < n; tries++) {
    store<u32>(scratch, <u32>(p + done));
    store<u32>(scratch, <u32>(n - done), 4);
    if (fd_write(2, scratch, 1, scratch + 8) != 0) return;
    const w = <usize>load<u32>(scratch, 8);
    if (w == 0) return;
    done += w;
  }
}

/** The name of preopened directory fd as a heap block (caller frees) of length preopenNameLen, or 0 when fd is
 *  not a preopened directory. */
export let preopenNameLen: usize = 0;

export function preopenName(fd: u32): usize {
  if (fd_prestat_get(fd, scratch) != 0 || load<u8>(scratch) != 0) return 0;
  const n = <usize>load<u32>(scratch, 4);
  if (n > 4096) return 0;
  const p = heap.alloc(n + 1);
  if (fd_prestat_dir_name(fd, p, n) != 0) {
    heap.free(p);
    return 0;
  }
  // WAMR and some hosts count a trailing NUL in the name
  let m = n;
  while (m > 0 && load<u8>(p + m - 1) == 0) m--;
  preopenNameLen = m;
  return p;
}

/** The preopened directories' descriptors are FIRST_PREOPEN, FIRST_PREOPEN + 1, … up to the first that is not. */
export function preopenCount(): u32 {
  let n: u32 = 0;
  while (n < MAX_PREOPENS && fd_prestat_get(FIRST_PREOPEN + n, scratch) == 0) n++;
  return n;
}

export function preopenFd(i: u32): u32 {
  return FIRST_PREOPEN + i;
}

/** Bytes read by readFileAt. */
export let fileLen: usize = 0;
/** Why readFileAt failed: 1 not found / not openable, 2 a read error, 3 larger than maxBytes. */
export let fileError: i32 = 0;

/** Reads file [name, name+nameLen) in preopened directory dirFd into a heap block (caller frees); 0 on error
 *  (fileError says why). At most maxBytes are accepted. */
export function readFileAt(dirFd: u32, name: usize, nameLen: usize, maxBytes: usize): usize {
  fileError = 0;
  if (path_open(dirFd, 1, name, nameLen, 0, RIGHT_FD_READ, 0, 0, scratch) != 0) {
    fileError = 1;
    return 0;
  }
  const fd = load<u32>(scratch);
  let cap: usize = 4096;
  let buf = heap.alloc(cap);
  let len: usize = 0;
  while (true) {
    if (len == cap) {
      if (cap > maxBytes) {
        fileError = 3;
        break;
      }
      cap <<= 1;
      buf = heap.realloc(buf, cap);
    }
    store<u32>(scratch, <u32>(buf + len));
    store<u32>(scratch, <u32>(cap - len), 4);
    if (fd_read(fd, scratch, 1, scratch + 8) != 0) {
      fileError = 2;
      break;
    }
    const got = <usize>load<u32>(scratch, 8);
    if (got == 0) break;
    len += got;
  }
  fd_close(fd);
  if (fileError == 0 && len > maxBytes) fileError = 3;
  if (fileError != 0) {
    heap.free(buf);
    return 0;
  }
  fileLen = len;
  return buf;
}
