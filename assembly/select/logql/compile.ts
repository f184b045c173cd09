// PLACEHOLDER (not committed)
import { filterFail } from "../error";
export function logqlCompile(p: usize, n: usize): usize { return filterFail(0, "not built"); }
