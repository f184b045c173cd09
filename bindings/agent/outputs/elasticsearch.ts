// Elasticsearch / OpenSearch `_bulk` (POST /<index>/_bulk, bodies from PayloadBatch 'elasticsearch': each
// record is two lines, `{"create":{}}` and the document). A 200 can still hold failed items; its `items` are
// in body order, so item i is lines 2i and 2i+1. Items that failed for now (429, 5xx) are sent again — only
// they, cut from the body as they were, never re-encoded; items refused for good (400 mapping errors, …) are
// dropped and counted (`item_rejected`); 409 on create means the document is already there (delivered).
// The batch is acked once no item is left to retry.

import { PAYLOAD_CONTENT_TYPES } from '../../core/payload.ts';
import { HttpOutput, type HttpOutputOptions, type HttpReply, type Verdict, judgeStatus } from './http.ts';

/** The URL of `_bulk` for `url`: the index is its path (the action lines name none). */
export function bulkUrl(url: URL): URL {
  const out = new URL(url.href);
  const path = out.pathname.replace(/\/+$/, '');
  if (path === '' || path === '/_bulk') throw new Error(`elasticsearch: the URL must name the index: ${url.protocol}//${url.host}/INDEX`);
  if (!path.endsWith('/_bulk')) out.pathname = `${path}/_bulk`;
  // the answer carries only what is read: errors and per item status and error (large batches, small answers)
  if (!out.searchParams.has('filter_path')) out.searchParams.set('filter_path', 'errors,items.*.status,items.*.error.type,items.*.error.reason');
  return out;
}

/** Byte offsets where each item (two lines) of a _bulk body starts; the last entry is the body's length. */
export function itemStarts(body: Uint8Array): number[] {
  const starts = [0];
  let lines = 0;
  for (let i = body.indexOf(10); i >= 0; i = body.indexOf(10, i + 1)) {
    if (++lines % 2 === 0) starts.push(i + 1);
  }
  if (starts[starts.length - 1] !== body.length) starts.push(body.length); // a body without its last '\n'
  return starts;
}

export class ElasticsearchOutput extends HttpOutput {
  readonly kind = 'elasticsearch' as const;

  constructor(url: URL, options: HttpOutputOptions = {}) {
    super('elasticsearch', bulkUrl(url), PAYLOAD_CONTENT_TYPES.elasticsearch, options);
  }

  protected judge(reply: HttpReply, body: Uint8Array, _records: number): Verdict {
    const v = judgeStatus(reply, this.clock.now(), this.options.maxRetryAfterMs ?? 300_000);
    if (!('ok' in v)) return v;
    let answer: { errors?: boolean; items?: Array<Record<string, { status?: number; error?: { type?: string; reason?: string } }>> };
    try {
      answer = JSON.parse(reply.body.toString('utf8'));
    } catch {
      return { retry: 'bad_answer', message: 'the _bulk answer is not JSON' };
    }
    if (answer.errors !== true) return v;
    const starts = itemStarts(body);
    const items = answer.items ?? [];
    // an answer that does not match the body cannot say which items to resend: send it all again
    if (items.length !== starts.length - 1) return { retry: 'bad_answer', message: `${items.length} items answered for ${starts.length - 1} sent` };
    const again: Uint8Array[] = [];
    let dropped = 0;
    let message: string | undefined;
    items.forEach((item, i) => {
      const result = Object.values(item)[0] ?? {};
      const status = result.status ?? 0;
      if ((status >= 200 && status < 300) || status === 409) return;
      if (status === 429 || status >= 500 || status === 0) again.push(body.subarray(starts[i], starts[i + 1]));
      else {
        dropped++;
        message ??= `item ${status}: ${result.error?.type ?? ''} ${result.error?.reason ?? ''}`.trim();
      }
    });
    const rest = Buffer.concat(again);
    return { partial: { body: new Uint8Array(rest.buffer, rest.byteOffset, rest.length), records: again.length, dropped, dropReason: 'item_rejected', message } };
  }
}
