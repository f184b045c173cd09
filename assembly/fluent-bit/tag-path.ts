// A record's file path, rebuilt from its Fluent Bit tag. `tail` with `Tag kube.*` replaces the `*` with the
// file's path, '/' turned into '.' and a leading '/' dropped: /var/log/containers/a_b_c-<id>.log becomes
// kube.var.log.containers.a_b_c-<id>.log. Dots are ambiguous (file and pod names have them too), so the slashes
// are put back only where a kubelet or Docker layout says they were:
//
//   <dirs>.var.log.containers.<file>                      → <dirs>/var/log/containers/<file>
//   <dirs>.var.log.pods.<ns>_<pod>_<uid>.<container>.<file> → <dirs>/var/log/pods/<ns>_<pod>_<uid>/<container>/<file>
//   <dirs>.var.lib.docker.containers.<id>.<file>          → <dirs>/var/lib/docker/containers/<id>/<file>
//
// <dirs> (the directories before the layout, every '.' a '/') is empty for an absolute path, which then starts
// with '/'. A tag that fits no layout keeps its text (after the prefix) as its path, and gets no metadata.
//
// Contract: tagPath writes at most tagLen + 2 bytes at out and returns the path's length; it reads only the tag.

const M_CONTAINERS = memory.data<u8>([0x76, 0x61, 0x72, 0x2e, 0x6c, 0x6f, 0x67, 0x2e, 0x63, 0x6f, 0x6e, 0x74, 0x61, 0x69, 0x6e, 0x65, 0x72, 0x73, 0x2e]); // var.log.containers.
const M_PODS = memory.data<u8>([0x76, 0x61, 0x72, 0x2e, 0x6c, 0x6f, 0x67, 0x2e, 0x70, 0x6f, 0x64, 0x73, 0x2e]); // var.log.pods.
const M_DOCKER = memory.data<u8>([0x76, 0x61, 0x72, 0x2e, 0x6c, 0x69, 0x62, 0x2e, 0x64, 0x6f, 0x63, 0x6b, 0x65, 0x72, 0x2e, 0x63, 0x6f, 0x6e, 0x74, 0x61, 0x69, 0x6e, 0x65, 0x72, 0x73, 0x2e]); // var.lib.docker.containers.

const LAYOUT_CONTAINERS: i32 = 1;
const LAYOUT_PODS: i32 = 2;
const LAYOUT_DOCKER: i32 = 3;
const UID_LEN: usize = 36;
const DOCKER_ID_LEN: usize = 64;

/** Where marker [m, m+mn) starts in [p, p+n) at a component boundary (the start or after a '.'), or -1. */
function findMarker(p: usize, n: usize, m: usize, mn: usize): isize {
  if (n < mn) return -1;
  for (let i: usize = 0; i + mn <= n; i++) {
    if (i != 0 && load<u8>(p + i - 1) != 0x2e) continue;
    if (memory.compare(p + i, m, mn) == 0) return <isize>i;
  }
  return -1;
}

function isUidByte(c: u32): bool {
  return (c - 0x30 < 10) || (c - 0x61 < 6) || c == 0x2d;
}

/** Copies [p, p+n) to o with every '.' turned into '/'; returns the end. */
function dotsToSlashes(o: usize, p: usize, n: usize): usize {
  for (let i: usize = 0; i < n; i++) {
    const c = load<u8>(p + i);
    store<u8>(o + i, c == 0x2e ? 0x2f : c);
  }
  return o + n;
}

function copy(o: usize, p: usize, n: usize): usize {
  memory.copy(o, p, n);
  return o + n;
}

/** In the part after var.log.pods.: the '.' that ends <ns>_<pod>_<uid> (a '_' then 36 uid bytes before it), or -1. */
function podDirEnd(p: usize, n: usize): isize {
  for (let i: usize = UID_LEN + 1; i < n; i++) {
    if (load<u8>(p + i) != 0x2e || load<u8>(p + i - UID_LEN - 1) != 0x5f) continue;
    let ok = true;
    for (let k: usize = i - UID_LEN; k < i; k++) {
      if (!isUidByte(load<u8>(p + k))) {
        ok = false;
        break;
      }
    }
    if (ok) return <isize>i;
  }
  return -1;
}

/** Writes the path of tag [t, t+n) (prefix already removed) at out; returns its length. */
export function tagPath(out: usize, t: usize, n: usize): usize {
  let layout = 0;
  let at: isize = findMarker(t, n, M_CONTAINERS, 19);
  let mlen: usize = 19;
  if (at >= 0) layout = LAYOUT_CONTAINERS;
  else {
    at = findMarker(t, n, M_PODS, 13);
    mlen = 13;
    if (at >= 0) layout = LAYOUT_PODS;
    else {
      at = findMarker(t, n, M_DOCKER, 26);
      mlen = 26;
      if (at >= 0) layout = LAYOUT_DOCKER;
    }
  }
  if (layout == 0) return copy(out, t, n) - out;
  let o = out;
  if (at == 0) {
    store<u8>(o, 0x2f);
    o++;
  }
  // <dirs> and the layout's own directories, with their slashes back
  o = dotsToSlashes(o, t, <usize>at + mlen);
  const rest = t + <usize>at + mlen;
  const rn = n - <usize>at - mlen;
  if (layout == LAYOUT_CONTAINERS) return copy(o, rest, rn) - out;
  if (layout == LAYOUT_DOCKER) {
    if (rn > DOCKER_ID_LEN && load<u8>(rest + DOCKER_ID_LEN) == 0x2e) {
      o = copy(o, rest, DOCKER_ID_LEN);
      store<u8>(o, 0x2f);
      return copy(o + 1, rest + DOCKER_ID_LEN + 1, rn - DOCKER_ID_LEN - 1) - out;
    }
    return copy(o, rest, rn) - out;
  }
  // pods: <ns>_<pod>_<uid> . <container> . <file>   (container names have no '.')
  const d = podDirEnd(rest, rn);
  if (d < 0) return copy(o, rest, rn) - out;
  o = copy(o, rest, <usize>d);
  store<u8>(o, 0x2f);
  o++;
  let c = <usize>d + 1;
  while (c < rn && load<u8>(rest + c) != 0x2e) c++;
  o = copy(o, rest + <usize>d + 1, c - <usize>d - 1);
  if (c < rn) {
    store<u8>(o, 0x2f);
    o = copy(o + 1, rest + c + 1, rn - c - 1);
  }
  return o - out;
}
