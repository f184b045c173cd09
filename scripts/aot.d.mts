// Types of scripts/aot.mjs for the TypeScript tests that import it.
export declare const AOT_FILE: string;
export declare const AOT_MANIFEST: string;
export declare const AOT_TARGET: { target: string; cpu: string };
export declare const AOT_MAGIC: number[];
export declare function isExecutable(p: string): boolean;
export declare function onPath(name: string): string | null;
export declare function findWamrc(): string | null;
export declare function wamrcVersion(wamrc: string): string;
export declare function sha256(bytes: Uint8Array): string;
export declare function compileAot(wamrc: string, wasmPath: string, aotPath: string): void;
export declare function buildAot(root: string, wamrc: string, wasm?: string): { wasm: string; wasmSha256: string; wamrc: string; target: string; cpu: string };
export declare function aotProblem(root: string): string;
