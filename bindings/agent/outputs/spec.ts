// `--output TYPE:TARGET`: stdout, file:PATH, http:URL (NDJSON), loki:URL, elasticsearch:URL, otlp:URL, splunk-hec:URL.
// A bad one is a one-line error naming the spec and what is wrong.

export const OUTPUT_TYPES = ['stdout', 'file', 'http', 'loki', 'elasticsearch', 'otlp', 'splunk-hec'] as const;
export type OutputType = (typeof OUTPUT_TYPES)[number];

export type OutputSpec =
  | { type: 'stdout' }
  | { type: 'file'; path: string }
  | { type: 'http' | 'loki' | 'elasticsearch' | 'otlp' | 'splunk-hec'; url: URL };

export class OutputSpecError extends Error {}

const FORMS = 'stdout, file:PATH, http:URL, loki:URL, elasticsearch:URL, otlp:URL or splunk-hec:URL';

export function parseOutputSpec(text: string): OutputSpec {
  const bad = (what: string) => new OutputSpecError(`--output ${JSON.stringify(text)}: ${what}`);
  const colon = text.indexOf(':');
  const type = (colon < 0 ? text : text.slice(0, colon)).trim();
  const target = colon < 0 ? undefined : text.slice(colon + 1);
  if (!(OUTPUT_TYPES as readonly string[]).includes(type)) {
    return (() => { throw bad(type === '' ? `no type (${FORMS})` : `unknown type "${type}" (${FORMS})`); })();
  }
  if (type === 'stdout') {
    if (target !== undefined && target !== '') throw bad('stdout takes no target');
    return { type };
  }
  if (target === undefined || target.trim() === '') throw bad(`${type} needs a target: ${type}:${type === 'file' ? 'PATH' : 'URL'}`);
  if (type === 'file') return { type, path: target };
  let url: URL;
  try {
    url = new URL(target);
  } catch {
    throw bad(`"${target}" is not a URL (http://host:port/…)`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw bad(`${url.protocol} is not http: or https:`);
  if (type === 'elasticsearch' && url.pathname.replace(/\/+$/, '').replace(/\/_bulk$/, '') === '') {
    throw bad('elasticsearch needs the index in the URL (http://host:9200/INDEX)');
  }
  return { type: type as 'http' | 'loki' | 'elasticsearch' | 'otlp' | 'splunk-hec', url };
}
