// Paths as raw bytes (Buffers): Linux file names need not be UTF-8, and a string would lose what is not.
import { join } from 'node:path';

/**
 * path.join on bytes. latin1 maps each byte to one character and back unchanged, and "/" (0x2F) never
 * occurs inside a multi-byte UTF-8 sequence, so joining the latin1 spellings joins the bytes.
 */
export function joinPathBytes(dir: Buffer, name: Buffer): Buffer {
  return Buffer.from(join(dir.toString('latin1'), name.toString('latin1')), 'latin1');
}

/** The path as text: invalid UTF-8 becomes U+FFFD (as the engine does for content). */
export function pathText(path: Buffer): string {
  return path.toString('utf8');
}

/** The path for a one-line message: also control characters (a newline in a name) escaped. */
export function shownPath(path: Buffer): string {
  return pathText(path).replace(/[\x00-\x1f\x7f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}
