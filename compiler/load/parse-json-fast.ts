// A fast path for .json registry files (the Gainsight `connectors_registry.json` format): a
// strict JSON parser that builds the same yaml nodes (maps, sequences, scalars with source
// ranges) that the yaml package builds for JSON, at a fraction of its cost, so everything after
// loading works unchanged. Anything that is not plain valid JSON (syntax errors, duplicate keys,
// raw control characters in strings) returns null and the caller parses the file with the yaml
// package, which reports the problem with its position. Tests compare both paths node by node.
import { Document, LineCounter, Pair, Scalar, YAMLMap, YAMLSeq, type Node } from 'yaml';

class NotPlainJson extends Error {}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const VALID_ESCAPE = /^\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4})$/;

export interface FastJsonDocument {
  readonly document: Document.Parsed;
  readonly lineCounter: LineCounter;
}

export function parseJsonFast(text: string): FastJsonDocument | null {
  let pos = 0;
  const fail = (): never => {
    throw new NotPlainJson();
  };
  const skipSpace = () => {
    for (;;) {
      const c = text.charCodeAt(pos);
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) pos++;
      else return;
    }
  };
  const scalar = <T>(value: T, start: number, end: number, type: Scalar.Type): Scalar<T> => {
    const node = new Scalar(value);
    node.range = [start, end, end];
    node.type = type;
    return node;
  };
  const string = (): Scalar<string> => {
    const start = pos;
    let escaped = false;
    pos++;
    for (;;) {
      const c = text.charCodeAt(pos);
      if (Number.isNaN(c) || c < 0x20) fail(); // unterminated, or a raw control character
      if (c === 0x22) break;
      if (c === 0x5c) {
        escaped = true;
        const escape = text[pos + 1] === 'u' ? text.slice(pos, pos + 6) : text.slice(pos, pos + 2);
        if (!VALID_ESCAPE.test(escape)) fail();
        pos += escape.length;
      } else pos++;
    }
    pos++;
    const value = escaped ? (JSON.parse(text.slice(start, pos)) as string) : text.slice(start + 1, pos - 1);
    return scalar(value, start, pos, Scalar.QUOTE_DOUBLE);
  };
  const value = (): Node => {
    skipSpace();
    const start = pos;
    const c = text[pos];
    if (c === '"') return string();
    if (c === '{') {
      const map = new YAMLMap();
      map.flow = true;
      pos++;
      skipSpace();
      const keys = new Set<string>();
      if (text[pos] !== '}') {
        for (;;) {
          skipSpace();
          if (text[pos] !== '"') fail();
          const key = string();
          if (keys.has(key.value)) fail(); // the yaml path reports the duplicate with its position
          keys.add(key.value);
          skipSpace();
          if (text[pos] !== ':') fail();
          pos++;
          map.items.push(new Pair(key, value()));
          skipSpace();
          if (text[pos] === ',') pos++;
          else if (text[pos] === '}') break;
          else fail();
        }
      }
      pos++;
      map.range = [start, pos, pos];
      return map;
    }
    if (c === '[') {
      const seq = new YAMLSeq();
      seq.flow = true;
      pos++;
      skipSpace();
      if (text[pos] !== ']') {
        for (;;) {
          seq.items.push(value());
          skipSpace();
          if (text[pos] === ',') pos++;
          else if (text[pos] === ']') break;
          else fail();
        }
      }
      pos++;
      seq.range = [start, pos, pos];
      return seq;
    }
    for (const [word, literal] of [['true', true], ['false', false], ['null', null]] as const) {
      if (text.startsWith(word, pos)) {
        pos += word.length;
        return scalar(literal, start, pos, Scalar.PLAIN);
      }
    }
    NUMBER.lastIndex = pos;
    const number = NUMBER.exec(text);
    if (number === null) fail();
    pos += number![0].length;
    return scalar(Number(number![0]), start, pos, Scalar.PLAIN);
  };

  let root: Node;
  try {
    root = value();
    skipSpace();
    if (pos !== text.length) fail();
  } catch (err) {
    if (err instanceof NotPlainJson) return null;
    throw err;
  }
  const lineCounter = new LineCounter();
  lineCounter.addNewLine(0);
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lineCounter.addNewLine(i + 1);
  const document = new Document() as unknown as Document.Parsed;
  document.contents = root as Document.Parsed['contents'];
  (document as { range: [number, number, number] }).range = [0, text.length, text.length];
  return { document, lineCounter };
}
