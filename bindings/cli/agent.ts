// `logsieve agent`: the node agent as a command (docs/agent.md "Command and configuration"). Options come from a
// configuration file (YAML or JSON) and the command line, which wins; the engine's options (multiline, filters,
// sizes) have the same names and checks as the main command's, because they go through its parser.
// Bad usage or a bad configuration: one line, exit status 2. SIGTERM/SIGINT: a clean stop within the deadline.
import { readFileSync } from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { parse as parseYaml } from 'yaml';
import { Agent, type AgentOptions, type AgentOutputOptions } from '../agent/agent.ts';
import { resolveClusterConfig } from '../agent/kubernetes/index.ts';
import { parseOutputSpec } from '../agent/outputs/index.ts';
import { type EngineOptions, FilterSyntaxError, RegexSyntaxError } from '../node.ts';
import { UsageError, parseDuration, parseOptions } from './options.ts';
import { grepRules, multilineOptions } from './run.ts';

export const AGENT_USAGE = `usage: logsieve agent [--config FILE] [--include GLOB]… [--exclude GLOB]… [--checkpoint-dir DIR] [--output TYPE:TARGET]… [--metrics-port N] [--metrics-host HOST] [--node-name NAME] [--kubeconfig FILE] [--no-kubernetes] [--shutdown-deadline DURATION] [engine options: --multiline LIST, -l SELECTOR, --query LOGQL, --grep RULE, …]
  Follows a node's container log files through rotation, adds pod metadata from the Kubernetes API, and ships the
  records to the outputs, remembering in checkpoints how far they were acknowledged (docs/agent.md).

  --config FILE            YAML or JSON with the same names (camelCase): include, exclude, checkpointDir, outputs,
                           metricsPort, metricsHost, nodeName, kubeconfig, kubernetes, shutdownDeadline, and the
                           engine options (multiline, multilineIdle, selector, query, grep, …)
  --include GLOB           files to follow (repeatable; default /var/log/containers/*.log)
  --exclude GLOB           files to leave out (repeatable)
  --checkpoint-dir DIR     where checkpoints are kept (default /var/lib/logsieve)
  --output TYPE:TARGET     stdout, file:PATH, http:URL (NDJSON), loki:URL, elasticsearch:URL, otlp:URL,
                           splunk-hec:URL (repeatable)
  --metrics-port N         /metrics and /healthz (default 2020; 0: any free port)
  --metrics-host HOST      (default 127.0.0.1)
  --node-name NAME         only this node's pods (default $NODE_NAME)
  --kubeconfig FILE        the API server from a kubeconfig (default: in-cluster, then $KUBECONFIG, ~/.kube/config)
  --no-kubernetes          no pod metadata beyond the paths
  --shutdown-deadline D    how long a stop waits for the outputs (default 10s)

  Exit status: 0 stopped by a signal, 1 a failure at start, 2 bad usage or configuration.`;

interface AgentCommand {
  options: AgentOptions;
  metricsPort: number;
  metricsHost: string;
  deadlineMs: number;
}

const ENGINE_VALUE_FLAGS = new Set(['--format', '--max-record-bytes', '--max-held-bytes', '--multiline', '--multiline-start',
  '--multiline-continue', '--multiline-end', '--multiline-idle', '--multiline-max-lines', '-l', '--selector', '--query', '--grep',
  '--grep-file']);
const ENGINE_FLAGS = new Set(['--no-level', '--scalar']);
const AGENT_KEYS = new Set(['include', 'exclude', 'checkpointDir', 'outputs', 'metricsPort', 'metricsHost', 'nodeName', 'kubeconfig',
  'kubernetes', 'shutdownDeadline']);

const kebab = (k: string) => '--' + k.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase());

function port(what: string, v: unknown): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new UsageError(`${what} must be a port from 0 to 65535, not "${String(v)}"`);
  return n;
}

const strings = (what: string, v: unknown): string[] => {
  const list = Array.isArray(v) ? v : [v];
  if (!list.every((s) => typeof s === 'string')) throw new UsageError(`${what} must be a string or a list of strings`);
  return list as string[];
};

/** The configuration file → its values (keys checked; engine options turned into main-command arguments). */
function readConfig(path: string): { agent: Record<string, unknown>; engineArgs: string[] } {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new UsageError(`--config ${path}: ${(err as Error).message}`);
  }
  let doc: unknown;
  try {
    doc = /\.json$/i.test(path) ? JSON.parse(text) : parseYaml(text);
  } catch (err) {
    throw new UsageError(`--config ${path}: ${(err as Error).message.split('\n')[0]}`);
  }
  if (doc === null || doc === undefined) doc = {};
  if (typeof doc !== 'object' || Array.isArray(doc)) throw new UsageError(`--config ${path}: the top level must be a mapping`);
  const agent: Record<string, unknown> = {};
  const engineArgs: string[] = [];
  for (const [key, value] of Object.entries(doc as Record<string, unknown>)) {
    if (AGENT_KEYS.has(key)) {
      agent[key] = value;
      continue;
    }
    const flag = kebab(key);
    if (ENGINE_FLAGS.has(flag)) {
      if (value === true) engineArgs.push(flag);
      else if (value !== false) throw new UsageError(`--config ${path}: ${key} must be true or false`);
    } else if (ENGINE_VALUE_FLAGS.has(flag)) {
      for (const v of key === 'grep' ? strings(key, value) : [value]) engineArgs.push(flag, Array.isArray(v) ? v.join(',') : String(v));
    } else {
      throw new UsageError(`--config ${path}: unknown key "${key}"`);
    }
  }
  return { agent, engineArgs };
}

export function parseAgentArgs(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): AgentCommand | 'help' {
  const cli: Record<string, unknown> = {};
  const include: string[] = [];
  const exclude: string[] = [];
  const outputs: string[] = [];
  const engineArgs: string[] = [];
  let config: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const name = eq >= 0 ? arg.slice(0, eq) : arg;
    const value = (): string => {
      if (eq >= 0) return arg.slice(eq + 1);
      if (i + 1 >= argv.length) throw new UsageError(`${name} needs a value`);
      return argv[++i];
    };
    switch (name) {
      case '-h': case '--help': return 'help';
      case '--config': config = value(); break;
      case '--include': include.push(value()); break;
      case '--exclude': exclude.push(value()); break;
      case '--output': outputs.push(value()); break;
      case '--checkpoint-dir': cli.checkpointDir = value(); break;
      case '--metrics-port': cli.metricsPort = value(); break;
      case '--metrics-host': cli.metricsHost = value(); break;
      case '--node-name': cli.nodeName = value(); break;
      case '--kubeconfig': cli.kubeconfig = value(); break;
      case '--no-kubernetes': cli.kubernetes = false; break;
      case '--shutdown-deadline': cli.shutdownDeadline = value(); break;
      default:
        if (ENGINE_FLAGS.has(name)) engineArgs.push(arg);
        else if (ENGINE_VALUE_FLAGS.has(name)) engineArgs.push(name, value());
        else throw new UsageError(`agent: unknown option ${name} (logsieve agent --help)`);
    }
  }
  const file = config === undefined ? { agent: {}, engineArgs: [] } : readConfig(config);
  const o: Record<string, unknown> = { ...file.agent, ...cli };
  if (include.length) o.include = include;
  if (exclude.length) o.exclude = exclude;
  if (outputs.length) o.outputs = outputs;

  // the engine's options through the main command's own parser (same checks, same messages)
  const parsed = parseOptions([...file.engineArgs, ...engineArgs, '--', 'x']);
  if (parsed.action !== 'run') throw new UsageError('agent: bad engine options');
  const eo = parsed.options;
  const grep = grepRules(eo);
  const engine: AgentOptions['engine'] = {
    maxRecordBytes: eo.maxRecordBytes, maxHeldBytes: eo.maxHeldBytes, levels: !eo.noLevel,
    multiline: multilineOptions(eo) ?? { detectors: 'all' },
    ...(eo.selector !== undefined ? { selector: eo.selector } : {}), ...(eo.query !== undefined ? { query: eo.query } : {}),
    ...(grep !== undefined ? { grep } : {}),
  };

  const outputList = o.outputs === undefined ? ['stdout'] : Array.isArray(o.outputs) ? o.outputs : [o.outputs];
  const outs: AgentOutputOptions[] = outputList.map((x) => {
    const spec = typeof x === 'string' ? x : (x as { spec?: unknown })?.spec;
    if (typeof spec !== 'string') throw new UsageError('outputs: each is TYPE:TARGET or a mapping with spec: TYPE:TARGET');
    try {
      parseOutputSpec(spec);
    } catch (err) {
      throw new UsageError(`--output ${spec}: ${(err as Error).message.replace(/^logsieve: /, '')}`);
    }
    return { ...(typeof x === 'object' ? x as object : {}), spec } as AgentOutputOptions;
  });
  const kubernetesOn = o.kubernetes !== false;
  let cluster: ReturnType<typeof resolveClusterConfig> | undefined;
  if (kubernetesOn) {
    try {
      cluster = resolveClusterConfig({ kubeconfig: o.kubeconfig as string | undefined, env });
    } catch (err) {
      // no cluster in reach (a laptop, a test): path metadata only, said at start
      if (o.kubeconfig !== undefined || o.kubernetes === true) throw new UsageError(`kubernetes: ${(err as Error).message.replace(/^logsieve: /, '')}`);
    }
  }
  const options: AgentOptions = {
    checkpointDir: typeof o.checkpointDir === 'string' ? o.checkpointDir : '/var/lib/logsieve',
    outputs: outs,
    engine,
    files: {
      globs: o.include === undefined ? undefined : strings('include', o.include),
      exclude: o.exclude === undefined ? undefined : strings('exclude', o.exclude),
    },
    kubernetes: cluster ? { config: cluster, nodeName: (o.nodeName as string | undefined) ?? env.NODE_NAME } : undefined,
  };
  return {
    options,
    metricsPort: o.metricsPort === undefined ? 2020 : port('metricsPort', o.metricsPort),
    metricsHost: typeof o.metricsHost === 'string' ? o.metricsHost : '127.0.0.1',
    deadlineMs: o.shutdownDeadline === undefined ? 10_000 : parseDuration('shutdownDeadline', o.shutdownDeadline, '500ms, 10s or 1m'),
  };
}

/** Runs the agent until SIGTERM/SIGINT; returns the exit status. */
export async function runAgent(argv: readonly string[]): Promise<number> {
  const cmd = parseAgentArgs(argv);
  if (cmd === 'help') {
    process.stdout.write(AGENT_USAGE + '\n');
    return 0;
  }
  const log = (e: Record<string, unknown>) => process.stderr.write(JSON.stringify({ time: new Date().toISOString(), ...e }) + '\n');
  let agent: Agent;
  try {
    agent = await Agent.start({ ...cmd.options, log });
  } catch (err) {
    if (err instanceof FilterSyntaxError || err instanceof RegexSyntaxError || err instanceof RangeError) throw new UsageError(err.message.replace(/^logsieve: /, ''));
    log({ level: 'error', msg: 'could not start', error: String((err as Error).message ?? err) });
    return 1;
  }
  const server = http.createServer((req, res) => {
    if (req.url === '/metrics') {
      res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
      res.end(agent.metrics());
    } else if (req.url === '/healthz') {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('ok\n');
    } else {
      res.writeHead(404);
      res.end();
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(cmd.metricsPort, cmd.metricsHost, resolve);
  });
  log({ level: 'info', msg: 'metrics', url: `http://${cmd.metricsHost}:${(server.address() as AddressInfo).port}/metrics` });
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
  });
  await agent.stop(cmd.deadlineMs);
  server.close();
  return 0;
}

export type { EngineOptions };
