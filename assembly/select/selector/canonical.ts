// The canonical text of one requirement, as kubectl's String() writes it: no spaces; `key`, `!key`,
// `key=v`, `key==v`, `key!=v`, `key>v`, `key<v` (v as written, e.g. `01`), `key in (a,b)`, `key notin (a,b)`
// with the values in the order given (the parser gives them sorted and deduplicated). The selector's canonical
// text joins its requirements, sorted by key, with ','. Compile time only.

import { Req } from "./requirement";
import { Text } from "./text";
import { OP_EQ, OP_EQEQ, OP_EXISTS, OP_GT, OP_IN, OP_LT, OP_NEQ, OP_NOT_EXISTS, OP_NOTIN } from "./program";

export function appendRequirement(t: Text, base: usize, r: Req): void {
  const op = r.op;
  if (op == OP_NOT_EXISTS) t.byte(0x21);
  t.raw(base + <usize>r.keyStart, <usize>r.keyLen);
  if (op == OP_EXISTS || op == OP_NOT_EXISTS) return;
  if (op == OP_IN || op == OP_NOTIN) {
    t.ascii(op == OP_IN ? " in (" : " notin (");
    for (let i = 0; i < r.valStarts.length; i++) {
      if (i > 0) t.byte(0x2c);
      t.raw(base + <usize>r.valStarts[i], <usize>r.valLens[i]);
    }
    t.byte(0x29);
    return;
  }
  if (op == OP_EQ) t.ascii("=");
  else if (op == OP_EQEQ) t.ascii("==");
  else if (op == OP_NEQ) t.ascii("!=");
  else if (op == OP_GT) t.ascii(">");
  else if (op == OP_LT) t.ascii("<");
  if (r.valStarts.length > 0) t.raw(base + <usize>r.valStarts[0], <usize>r.valLens[0]);
}
