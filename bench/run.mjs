// `npm run bench`: every suite, one process, logsieve next to its JS baselines on the same corpora.
// `npm run bench -- --quick` uses small corpora (a smoke run, not figures to quote).
// `npm run bench -- parse`, `-- regex`, `-- group`, `-- select`, `-- level-cost`, `-- fluent-bit`, `-- viewer` or
// `-- agent` runs one suite (fluent-bit: the module inside a real Fluent Bit, found through FLUENT_BIT or PATH;
// viewer: the viewer page in headless Chromium, LOGSIEVE_CHROMIUM or /usr/bin/chromium; each skipped, saying so,
// without its program).
import os from 'node:os';

const quick = process.argv.includes('--quick') || process.env.BENCH_QUICK === '1';
const only = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const suites = { parse: './parse.mjs', regex: './regex.mjs', group: './group.mjs', select: './select.mjs',
  'level-cost': './level-cost.mjs', 'fluent-bit': './fluent-bit.mjs', viewer: './viewer.mjs', agent: './agent.mjs' };

console.log(`logsieve bench — node ${process.version}, ${os.cpus()[0]?.model ?? 'cpu?'} × ${os.cpus().length}, ` +
  `${Math.round(os.totalmem() / 2 ** 30)} GiB${quick ? ' (quick: small corpora)' : ''}`);
for (const [name, file] of Object.entries(suites)) {
  if (only.length && !only.includes(name)) continue;
  let mod;
  try {
    mod = await import(file);
  } catch (err) {
    if (err?.code === 'ERR_MODULE_NOT_FOUND' && String(err.message).includes(file.slice(2))) {
      console.log(`\n[${name}] suite not present, skipped`);
      continue;
    }
    throw err;
  }
  console.log(`\n=== ${name} ===`);
  await mod.default({ quick });
}
