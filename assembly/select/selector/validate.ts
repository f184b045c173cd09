// Label key and value rules, with kubectl's messages (compile time only). Reads bytes [p, p + n); returns the
// problems joined by "; " as kubectl joins them, or "" when the text is valid.
//
//   key   := (prefix "/")? name      prefix: a lowercase DNS-1123 subdomain of at most 253 bytes
//   name  := [A-Za-z0-9] ([-A-Za-z0-9_.]* [A-Za-z0-9])?          at most 63 bytes
//   value := "" | name                                              at most 63 bytes
//   DNS-1123 subdomain := label ("." label)*,  label := [a-z0-9] ([-a-z0-9]* [a-z0-9])?
//
// Each check reports independently, in kubectl's order (prefix, then name length, then name characters), so
// e.g. a 64-byte name with a bad byte gets both messages.

export const MAX_NAME_BYTES: usize = 63;
export const MAX_PREFIX_BYTES: usize = 253;
export const MAX_VALUE_BYTES: usize = 63;

const NAME_CHARS = "alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
const MSG_NAME_CHARS = "name part must consist of " + NAME_CHARS;
const MSG_KEY_SLASHES = "a valid label key must consist of " + NAME_CHARS + " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')";
const MSG_DNS = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const MSG_VALUE_CHARS = "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";

// @ts-ignore: decorator
@inline function isAlnum(c: u32): bool {
  return (c - 0x30 < 10) || ((c | 0x20) - 0x61 < 26);
}

// @ts-ignore: decorator
@inline function isLowerAlnum(c: u32): bool {
  return (c - 0x30 < 10) || (c - 0x61 < 26);
}

/** The name form: non-empty, alphanumeric at both ends, [-A-Za-z0-9_.] between. */
export function isNameShape(p: usize, n: usize): bool {
  if (n == 0) return false;
  if (!isAlnum(load<u8>(p)) || !isAlnum(load<u8>(p + n - 1))) return false;
  for (let i: usize = 1; i + 1 < n; i++) {
    const c = <u32>load<u8>(p + i);
    if (!isAlnum(c) && c != 0x2d && c != 0x5f && c != 0x2e) return false;
  }
  return true;
}

/** A DNS-1123 subdomain's shape (length aside): dot-separated labels of [a-z0-9-], alphanumeric at both ends. */
export function isSubdomainShape(p: usize, n: usize): bool {
  if (n == 0) return false;
  let labelStart = true; // the next byte begins a label
  let prev: u32 = 0;
  for (let i: usize = 0; i < n; i++) {
    const c = <u32>load<u8>(p + i);
    if (c == 0x2e) {
      if (labelStart || !isLowerAlnum(prev)) return false;
      labelStart = true;
    } else if (labelStart) {
      if (!isLowerAlnum(c)) return false;
      labelStart = false;
    } else if (!isLowerAlnum(c) && c != 0x2d) {
      return false;
    }
    prev = c;
  }
  return !labelStart && isLowerAlnum(prev);
}

function join(a: string, b: string): string {
  return a.length == 0 ? b : a + "; " + b;
}

/** kubectl's label key check. */
export function keyProblems(p: usize, n: usize): string {
  let slash: isize = -1;
  for (let i: usize = 0; i < n; i++) {
    if (load<u8>(p + i) == 0x2f) {
      if (slash >= 0) return MSG_KEY_SLASHES; // more than one '/': the one message, nothing else
      slash = <isize>i;
    }
  }
  let out = "";
  let name = p;
  let nameLen = n;
  if (slash >= 0) {
    const prefixLen = <usize>slash;
    name = p + prefixLen + 1;
    nameLen = n - prefixLen - 1;
    if (prefixLen == 0) out = join(out, "prefix part must be non-empty");
    else {
      if (prefixLen > MAX_PREFIX_BYTES) out = join(out, "prefix part must be no more than 253 bytes");
      if (!isSubdomainShape(p, prefixLen)) out = join(out, "prefix part " + MSG_DNS);
    }
  }
  if (nameLen == 0) out = join(out, "name part must be non-empty");
  else if (nameLen > MAX_NAME_BYTES) out = join(out, "name part must be no more than 63 bytes");
  if (!isNameShape(name, nameLen)) out = join(out, MSG_NAME_CHARS);
  return out;
}

/** kubectl's label value check. */
export function valueProblems(p: usize, n: usize): string {
  let out = "";
  if (n > MAX_VALUE_BYTES) out = join(out, "must be no more than 63 bytes");
  if (n > 0 && !isNameShape(p, n)) out = join(out, MSG_VALUE_CHARS);
  return out;
}
