// The shipped declarations type-check in users' projects on TypeScript 5.0 and on the current TypeScript, with
// `strict` and `skipLibCheck: false`, for `import` (ES module), `require` (CommonJS) and `logsieve/browser`
// (bundler resolution, DOM lib, no Node types); and they show only the public API.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { linkFromRoot, projectWithPackedLogsieve, root } from '../helpers/packed.ts';

const TYPESCRIPTS = [
  { name: 'TypeScript 5.0', tsc: 'node_modules/typescript-5.0/bin/tsc' },
  { name: 'current TypeScript', tsc: 'node_modules/typescript/bin/tsc' },
];

// Uses of the public API; `@ts-expect-error` lines fail the compile if an internal name is visible.
const nodeUse = `
const engine: Engine = createEngine({ maxRecordBytes: 1 << 20 });
const src: Source = engine.source('/var/log/pods/a/0.log', { format: 'cri' });
const batch: Batch = src.push(new Uint8Array(0));
for (const r of batch) {
  const rec: LogRecord = r;
  const o: RecordObject = rec.toJSON();
  const s: Stream = o.stream;
  const e: ErrorReason | undefined = rec.error;
  const t: bigint = rec.timeNs;
  void s, e, t;
}
const bytes: Uint8Array = src.pushNdjson(new Uint8Array(0));
const c: Counters = engine.counters();
const n: number = c.sourcesOpen + bytes.length;
const re: Regex = compileRegex('a+', { caseInsensitive: true });
const hit: boolean = re.test('aaa');
const err: RegexSyntaxError | undefined = undefined;
const b: Build = 'simd';
const f: Format = 'auto';
const opts: EngineOptions & SourceOptions = { format: f };
void n, hit, err, b, opts;
// @ts-expect-error internal
engine.sources;
// @ts-expect-error internal
engine.paths;
// @ts-expect-error internal
engine.wasm;
// @ts-expect-error internal
engine.generation;
// @ts-expect-error internal
engine.begin(0, bytes);
`;
const nodeImports = `Batch, type Build, type Counters, Engine, type EngineOptions, type ErrorReason, type Format, LogRecord,
  type RecordObject, Regex, RegexSyntaxError, Source, type SourceOptions, type Stream, compileRegex, createEngine`;
const nodeStream = `
const stream: Transform = createLogStream({ path: 'x.log', objectMode: true, engine });
stream.destroy();
`;

const projects: Record<string, { files: Record<string, string> }> = {
  'ES module (import, NodeNext)': {
    files: {
      'package.json': JSON.stringify({ type: 'module' }),
      'tsconfig.json': JSON.stringify({ compilerOptions: {
        strict: true, skipLibCheck: false, noEmit: true, target: 'ES2022', lib: ['ES2022'], types: ['node'],
        module: 'NodeNext', moduleResolution: 'NodeNext',
      } }),
      'index.ts': `import type { Transform } from 'node:stream';
import { ${nodeImports}, createLogStream } from 'logsieve';
// @ts-expect-error internal
import { concat } from 'logsieve';
void concat;
${nodeUse}${nodeStream}`,
    },
  },
  'CommonJS (require, NodeNext)': {
    files: {
      'package.json': JSON.stringify({ type: 'commonjs' }),
      'tsconfig.json': JSON.stringify({ compilerOptions: {
        strict: true, skipLibCheck: false, noEmit: true, target: 'ES2022', lib: ['ES2022'], types: ['node'],
        module: 'NodeNext', moduleResolution: 'NodeNext',
      } }),
      'index.ts': `import type { Transform } from 'node:stream';
import { ${nodeImports}, createLogStream } from 'logsieve';
${nodeUse}${nodeStream}`,
    },
  },
  'browser (logsieve/browser, bundler resolution, DOM, no Node types)': {
    files: {
      'package.json': JSON.stringify({ type: 'module' }),
      'tsconfig.json': JSON.stringify({ compilerOptions: {
        strict: true, skipLibCheck: false, noEmit: true, target: 'ES2022', lib: ['ES2022', 'DOM', 'DOM.Iterable'],
        types: [], module: 'ESNext', moduleResolution: 'Bundler',
      } }),
      'index.ts': `import { ${nodeImports}, createTransformStream, defaultWasmUrl, init, type InitInput } from 'logsieve/browser';
// @ts-expect-error internal
import { concat } from 'logsieve/browser';
void concat;
const input: InitInput = defaultWasmUrl('simd');
await init(input, 'simd');
${nodeUse}
const ts: TransformStream<Uint8Array, Uint8Array> = createTransformStream({ engine, path: 'x.log' });
void ts;
`,
    },
  },
};

let dir: string;
beforeAll(() => {
  dir = projectWithPackedLogsieve('types');
  linkFromRoot(dir, ['@types/node', 'undici-types']);
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe.each(TYPESCRIPTS)('declarations in a user project ($name, strict, skipLibCheck false)', ({ tsc }) => {
  it.each(Object.keys(projects))('%s type-checks', (name) => {
    const project = join(dir, name.replace(/\W+/g, '-'));
    mkdirSync(project, { recursive: true });
    for (const [file, text] of Object.entries(projects[name].files)) writeFileSync(join(project, file), text);
    // the project finds logsieve and @types in the parent's node_modules, as in a monorepo
    const r = spawnSync(process.execPath, [join(root, tsc), '-p', project], { cwd: project, encoding: 'utf8', timeout: 120_000 });
    expect(r.stdout + r.stderr).toBe('');
    expect(r.status).toBe(0);
  });
});

describe('declaration files', () => {
  const files = readdirSync(`${root}dist/types`, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.d.ts'));
  const text = (f: string) => readFileSync(`${root}dist/types/${f}`, 'utf8');

  it('exist for import and require', () => {
    expect(files).toContain('node.d.ts');
    expect(files).toContain('browser.d.ts');
    expect(files).toContain('cjs/node.d.ts');
    expect(JSON.parse(readFileSync(`${root}dist/types/cjs/package.json`, 'utf8')).type).toBe('commonjs');
  });

  it.each(files)('%s shows no internal member, no generic Uint8Array and no .ts import', (f) => {
    const t = text(f);
    const code = t.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');
    expect(t).not.toMatch(/@internal/);
    expect(code).not.toMatch(/\b(concat|sources|paths|rowsBuf|rowsView|copyOut|drainRows|drainNdjson|drainCount|collectRows|noBytes|copyNdjson|wrapInstance|engineImports)\b/);
    expect(t).not.toMatch(/(Uint8Array|DataView|ArrayBuffer)</);
    expect(t).not.toMatch(/from\s+['"][^'"]+\.ts['"]/);
  });
});
