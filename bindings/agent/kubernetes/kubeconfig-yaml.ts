// A kubeconfig file's text as plain objects, read with the `yaml` package (YAML 1.2; JSON is YAML, so a
// `kubectl config view --raw --flatten -o json` file is read the same way). Kubernetes reads kubeconfigs
// into typed Go structs, where a scalar in a string field keeps its text: `password: 0012` is "0012" and a
// token that looks like a number stays as written. So numbers are not resolved here: every scalar is a
// string except `null`/`~`/empty (null) and `true`/`false` (booleans), which the loader reads as it needs.
import { type DocumentOptions, LineCounter, type ParseOptions, type SchemaOptions, type ToJSOptions, parseDocument } from 'yaml';

export class KubeconfigSyntaxError extends Error {
  /** 1-based; 0 when the error has no position (too many aliases). */
  readonly line: number;
  readonly column: number;
  /** The problem without its position. */
  readonly reason: string;

  constructor(reason: string, line: number, column: number) {
    super(line > 0 ? `${line}:${column}: ${reason}` : reason);
    this.name = 'KubeconfigSyntaxError';
    this.reason = reason;
    this.line = line;
    this.column = column;
  }
}

const NUMBER_TAGS = new Set(['tag:yaml.org,2002:int', 'tag:yaml.org,2002:float']);

const OPTIONS: ParseOptions & DocumentOptions & SchemaOptions = {
  // the core schema without its number tags: numbers keep their text (as Kubernetes' string fields do)
  customTags: (tags) => tags.filter((t) => typeof t !== 'object' || !NUMBER_TAGS.has(t.tag)),
  // as kubectl: a repeated key is not an error, the last one wins
  uniqueKeys: false,
  prettyErrors: false,
};

const TO_JS: ToJSOptions = { maxAliasCount: 100 };

/**
 * The document of a kubeconfig file (null when it is empty). Throws KubeconfigSyntaxError with the line and
 * column of the first YAML error; several documents in one file are an error, as for kubectl.
 */
export function parseKubeconfigText(text: string): unknown {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { ...OPTIONS, lineCounter });
  const err = doc.errors[0];
  if (err) {
    const at = lineCounter.linePos(err.pos[0]);
    throw new KubeconfigSyntaxError(err.message, at.line, at.col);
  }
  try {
    return doc.toJS(TO_JS) as unknown;
  } catch (e) {
    // an alias bomb (`maxAliasCount`), the only way toJS fails on a document without errors
    throw new KubeconfigSyntaxError((e as Error).message, 0, 0);
  }
}
