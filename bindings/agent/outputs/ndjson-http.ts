// NDJSON over HTTP (`http:URL`): POST batches of records, one JSON object per line (application/x-ndjson), to
// any receiver that takes JSON lines — Vector's http_server source, Fluent Bit's http input, Logstash's http
// input, an ingest gateway. The counterpart of Fluent Bit's http output with `Format json_lines`. The URL is
// used as given; the records are the CLI's NDJSON records, so the body is the engine's NDJSON untouched.

import { HttpOutput, type HttpOutputOptions } from './http.ts';

export const NDJSON_CONTENT_TYPE = 'application/x-ndjson';

export class NdjsonHttpOutput extends HttpOutput {
  readonly kind = 'http' as const;

  constructor(url: URL, options: HttpOutputOptions = {}) {
    super('http', url, NDJSON_CONTENT_TYPE, options);
  }
}
