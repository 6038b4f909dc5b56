// The JSON fast path must build what the yaml package builds for the same JSON: same data, same
// node kinds and source ranges, same string positions, same line numbers. Anything that is not
// plain valid JSON must be left to the yaml parser (null), which reports it.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import { describe, expect, it } from 'vitest';
import { generateRegistry } from '../../../bench/generate-registry.js';
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import { parseJsonFast } from '../../../compiler/load/parse-json-fast.js';
import { parseRegistryFile } from '../../../compiler/load/parse-registry-file.js';
import type { RegistryFile } from '../../../compiler/load/registry-file.js';
import { decodeStringNode } from '../../../compiler/load/string-positions.js';

const CORPUS = fileURLToPath(new URL('../../fixtures/registries/', import.meta.url));

function corpusJsonFiles(): { name: string; text: string }[] {
  const found: { name: string; text: string }[] = [];
  for (const kind of ['valid', 'broken']) {
    for (const entry of readdirSync(path.join(CORPUS, kind), { withFileTypes: true })) {
      if (!entry.isDirectory()) continue;
      const dir = path.join(CORPUS, kind, entry.name);
      for (const file of readdirSync(dir)) {
        if (file.endsWith('.json') && file !== 'expected.json') found.push({ name: `${kind}/${entry.name}/${file}`, text: readFileSync(path.join(dir, file), 'utf8') });
      }
    }
  }
  return found;
}

const HANDWRITTEN = [
  '{}',
  '[]',
  '  {"a":1}  \n',
  '{"s": "plain", "e": "q\\"b\\\\s\\/t\\b\\f\\n\\r\\t\\u00e9\\ud83d\\ude00", "n": -12.5e+3, "z": 0, "t": true, "f": false, "x": null}',
  '{\r\n  "crlf": ["a",\r\n "b"]\r\n}',
  '{"nested": {"list": [1, [2, [3, {"deep": "{{ steps.auth.body | from_json }}"}]]], "empty": {}, "none": []}}',
  '"just a string"',
  '42',
];

/** Walks both trees in step, comparing what later stages read from them. */
function compareNodes(fastFile: RegistryFile, yamlFile: RegistryFile, a: unknown, b: unknown, where: string): void {
  expect(Boolean(a), where).toBe(Boolean(b));
  if (!a || !b) return;
  const fast = a as Node;
  const slow = b as Node;
  expect([isMap(fast), isSeq(fast), isScalar(fast)], where).toEqual([isMap(slow), isSeq(slow), isScalar(slow)]);
  expect(fast.range?.slice(0, 2), `${where} range`).toEqual(slow.range?.slice(0, 2));
  if (isScalar(fast) && isScalar(slow)) {
    expect(fast.value, where).toEqual(slow.value);
    expect(fast.type, where).toBe(slow.type);
    if (typeof slow.value === 'string') {
      expect(decodeStringNode(fastFile, fast), `${where} positions`).toEqual(decodeStringNode(yamlFile, slow));
    }
  } else if ((isMap(fast) && isMap(slow)) || (isSeq(fast) && isSeq(slow))) {
    expect(fast.items.length, where).toBe(slow.items.length);
    fast.items.forEach((item, i) => {
      const other = slow.items[i];
      if (isPair(item) && isPair(other)) {
        compareNodes(fastFile, yamlFile, item.key, other.key, `${where}.key${i}`);
        compareNodes(fastFile, yamlFile, item.value, other.value, `${where}.${String((item.key as { value?: unknown }).value)}`);
      } else {
        compareNodes(fastFile, yamlFile, item, other, `${where}[${i}]`);
      }
    });
  }
}

function expectSameAsYaml(name: string, text: string): void {
  const fast = parseJsonFast(text);
  expect(fast, `${name}: the fast path refused valid JSON`).not.toBeNull();
  const lineCounter = new LineCounter();
  const slow = parseDocument(text, { lineCounter, keepSourceTokens: true, schema: 'json', uniqueKeys: true });
  expect(slow.errors).toEqual([]);
  const fastFile: RegistryFile = { path: name, text, document: fast!.document, lineCounter: fast!.lineCounter, isJson: true };
  const yamlFile: RegistryFile = { path: name, text, document: slow, lineCounter, isJson: true };
  expect(fast!.document.toJS(), name).toEqual(slow.toJS());
  compareNodes(fastFile, yamlFile, fast!.document.contents, slow.contents, name);
  for (let offset = 0; offset <= text.length; offset += Math.max(1, Math.floor(text.length / 97))) {
    expect(fast!.lineCounter.linePos(offset), `${name} @${offset}`).toEqual(lineCounter.linePos(offset));
  }
}

describe('the JSON fast path builds what the yaml parser builds', () => {
  it.each(HANDWRITTEN.map((text, i) => [i, text]))('handwritten JSON #%i', (_i, text) => {
    expectSameAsYaml(`handwritten-${String(_i)}`, text as string);
  });

  it('every JSON file of the corpus that is valid JSON', () => {
    const files = corpusJsonFiles().filter(({ text }) => {
      try {
        JSON.parse(text);
        return true;
      } catch {
        return false;
      }
    });
    expect(files.length).toBeGreaterThan(5);
    for (const { name, text } of files) expectSameAsYaml(name, text);
  });

  it('a generated Gainsight-style registry file (long templates, deep nesting)', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'conduit-json-fast-'));
    try {
      await generateRegistry(dir, { connectors: 8, perFile: 2 }); // the fourth file is JSON
      const name = readdirSync(dir).find((f) => f.endsWith('.json'))!;
      expectSameAsYaml(name, await readFile(path.join(dir, name), 'utf8'));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('anything but plain valid JSON goes to the yaml parser', () => {
  it.each([
    ['a syntax error', '{"a": 1 "b": 2}'],
    ['a trailing comma', '{"a": [1, 2,]}'],
    ['a duplicate key', '{"a": 1, "a": 2}'],
    ['a raw line break in a string', '{"a": "line\nbreak"}'],
    ['a raw tab in a string', '{"a": "tab\there"}'],
    ['an invalid escape', '{"a": "\\x41"}'],
    ['a short unicode escape', '{"a": "\\u12"}'],
    ['a comment', '{"a": 1} # note'],
    ['single quotes', "{'a': 1}"],
    ['a bare word', '{"a": yes}'],
    ['a leading zero', '{"a": 01}'],
    ['NaN', '{"a": NaN}'],
    ['an unterminated string', '{"a": "open'],
    ['an unclosed object', '{"a": 1'],
    ['trailing content', '{"a": 1} {}'],
    ['nothing', ''],
  ])('%s', (_what, text) => {
    expect(parseJsonFast(text)).toBeNull();
  });

  it('and parseRegistryFile then reports it with its position', () => {
    const parsed = parseRegistryFile('r.json', '{\n  "a": 1,\n  "a": 2\n}\n');
    expect(parsed.diagnostics.map((d) => [d.code, d.line, d.col])).toEqual([['yaml-duplicate-key', 3, 3]]);
  });
});
