// What an output has done, for /metrics: records and bytes out, retries by reason, failed attempts, records
// dropped by reason, and how full its queue is. Plain numbers the output bumps; prometheus() renders them.

export class OutputCounters {
  /** records delivered */
  recordsOut = 0;
  /** batches delivered (acknowledged) */
  batchesOut = 0;
  /** body bytes delivered (before gzip) */
  bytesOut = 0;
  /** bytes put on the wire (after gzip), every attempt included */
  wireBytes = 0;
  /** requests (or writes) made, retries included */
  requests = 0;
  /** attempts that failed (each is followed by a retry, unless the output is closing) */
  failures = 0;
  /** retries by reason: timeout, network, http_429, http_503, http_5xx, http_4xx, items (Elasticsearch) */
  retries: Record<string, number> = {};
  /** records dropped by reason: rejected (a 4xx the same bytes can never pass), item_rejected (Elasticsearch), partial_success (OTLP) */
  dropped: Record<string, number> = {};

  retry(reason: string): void {
    this.retries[reason] = (this.retries[reason] ?? 0) + 1;
  }

  drop(reason: string, records: number): void {
    if (records > 0) this.dropped[reason] = (this.dropped[reason] ?? 0) + records;
  }
}

/** What prometheus() needs of an output. */
export interface Measured {
  readonly name: string;
  readonly counters: OutputCounters;
  readonly queue: { bytes: number; maxBytes: number; length: number };
}

const label = (v: string) => v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');

/** The outputs' counters as Prometheus text exposition lines (HELP and TYPE once per metric). */
export function prometheus(outputs: readonly Measured[]): string {
  const lines: string[] = [];
  const metric = (name: string, type: 'counter' | 'gauge', help: string, rows: Array<[Record<string, string>, number]>) => {
    lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
    for (const [labels, v] of rows) {
      const text = Object.entries(labels).map(([k, x]) => `${k}="${label(x)}"`).join(',');
      lines.push(`${name}{${text}} ${v}`);
    }
  };
  const each = (f: (o: Measured) => Array<[Record<string, string>, number]>) => outputs.flatMap(f);
  const one = (f: (o: Measured) => number) => each((o) => [[{ output: o.name }, f(o)]]);
  metric('logsieve_output_records_total', 'counter', 'Records delivered.', one((o) => o.counters.recordsOut));
  metric('logsieve_output_batches_total', 'counter', 'Batches delivered and acknowledged.', one((o) => o.counters.batchesOut));
  metric('logsieve_output_bytes_total', 'counter', 'Body bytes delivered, before compression.', one((o) => o.counters.bytesOut));
  metric('logsieve_output_wire_bytes_total', 'counter', 'Bytes sent, after compression, retries included.', one((o) => o.counters.wireBytes));
  metric('logsieve_output_requests_total', 'counter', 'Requests or writes made, retries included.', one((o) => o.counters.requests));
  metric('logsieve_output_failures_total', 'counter', 'Attempts that failed.', one((o) => o.counters.failures));
  metric('logsieve_output_retries_total', 'counter', 'Retries by reason.',
    each((o) => Object.entries(o.counters.retries).map(([reason, v]) => [{ output: o.name, reason }, v])));
  metric('logsieve_output_dropped_records_total', 'counter', 'Records a receiver rejected for good, by reason.',
    each((o) => Object.entries(o.counters.dropped).map(([reason, v]) => [{ output: o.name, reason }, v])));
  metric('logsieve_output_queue_bytes', 'gauge', 'Bytes held in the output queue (in flight included).', one((o) => o.queue.bytes));
  metric('logsieve_output_queue_capacity_bytes', 'gauge', 'The output queue bound.', one((o) => o.queue.maxBytes));
  metric('logsieve_output_queue_batches', 'gauge', 'Batches held in the output queue.', one((o) => o.queue.length));
  return lines.join('\n') + '\n';
}
