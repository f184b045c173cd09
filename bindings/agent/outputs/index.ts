// The outputs' public face for the agent: a spec (parsed from --output or the config file) → its Output, and
// the body format its Batcher must gather (an engine payload kind, or NDJSON for stdout, file and http).

import type { PayloadKind } from '../../core/payload.ts';
import { ElasticsearchOutput } from './elasticsearch.ts';
import { FileOutput, type FileOutputOptions } from './file.ts';
import type { HttpOutputOptions } from './http.ts';
import { LokiOutput } from './loki.ts';
import { NdjsonHttpOutput } from './ndjson-http.ts';
import { OtlpOutput } from './otlp.ts';
import type { Output } from './output.ts';
import { type OutputSpec, parseOutputSpec } from './spec.ts';
import { SplunkHecOutput, type SplunkHecOptions } from './splunk-hec.ts';
import { StdoutOutput, type StdoutOptions } from './stdout.ts';

export { Batcher, type BatcherOptions } from './batcher.ts';
export { type Batch, BatchQueue } from './queue.ts';
export { Output, type OutputOptions } from './output.ts';
export { OutputCounters, prometheus } from './counters.ts';
export { type Clock, realClock } from './clock.ts';
export { HttpOutput, type HttpOutputOptions, type Verdict } from './http.ts';
export { ElasticsearchOutput, FileOutput, LokiOutput, NdjsonHttpOutput, OtlpOutput, SplunkHecOutput, StdoutOutput };
export { OUTPUT_TYPES, type OutputSpec, OutputSpecError, type OutputType, parseOutputSpec } from './spec.ts';

export type AnyOutputOptions = HttpOutputOptions & SplunkHecOptions & FileOutputOptions & StdoutOptions & { tenant?: string };

/** The body format a spec's output takes. */
export function formatOf(spec: OutputSpec): PayloadKind | 'ndjson' {
  return spec.type === 'stdout' || spec.type === 'file' || spec.type === 'http' ? 'ndjson' : spec.type;
}

/** The output of a spec (a string is parsed first: OutputSpecError on a bad one). */
export function createOutput(spec: OutputSpec | string, options: AnyOutputOptions = {}): Output {
  const s = typeof spec === 'string' ? parseOutputSpec(spec) : spec;
  switch (s.type) {
    case 'stdout': return new StdoutOutput(options);
    case 'file': return new FileOutput(s.path, options);
    case 'http': return new NdjsonHttpOutput(s.url, options);
    case 'loki': return new LokiOutput(s.url, options);
    case 'otlp': return new OtlpOutput(s.url, options);
    case 'elasticsearch': return new ElasticsearchOutput(s.url, options);
    case 'splunk-hec': return new SplunkHecOutput(s.url, options);
  }
}
