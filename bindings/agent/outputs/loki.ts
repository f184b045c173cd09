// Loki push (POST /loki/api/v1/push, JSON, bodies from PayloadBatch 'loki'). Loki answers 204; 400 means the
// body will never pass (entries too old, out of order, a line too long) and 429 its ingestion rate limit, which
// the default judge already handles. A tenant goes in X-Scope-OrgID (multi-tenant Loki).

import { PAYLOAD_CONTENT_TYPES } from '../../core/payload.ts';
import { HttpOutput, type HttpOutputOptions, withDefaultPath } from './http.ts';

export interface LokiOptions extends HttpOutputOptions {
  tenant?: string;
}

export class LokiOutput extends HttpOutput {
  readonly kind = 'loki' as const;

  constructor(url: URL, options: LokiOptions = {}) {
    const headers = { ...(options.tenant ? { 'x-scope-orgid': options.tenant } : {}), ...options.headers };
    super('loki', withDefaultPath(url, '/loki/api/v1/push'), PAYLOAD_CONTENT_TYPES.loki, { ...options, headers });
  }
}
