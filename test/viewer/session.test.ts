// The worker's logic (bindings/viewer/session.ts) in Node, with the real engine and RecordStore: what the
// viewer shows and exports equals what the CLI writes for the same files (`--multiline all`).
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { RecordStore, createEngine } from '../../bindings/node.ts';
import { collectInputs } from '../../bindings/cli/inputs.ts';
import { Session } from '../../bindings/viewer/session.ts';
import {
  type FromWorker, type InputFile, ROW_FLAG_ERROR, ROW_FLAG_GROUPED, type Rows, type Selected, transferables,
} from '../../bindings/viewer/protocol.ts';
import { root, runCli } from '../cli/run-cli.ts';

function newSession() {
  const engine = createEngine({ multiline: { detectors: 'all' } });
  const messages: FromWorker[] = [];
  const session = new Session(engine, new RecordStore(engine), (m) => messages.push(m));
  return { session, messages };
}

/** The files the CLI reads for these paths, as the page would hand them over (path as the CLI names it). */
function filesOf(...paths: string[]): InputFile[] {
  return collectInputs(paths.map((p) => `${root}${p}`), (p) => {
    throw new Error(`cannot read ${p}`);
  }).map((input) => {
    if (input.kind !== 'file') throw new Error('stdin');
    const path = input.path.toString().slice(root.length);
    const blob = new File([readFileSync(input.path)], path, { lastModified: 1 });
    return { name: path, size: blob.size, blob };
  });
}

function blobFile(name: string, bytes: string | Uint8Array, lastModified = 1): InputFile {
  const blob = new File([bytes as BlobPart], name, { lastModified });
  return { name, size: blob.size, blob };
}

async function exported(session: Session): Promise<string> {
  const r = session.exportNdjson(1);
  return r.blob.text();
}

function selectOk(session: Session, query?: string): Selected {
  const r = session.select(1, { filter: query === undefined ? {} : { query }, buckets: 50 });
  if (r.type !== 'selected') throw new Error(`${r.reason} at ${r.position}`);
  return r;
}

describe('viewer worker session', () => {
  it('the example tree: counts, the final selection and the export equal the CLI\'s', async () => {
    const { session, messages } = newSession();
    await session.load(filesOf('examples/var/log/pods'));
    const cli = runCli(['-q', '--multiline', 'all', 'examples/var/log/pods']);
    expect(cli.code).toBe(0);
    const last = messages.filter((m): m is Selected => m.type === 'selected').at(-1)!;
    expect(last.count).toBe(cli.stdout.trim().split('\n').length);
    expect(last.total).toBe(last.count);
    expect(messages.at(-1)).toMatchObject({ type: 'progress', phase: 'ready' });
    expect(await exported(session)).toBe(cli.stdout);
    // the facets name the tree's namespaces, with every record counted once per field
    const ns = last.facets.find((f) => f.field === 'namespace')!;
    expect(ns.values.sort()).toEqual(['kube-system', 'shop']);
    for (const f of last.facets) expect([...f.counts].reduce((a, b) => a + b, 0)).toBe(last.count);
    // the histogram counts every record with a time
    expect([...last.histogram].reduce((a, b) => a + b, 0)).toBe(last.count - last.untimed);
  });

  it('a query narrows the selection and the export equals the CLI\'s --query output', async () => {
    const { session } = newSession();
    await session.load(filesOf('examples/var/log/pods'));
    const query = '{namespace="shop"} |= "error"';
    const sel = selectOk(session, query);
    const cli = runCli(['-q', '--multiline', 'all', '--query', query, 'examples/var/log/pods']);
    expect(sel.count).toBe(cli.stdout.trim().split('\n').length);
    expect(sel.count).toBeLessThan(sel.total);
    expect(sel.dropped.query + sel.dropped.selector).toBe(sel.total - sel.count);
    expect(await exported(session)).toBe(cli.stdout);
  });

  it('a .json file is the pods\' labels (as --pods): -l selectors and the export equal the CLI\'s', async () => {
    const { session } = newSession();
    const pods = readFileSync(`${root}examples/pods.json`);
    // given after the logs, still applied first (the CLI knows --pods before it reads)
    await session.load([...filesOf('examples/var/log/pods'), blobFile('examples/pods.json', pods)]);
    const r = session.select(1, { filter: { selector: 'app=checkout' }, buckets: 10 });
    if (r.type !== 'selected') throw new Error(r.reason);
    const cli = runCli(['-q', '--multiline', 'all', '--pods', 'examples/pods.json', '-l', 'app=checkout', 'examples/var/log/pods']);
    expect(r.count).toBe(85);
    expect(r.count).toBe(cli.stdout.trim().split('\n').length);
    expect(await exported(session)).toBe(cli.stdout);
  });

  it('a .json file that is not a pod list is reported; the logs still load', async () => {
    const { session, messages } = newSession();
    await session.load([blobFile('pods.json', '{"kind":'), blobFile('ok.log', '2024-05-01T12:00:01Z stdout F fine\n')]);
    expect(messages.filter((m) => m.type === 'failed').map((m) => (m as { message: string }).message))
      .toEqual([expect.stringMatching(/^pods\.json: not JSON/)]);
    expect(selectOk(session).count).toBe(1);
  });

  it('a file that cannot be read is reported; the others load and the progress still reaches the total', async () => {
    const { session, messages } = newSession();
    // a served file whose server is gone (port 9 on 127.0.0.1: discard, nothing listens)
    const gone: InputFile = { name: 'gone.log', size: 1000, url: 'http://127.0.0.1:9/files/0' };
    await session.load([gone, blobFile('ok.log', '2024-05-01T12:00:01Z stdout F fine\n')]);
    expect(messages.filter((m) => m.type === 'failed').map((m) => (m as { message: string }).message))
      .toEqual([expect.stringMatching(/^gone\.log: /)]);
    expect(selectOk(session).count).toBe(1);
    const last = messages.at(-1)!;
    expect(last).toMatchObject({ type: 'progress', phase: 'ready' });
    if (last.type === 'progress') expect(last.bytesRead).toBe(last.bytesTotal);
  });

  it('a bad query is reported with its position, and the last selection stays (its rows are still served)', async () => {
    const { session } = newSession();
    await session.load(filesOf('examples/var/log/pods'));
    const good = selectOk(session, '|= "INFO"');
    const bad = session.select(2, { filter: { query: '{namespace="shop"} | json | bad' }, buckets: 10 });
    expect(bad).toMatchObject({ type: 'queryError', id: 2, kind: 'query', position: 31 });
    const rows = session.rows(3, good.selection, 0, 5);
    expect(rows.index.length).toBe(Math.min(5, good.count));
    for (const t of rows.text) expect(t).toContain('INFO');
  });

  it('rows come as columns for the visible range; a grouped trace shows its first line and is flagged', async () => {
    const { session, messages } = newSession();
    await session.load(filesOf('examples/var/log/pods'));
    const sel = selectOk(session);
    const rows = session.rows(1, sel.selection, 0, sel.count);
    expect(rows.index.length).toBe(sel.count);
    const grouped = [...rows.flags].findIndex((f) => (f & ROW_FLAG_GROUPED) !== 0);
    expect(grouped).toBeGreaterThanOrEqual(0);
    const full = session.record(2, rows.index[grouped]).record;
    expect(full.log.split('\n').length).toBeGreaterThan(1);
    expect(rows.text[grouped]).toBe(full.log.split('\n')[0]);
    // the first screen was sent unasked with the load's last selection, naming the sources it shows
    const unasked = messages.filter((m): m is Rows => m.type === 'rows').at(-1)!;
    expect(unasked.sources.length).toBeGreaterThan(0);
    expect(unasked.index.length).toBe(Math.min(80, sel.count));
    // a stale selection gets no rows
    expect(session.rows(4, sel.selection - 1, 0, 5).index.length).toBe(0);
    // the columns are moved to the page, not copied
    const moved = transferables(rows);
    expect(moved).toContain(rows.index.buffer);
    expect(moved).toContain(rows.timeMs.buffer);
  });

  it('a .gz file is decompressed: the same records as the plain file', async () => {
    const plain = readFileSync(`${root}examples/var/log/pods/shop_checkout-7d9f8b6c5d-x2x4q_0b6a1c3e-5f2d-4e8a-9c7b-1d2e3f4a5b6c/checkout/0.log`);
    const a = newSession();
    await a.session.load([blobFile('0.log', plain)]);
    const b = newSession();
    await b.session.load([blobFile('0.log', gzipSync(plain))].map((f) => ({ ...f, name: '0.log.gz' })));
    selectOk(a.session);
    selectOk(b.session);
    const strip = (s: string) => s.replaceAll('"file":"0.log.gz"', '"file":"0.log"');
    expect(strip(await exported(b.session))).toBe(await exported(a.session));
  });

  it('plain kubectl logs lines: error records with the raw line, no time of their own (untimed)', async () => {
    const { session } = newSession();
    await session.load([blobFile('kubectl.txt', 'hello world\n2026-11-30 10:00:00 ERROR boom\n')]);
    const sel = selectOk(session);
    expect(sel.count).toBe(2);
    expect(sel.untimed).toBe(2);
    expect(sel.histogram.every((n) => n === 0)).toBe(true); // no bar: they have no time of their own
    const rows = session.rows(1, sel.selection, 0, 2);
    expect(rows.text).toEqual(['hello world', '2026-11-30 10:00:00 ERROR boom']);
    expect([...rows.flags].every((f) => (f & ROW_FLAG_ERROR) !== 0)).toBe(true);
    expect([...rows.timeMs]).toEqual([0, 0]);
    expect(session.record(2, rows.index[0]).record).toMatchObject({ error: 'bad_timestamp', stream: 'unknown', log: 'hello world' });
  });

  it('the same file dropped under two names (a symlinked folder) is read once, as the CLI does', async () => {
    const bytes = '2024-05-01T12:00:01Z stdout F one\n';
    const { session, messages } = newSession();
    const sameSizeOtherBytes = bytes.replace('one', 'two');
    await session.load([
      blobFile('a/containers/x.log', bytes, 5), blobFile('a/pods/x/0.log', bytes, 5), blobFile('b.log', bytes, 6),
      blobFile('c.log', sameSizeOtherBytes, 5), // same size and time, other content: another file
    ]);
    const sel = selectOk(session);
    expect(sel.count).toBe(3);
    // each source is named once, in the first rows that show it (here: those sent with the load's selection)
    const named = [...messages, session.rows(1, sel.selection, 0, 3)].flatMap((m) => (m.type === 'rows' ? m.sources : []));
    expect(named.map((s) => s.path)).toEqual(['a/containers/x.log', 'b.log', 'c.log']);
  });

  it('a binary file does not stop the worker: it becomes error records and later files still load', async () => {
    const binary = new Uint8Array(4096).map((_, i) => (i * 7919) & 0xff);
    const { session, messages } = newSession();
    await session.load([blobFile('bin.log', binary), blobFile('ok.log', '2024-05-01T12:00:01Z stdout F fine\n')]);
    expect(messages.some((m) => m.type === 'failed')).toBe(false);
    const sel = selectOk(session, '|= "fine"');
    expect(sel.count).toBe(1);
  });
});
