// The agent: composes the files (Tailer), the Kubernetes pod cache, the engine, the pipeline and the outputs
// (docs/agent.md). Only composition here: every part lives in its own folder.
//
// Start: load the checkpoints, build the engine and the outputs, start the pod cache and wait for its first list
// (bounded), start the Tailer. A file whose pod is not known yet keeps its chunks for at most `waitForPodMs`,
// then goes on with what its path says. Timers: `tickMs` releases quiet files' held groups and seals due batches;
// `checkpointIntervalMs` writes the checkpoints. Stop: no more reading, every open batch sealed, outputs given
// `deadlineMs` to deliver, checkpoints written — what the engine still holds (pieces, open groups) is not
// flushed: the checkpoints start before it, so it is read again at the next start, never lost nor repeated.

import { mkdir } from 'node:fs/promises';
import { createEngine, type EngineOptions, type Engine } from '../node.ts';
import { Checkpoints } from './files/checkpoints.ts';
import { Tailer, type TailerOptions } from './files/tail.ts';
import type { TailedFile } from './files/tailed-file.ts';
import { type ClusterConfig, PodCache, feedEngine } from './kubernetes/index.ts';
import { type AnyOutputOptions, Batcher, type Output, createOutput, formatOf, parseOutputSpec, prometheus } from './outputs/index.ts';
import { Pipeline } from './pipeline.ts';

export interface AgentOutputOptions extends AnyOutputOptions {
  /** `TYPE:TARGET` (stdout, file:PATH, http:URL, loki:URL, elasticsearch:URL, otlp:URL, splunk-hec:URL) */
  spec: string;
  /** seal a batch at this many body bytes (default 1 MiB) */
  maxBatchBytes?: number;
  /** seal a batch this old (default 1000 ms) */
  maxBatchWaitMs?: number;
}

export interface AgentOptions {
  checkpointDir: string;
  outputs: AgentOutputOptions[];
  /** the engine's options: multiline, filters (selector, query, grep), sizes */
  engine?: Omit<EngineOptions, 'pods' | 'build' | 'clock'>;
  /** the Tailer's options: include/exclude globs, intervals */
  files?: TailerOptions;
  /** the API server and this node; absent: no pod metadata beyond the paths */
  kubernetes?: { config: ClusterConfig; nodeName?: string; waitForPodMs?: number; firstListTimeoutMs?: number };
  tickMs?: number;
  checkpointIntervalMs?: number;
  /** structured log lines of the agent itself (default: JSON on stderr) */
  log?: (event: Record<string, unknown>) => void;
}

interface Waiting {
  chunks: Uint8Array[];
  ended: boolean;
  truncated: boolean;
}

/** Backpressure as /metrics shows it: whether reading is paused now, how often it was, for how long in all. */
export class ReadingState {
  paused = false;
  pauses = 0;
  private pausedMs = 0;
  private since = 0;

  constructor(private readonly now: () => number = Date.now) {}

  set(paused: boolean): void {
    if (paused === this.paused) return;
    this.paused = paused;
    if (paused) {
      this.pauses++;
      this.since = this.now();
    } else {
      this.pausedMs += this.now() - this.since;
    }
  }

  /** Seconds spent paused, the current pause included. */
  pausedSeconds(): number {
    return (this.pausedMs + (this.paused ? this.now() - this.since : 0)) / 1000;
  }
}

export class Agent {
  private timers: NodeJS.Timeout[] = [];
  private readonly waiting = new Map<TailedFile, Waiting>();
  private stopFeed: (() => void) | undefined;
  private stopped = false;

  private constructor(
    readonly engine: Engine,
    readonly tailer: Tailer,
    readonly pipeline: Pipeline,
    readonly outputs: Output[],
    readonly checkpoints: Checkpoints,
    readonly pods: PodCache | undefined,
    private readonly options: AgentOptions,
    private readonly log: (event: Record<string, unknown>) => void,
    /** backpressure: reading paused because an output's queue is full */
    readonly reading: ReadingState,
  ) {}

  static async start(options: AgentOptions): Promise<Agent> {
    const log = options.log ?? ((e) => process.stderr.write(JSON.stringify({ time: new Date().toISOString(), ...e }) + '\n'));
    const specs = options.outputs.map((o) => parseOutputSpec(o.spec));
    if (specs.length === 0) throw new Error('logsieve agent: no output');
    await mkdir(options.checkpointDir, { recursive: true });
    const checkpoints = await Checkpoints.load(options.checkpointDir);
    const engine = createEngine({ ...options.engine });
    const outputs = specs.map((spec, i) => createOutput(spec, options.outputs[i]));
    const tailer = new Tailer({ ...options.files, checkpoints });
    const reading = new ReadingState();
    const pipeline = new Pipeline(engine, outputs.map((output, i) => ({
      output,
      batcher: new Batcher(engine, formatOf(specs[i]), { maxBytes: options.outputs[i].maxBatchBytes, maxWaitMs: options.outputs[i].maxBatchWaitMs }),
    })), checkpoints, (paused) => {
      reading.set(paused);
      if (paused) tailer.pause();
      else tailer.resume();
      log({ level: 'info', msg: paused ? 'backpressure: reading paused' : 'reading resumed' });
    });
    let pods: PodCache | undefined;
    if (options.kubernetes) {
      pods = new PodCache({ config: options.kubernetes.config, nodeName: options.kubernetes.nodeName });
      pods.on('relist', (reason) => log({ level: 'info', msg: 'pods relisted', reason: String(reason) }));
      pods.on('retry', (err, delayMs) => log({ level: 'warn', msg: 'pod watch retry', error: String((err as Error)?.message ?? err), delayMs }));
      pods.start();
    }
    const agent = new Agent(engine, tailer, pipeline, outputs, checkpoints, pods, options, log, reading);
    if (pods) {
      // a deleted pod's files are still read to their end: its labels stay a minute
      agent.stopFeed = feedEngine(pods, engine, { removeDelayMs: 60_000 });
      await agent.firstList(options.kubernetes!.firstListTimeoutMs ?? 10_000);
    }
    for (const o of outputs) o.on('error', (err) => log({ level: 'error', msg: `output ${o.name} stopped`, error: String(err) }));
    tailer.on('open', (file) => agent.open(file));
    tailer.on('data', (file, bytes) => agent.data(file, bytes));
    tailer.on('end', (file) => agent.end(file));
    tailer.on('truncated', (file) => {
      log({ level: 'warn', msg: 'file truncated (copytruncate): read again from its start', path: file.path });
      agent.end(file, true);
    });
    tailer.on('warning', (err, path) => log({ level: 'warn', msg: String((err as Error)?.message ?? err), path }));
    await tailer.start();
    const tickMs = options.tickMs ?? 1000;
    agent.timers.push(setInterval(() => agent.pipeline.tick(), tickMs));
    agent.timers.push(setInterval(() => void agent.saveCheckpoints(), options.checkpointIntervalMs ?? 5000));
    for (const t of agent.timers) t.unref?.();
    log({ level: 'info', msg: 'started', outputs: options.outputs.map((o) => o.spec), checkpoints: options.checkpointDir });
    return agent;
  }

  private async firstList(timeoutMs: number): Promise<void> {
    const pods = this.pods!;
    if (pods.synced) return;
    let timer: NodeJS.Timeout | undefined;
    const synced = await Promise.race([
      new Promise<boolean>((r) => pods.once('synced', () => r(true))),
      new Promise<boolean>((r) => { timer = setTimeout(() => r(false), timeoutMs); }),
    ]);
    clearTimeout(timer);
    if (!synced) this.log({ level: 'warn', msg: 'no pod list yet: files go out with path metadata until it comes' });
  }

  /** A new file: its source opens now; its chunks wait (bounded) while its pod is not known. */
  private open(file: TailedFile): void {
    const source = this.pipeline.open(file);
    const pods = this.pods;
    if (!pods) return;
    const meta = this.engine.kubernetesJson(source.id);
    const k = meta === undefined ? undefined : (JSON.parse(meta) as { namespace_name?: string; pod_name?: string; pod_id?: string });
    if (!k?.namespace_name || !k.pod_name || pods.get(k.namespace_name, k.pod_name)) return;
    const w: Waiting = { chunks: [], ended: false, truncated: false };
    this.waiting.set(file, w);
    void pods.waitFor(k.namespace_name, k.pod_name, this.options.kubernetes?.waitForPodMs ?? 2000, k.pod_id).then((pod) => {
      if (!pod) this.log({ level: 'info', msg: 'pod not known: path metadata only', path: file.path });
      this.waiting.delete(file);
      if (this.stopped) return;
      for (const c of w.chunks) this.pipeline.data(file, c);
      if (w.ended) this.pipeline.end(file, w.truncated);
    });
  }

  private data(file: TailedFile, bytes: Uint8Array): void {
    const w = this.waiting.get(file);
    if (w) w.chunks.push(bytes);
    else this.pipeline.data(file, bytes);
  }

  /** The file ended; `truncated`: copytruncated (its content and checkpoint are gone). */
  private end(file: TailedFile, truncated = false): void {
    const w = this.waiting.get(file);
    if (w) {
      w.ended = true;
      w.truncated = truncated;
    } else this.pipeline.end(file, truncated);
  }

  async saveCheckpoints(): Promise<void> {
    try {
      await this.checkpoints.save();
    } catch (err) {
      this.log({ level: 'error', msg: 'could not write checkpoints', error: String(err) });
    }
  }

  /** Prometheus text: the outputs' counters, files read, the engine's counters. */
  metrics(): string {
    const lines = [prometheus(this.outputs)];
    lines.push('# HELP logsieve_file_bytes_read_total Bytes read per followed file', '# TYPE logsieve_file_bytes_read_total counter');
    const files = this.tailer.files();
    for (const f of files) lines.push(`logsieve_file_bytes_read_total{path=${JSON.stringify(f.path)}} ${f.bytesRead}`);
    lines.push('# HELP logsieve_file_lines_read_total Lines read per followed file', '# TYPE logsieve_file_lines_read_total counter');
    for (const f of files) lines.push(`logsieve_file_lines_read_total{path=${JSON.stringify(f.path)}} ${f.linesRead}`);
    const c = this.engine.counters();
    for (const [name, v] of Object.entries(c)) {
      if (typeof v === 'number') lines.push(`# TYPE logsieve_engine_${snake(name)} counter`, `logsieve_engine_${snake(name)} ${v}`);
    }
    for (const [reason, v] of Object.entries(c.errors)) lines.push(`logsieve_engine_error_records_by_reason{reason="${reason}"} ${v}`);
    lines.push('# TYPE logsieve_checkpoint_lag_calls gauge', `logsieve_checkpoint_lag_calls ${this.pipeline.calls - this.pipeline.acknowledged}`);
    const r = this.reading;
    lines.push(
      '# HELP logsieve_reading_paused 1 while reading is paused because an output\'s queue is full (backpressure)',
      '# TYPE logsieve_reading_paused gauge', `logsieve_reading_paused ${r.paused ? 1 : 0}`,
      '# HELP logsieve_reading_pauses_total Times reading was paused by backpressure',
      '# TYPE logsieve_reading_pauses_total counter', `logsieve_reading_pauses_total ${r.pauses}`,
      '# HELP logsieve_reading_paused_seconds_total Time reading spent paused by backpressure',
      '# TYPE logsieve_reading_paused_seconds_total counter', `logsieve_reading_paused_seconds_total ${r.pausedSeconds()}`,
    );
    return lines.join('\n') + '\n';
  }

  /** Stops reading, seals every batch, gives the outputs `deadlineMs` to deliver, writes the checkpoints. */
  async stop(deadlineMs = 10_000): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    for (const t of this.timers) clearInterval(t);
    await this.tailer.stop();
    this.stopFeed?.();
    await this.pods?.stop();
    this.pipeline.sealAll();
    await Promise.all(this.outputs.map((o) => o.close(deadlineMs)));
    await this.saveCheckpoints();
    this.log({ level: 'info', msg: 'stopped', acknowledgedCalls: this.pipeline.acknowledged, calls: this.pipeline.calls });
  }
}

function snake(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`) + (/total$/.test(name) ? '' : '_total');
}
