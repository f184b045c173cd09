// OTLP/HTTP JSON logs (POST /v1/logs, bodies from PayloadBatch 'otlp'). A 2xx may still carry a partial
// success (ExportLogsServiceResponse.partialSuccess.rejectedLogRecords, an int64 as a string or a number):
// those records were refused for good by the collector, so they are counted as dropped and the batch is acked.

import { PAYLOAD_CONTENT_TYPES } from '../../core/payload.ts';
import { HttpOutput, type HttpOutputOptions, type HttpReply, type Verdict, judgeStatus, withDefaultPath } from './http.ts';

export class OtlpOutput extends HttpOutput {
  readonly kind = 'otlp' as const;

  constructor(url: URL, options: HttpOutputOptions = {}) {
    super('otlp', withDefaultPath(url, '/v1/logs'), PAYLOAD_CONTENT_TYPES.otlp, options);
  }

  protected judge(reply: HttpReply, body: Uint8Array, records: number): Verdict {
    const v = judgeStatus(reply, this.clock.now(), this.options.maxRetryAfterMs ?? 300_000);
    if (!('ok' in v) || reply.body.length === 0) return v;
    try {
      const partial = JSON.parse(reply.body.toString('utf8'))?.partialSuccess;
      const n = Number(partial?.rejectedLogRecords ?? 0);
      if (Number.isInteger(n) && n > 0) {
        return { ok: true, dropped: { reason: 'partial_success', records: Math.min(n, records), message: partial.errorMessage } };
      }
    } catch {
      // an answer that is not JSON (protobuf, empty): the status said it is delivered
    }
    return v;
  }
}
