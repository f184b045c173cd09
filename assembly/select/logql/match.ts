// PLACEHOLDER
export function logqlStreamMatch(prog: usize, kube: usize, stream: u8, level: u8): bool { return true; }
export function logqlHasPipeline(prog: usize): bool { return false; }
export function logqlLineMatch(prog: usize, kube: usize, stream: u8, level: u8, p: usize, n: usize): u32 { return 1; }
export function logqlFree(prog: usize): void {}
