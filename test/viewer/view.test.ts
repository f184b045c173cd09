// `logsieve view` (bindings/cli/view.ts): the local server for the viewer page and the files it was given.
import { readFileSync } from 'node:fs';
import { get } from 'node:http';
import { type AddressInfo, createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { root, runCli, spawnCli, stderrLines } from '../cli/run-cli.ts';

type Running = ReturnType<typeof spawnCli>;

/** Starts `logsieve view --no-open --port 0 …` and waits for its URL line. */
async function startView(args: string[]): Promise<{ run: Running; url: string; stdout: () => string }> {
  const run = spawnCli(['view', '--no-open', '--port', '0', ...args]);
  let stdout = '';
  const url = await new Promise<string>((resolve, reject) => {
    run.child.stdout!.setEncoding('utf8').on('data', (d: string) => {
      stdout += d;
      const m = /^logsieve view: (http:\/\/127\.0\.0\.1:[0-9]+\/)\n/.exec(stdout);
      if (m) resolve(m[1]);
    });
    run.ended.then((e) => reject(new Error(`view ended: ${e.code} ${e.stderr}`)));
  });
  return { run, url, stdout: () => stdout };
}

function statusWithHost(url: string, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    get(url, { headers: { host } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    }).on('error', reject);
  });
}

describe('logsieve view', () => {
  let running: Running | undefined;
  afterEach(async () => {
    if (running && running.child.exitCode === null) {
      running.child.kill('SIGKILL');
      await running.ended;
    }
    running = undefined;
  });

  it('serves the page, the file list and each file\'s bytes on 127.0.0.1; SIGTERM stops it (exit 0)', async () => {
    const { run, url, stdout } = await startView(['examples/var/log']);
    running = run;
    expect(stdout()).toBe(`logsieve view: ${url}\n`); // one line on stdout

    const page = await fetch(url);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await page.text();
    expect(html).toContain('<meta name="logsieve-files" content="files">'); // the page loads the served files
    expect(html).toContain('id="table"');

    // the files as the CLI reads them: directories walked, each real file once (containers/ links into pods/)
    const list = (await (await fetch(`${url}files`)).json()) as Array<{ path: string; size: number; url: string }>;
    expect(list.map((f) => f.path)).toEqual([
      'examples/var/log/containers/checkout-7d9f8b6c5d-x2x4q_shop_checkout-c916dae7fd8aa9693119050311552fbd3e9d3a9ade477f4172a3b1a12e666cd9.log',
      'examples/var/log/containers/coredns-5d78c9869d-7kq2m_kube-system_coredns-78b92be1387507194ed4d3f1e5b87d5e7d4d46a315360e220d6610599cea520c.log',
      'examples/var/log/containers/payments-api-6b8c9d7f4-q9w8e_shop_payments-api-ca9e70cf47316016e066aa2105e36400f177498146060b7ff53dbaa9a2dd9e26.log',
    ]);
    for (const f of list) {
      const res = await fetch(new URL(f.url, url));
      expect(res.status).toBe(200);
      const bytes = Buffer.from(await res.arrayBuffer());
      expect(bytes.equals(readFileSync(`${root}${f.path}`))).toBe(true);
      expect(bytes.length).toBe(f.size);
    }

    const wasm = await fetch(`${url}logsieve-simd.wasm`);
    expect(wasm.headers.get('content-type')).toBe('application/wasm'); // compileStreaming needs it
    expect((await fetch(`${url}worker.js`)).status).toBe(200);
    expect((await fetch(`${url}files/99`)).status).toBe(404);
    expect((await fetch(`${url}../package.json`)).status).toBe(404);
    // another Host (a DNS name rebound onto 127.0.0.1 by some web page) is refused; fetch cannot set Host
    expect(await statusWithHost(`${url}files`, 'attacker.example')).toBe(403);
    expect(await statusWithHost(`${url}files`, new URL(url).host.replace('127.0.0.1', 'localhost'))).toBe(200);

    run.child.kill('SIGTERM');
    const end = await run.ended;
    expect(end.code).toBe(0);
    expect(end.stderr).toBe('');
  });

  it('without --no-open and no browser opener to run: the URL, a one-line note, and it keeps serving', async () => {
    // PATH without xdg-open (or open/start): spawning the opener fails; that is a note, never an error
    const run = spawnCli(['view', '--port', '0'], { env: { ...process.env, PATH: '/nonexistent' } });
    running = run;
    let stdout = '';
    let stderr = '';
    // both lines, whichever pipe delivers first
    await new Promise<void>((resolve) => {
      const check = () => {
        if (stdout.endsWith('\n') && stderr.endsWith('\n')) resolve();
      };
      run.child.stdout!.setEncoding('utf8').on('data', (d: string) => {
        stdout += d;
        check();
      });
      run.child.stderr!.on('data', (d: Buffer) => {
        stderr += d.toString();
        check();
      });
    });
    const url = /^logsieve view: (\S+)\n$/.exec(stdout)?.[1];
    expect(url).toBeDefined();
    const opener = process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'cmd' : 'xdg-open';
    expect(stderrLines(stderr)).toEqual([`logsieve view: could not open a browser (${opener}: spawn ${opener} ENOENT); open ${url} yourself`]);
    expect((await fetch(url!)).status).toBe(200);
    run.child.kill('SIGTERM');
    expect((await run.ended).code).toBe(0);
  });

  it('SIGINT stops it too', async () => {
    const { run } = await startView([]);
    running = run;
    run.child.kill('SIGINT');
    expect((await run.ended).code).toBe(0);
  });

  it('a path that cannot be read is named on stderr; the others are served', async () => {
    const { run, url } = await startView(['no/such/file.log', 'examples/var/log/pods']);
    running = run;
    const list = (await (await fetch(`${url}files`)).json()) as unknown[];
    expect(list).toHaveLength(3);
    run.child.kill('SIGTERM');
    const end = await run.ended;
    expect(stderrLines(end.stderr)).toEqual([expect.stringMatching(/^logsieve: cannot read no\/such\/file\.log: .*ENOENT/)]);
  });

  it('a bad option: exit 2 with one line on stderr, nothing on stdout', () => {
    for (const args of [['view', '--bogus'], ['view', '--port'], ['view', '--port', '70000'], ['view', '--port=x'], ['view', '--no-open=1'], ['view', '-']]) {
      const r = runCli(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stdout, args.join(' ')).toBe('');
      expect(stderrLines(r.stderr), args.join(' ')).toEqual([expect.stringMatching(/^logsieve: view: /)]);
    }
  });

  it('a port already taken: exit 1 with one line naming it', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const port = (taken.address() as AddressInfo).port;
    try {
      const r = spawnCli(['view', '--no-open', '--port', String(port)]);
      const end = await r.ended;
      expect(end.code).toBe(1);
      expect(stderrLines(end.stderr)).toEqual([expect.stringMatching(new RegExp(`^logsieve view: .*EADDRINUSE.*127\\.0\\.0\\.1:${port}$`))]);
    } finally {
      taken.close();
    }
  });

  it('--help prints the view usage', () => {
    const r = runCli(['view', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^usage: logsieve view \[--port N\] \[--no-open\]/);
  });
});
