// Splunk HTTP Event Collector (POST /services/collector/event, bodies from PayloadBatch 'splunk-hec': one
// event object per line). The token goes in `Authorization: Splunk <token>`, from the option or an environment
// variable (SPLUNK_HEC_TOKEN by default) so it stays out of command lines and config files. HEC answers 400
// for a malformed event (dropped), 401/403 for a bad token (retried: an operator fixes it) and 503 when busy.

import { PAYLOAD_CONTENT_TYPES } from '../../core/payload.ts';
import { HttpOutput, type HttpOutputOptions, withDefaultPath } from './http.ts';

export interface SplunkHecOptions extends HttpOutputOptions {
  token?: string;
  /** the environment variable the token is read from when `token` is not given (default SPLUNK_HEC_TOKEN) */
  tokenEnv?: string;
  env?: NodeJS.ProcessEnv;
}

export class SplunkHecOutput extends HttpOutput {
  readonly kind = 'splunk-hec' as const;

  constructor(url: URL, options: SplunkHecOptions = {}) {
    const envName = options.tokenEnv ?? 'SPLUNK_HEC_TOKEN';
    const token = options.token ?? (options.env ?? process.env)[envName];
    if (!token) throw new Error(`splunk-hec: no token: set ${envName} or the output's token`);
    super('splunk-hec', withDefaultPath(url, '/services/collector/event'), PAYLOAD_CONTENT_TYPES['splunk-hec'],
      { ...options, headers: { authorization: `Splunk ${token}`, ...options.headers } });
  }
}
