// PLACEHOLDER (not committed)
import { filterFail } from "../error";
export function grepCompile(p: usize, n: usize): usize { return filterFail(0, "not built"); }
