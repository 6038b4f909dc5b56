// Offsets inside parsed strings map to the exact file line:col, for every scalar style. Each
// case puts a marker (@@) in a string and checks that the marker's offset in the parsed value
// maps to where the marker is written in the file.
import { describe, expect, it } from 'vitest';
import { isScalar, visit, type Node, type Scalar } from 'yaml';
import { parseRegistryFile } from '../../../compiler/load/parse-registry-file.js';
import type { RegistryFile } from '../../../compiler/load/registry-file.js';
import { decodeStringNode, stringPositionMapper } from '../../../compiler/load/string-positions.js';

function parse(text: string, name = 'registry.yaml'): RegistryFile {
  const parsed = parseRegistryFile(name, text);
  expect(parsed.diagnostics).toEqual([]);
  return parsed.file!;
}

function stringScalars(file: RegistryFile): Scalar<string>[] {
  const found: Scalar<string>[] = [];
  visit(file.document, {
    Scalar(_key, node) {
      if (typeof node.value === 'string') found.push(node as Scalar<string>);
    },
  });
  return found;
}

/** The 1-based position of the nth occurrence of `needle` in the source text. */
function sourcePosition(text: string, needle: string, nth = 1): { line: number; col: number } {
  let index = -1;
  for (let i = 0; i < nth; i++) index = text.indexOf(needle, index + 1);
  expect(index, `'${needle}' not in source`).toBeGreaterThanOrEqual(0);
  const before = text.slice(0, index);
  const line = before.split('\n').length;
  return { line, col: index - (before.lastIndexOf('\n') + 1) + 1 };
}

/** The scalar whose value contains the marker. */
function scalarWith(file: RegistryFile, marker: string): Scalar<string> {
  const scalar = stringScalars(file).find((s) => s.value.includes(marker));
  expect(scalar, `no string value contains '${marker}'`).toBeDefined();
  return scalar!;
}

function expectMarker(text: string, marker = '@@', options: { name?: string; nth?: number } = {}) {
  const file = parse(text, options.name);
  const scalar = scalarWith(file, marker);
  const positionAt = stringPositionMapper(file, scalar as Node);
  expect(decodeStringNode(file, scalar as Node), 'mapping fell back to the value start').not.toBeNull();
  expect(positionAt(scalar.value.indexOf(marker))).toEqual(sourcePosition(text, marker, options.nth));
}

describe('plain scalars', () => {
  it('single line', () => {
    expectMarker('url: https://api.example.com/{{ @@ }}\n');
  });
  it('folded over several lines (a line break reads as a space)', () => {
    expectMarker('a:\n  b: first line\n    second {{ @@ }} line\n');
  });
  it('with an empty line (kept as a newline) before the marker', () => {
    expectMarker('value: one\n  two\n\n  three @@\n');
  });
  it('inside a flow sequence and a flow mapping', () => {
    expectMarker('list: [ a, b @@, c ]\n');
    expectMarker('map: { key: "x", value: y @@ }\n');
  });
});

describe('single-quoted scalars', () => {
  it("counts '' as one character", () => {
    expectMarker("v: 'it''s a ''quoted'' @@ text'\n");
  });
  it('folds line breaks and trims continuation indentation', () => {
    expectMarker("v: 'first\n     second\n\n     third @@'\n");
  });
});

describe('double-quoted scalars', () => {
  it('maps past escapes: \\n \\" \\t \\\\ \\/ \\u00e9', () => {
    expectMarker('v: "a\\nb\\"c\\td\\\\e\\/f\\u00e9g @@"\n');
  });
  it('maps past a \\U escape that decodes to two UTF-16 units', () => {
    const file = parse('v: "\\U0001F600 @@"\n');
    const scalar = scalarWith(file, '@@');
    expect(scalar.value.indexOf('@@')).toBe(3); // the emoji is two code units
    expect(stringPositionMapper(file, scalar as Node)(3)).toEqual({ line: 1, col: 16 });
  });
  it('maps past \\x escapes, escaped spaces and the YAML-only escapes', () => {
    expectMarker('v: "\\x41\\ \\0\\a\\b\\e\\f\\r\\v\\N\\_\\L\\P @@"\n');
  });
  it('folds line breaks, including an escaped line break that joins without a space', () => {
    expectMarker('v: "https://api.example.com/v1\\\n    /items?x=1\n    &y={{ @@ }}"\n');
  });
  it('drops blanks before a line break', () => {
    expectMarker('v: "trailing   \n  next @@"\n');
  });
  it('maps escapes and tabs in the middle of a template', () => {
    expectMarker('v: "{% if x %}\\t{{ \\"@@\\" }}{% endif %}"\n');
  });
});

describe('block scalars', () => {
  it('literal |: maps lines and indentation', () => {
    expectMarker('body: |\n  {\n    "token": "{{ @@ }}"\n  }\n');
  });
  it('literal with an indentation indicator keeps the extra spaces', () => {
    const text = 'body: |2\n    two extra\n   one @@\n';
    const file = parse(text);
    expect(scalarWith(file, '@@').value).toBe('  two extra\n one @@\n');
    expectMarker(text);
  });
  it('literal with keep (+) and strip (-) chomping', () => {
    expectMarker('a: |+\n  line @@\n\n\nb: x\n');
    expectMarker('a: |-\n  line\n  @@\nb: x\n');
  });
  it('folded >: joins lines, keeps more-indented lines and blank lines', () => {
    const text = 'body: >\n  one\n  two\n\n    indented\n  back @@\n';
    const file = parse(text);
    expect(scalarWith(file, '@@').value).toBe('one two\n\n  indented\nback @@\n');
    expectMarker(text);
  });
  it('a comment after the block header', () => {
    expectMarker('body: | # the request body\n  {{ @@ }}\n');
  });
  it('a block scalar nested in a sequence of mappings', () => {
    expectMarker('connectors:\n  - name: x\n    request_body: >-\n      first\n      second @@\n    method: GET\n');
  });
  it('leading empty lines before the content', () => {
    expectMarker('body: |\n\n\n  text @@\n');
  });
});

describe('JSON files', () => {
  it('maps JSON string escapes', () => {
    expectMarker('{ "v": "{% set d = body_text | from_json %}\\n{{ {\\"a\\": 1} }}\\u00e9 @@" }\n', '@@', { name: 'r.json' });
  });
  it('maps a long single-line Gainsight-style template', () => {
    const text = `{\n  "connectors": [\n    { "response_body": "{% set data = response.body | from_json %}{% for x in data %}{{ x.@@ }}{% endfor %}" }\n  ]\n}\n`;
    expectMarker(text, '@@', { name: 'connectors_registry.json' });
  });
});

describe('other spellings', () => {
  it('CRLF line endings', () => {
    expectMarker('a: |\r\n  one\r\n  two @@\r\nb: "x\r\n  y @@@"\r\n', '@@@');
    expectMarker('a: |\r\n  one\r\n  two @@\r\n');
  });
  it('an alias maps to its anchor', () => {
    const text = 'a: &shared "value @@"\nb: *shared\n';
    const file = parse(text);
    const aliasNode = (file.document.get('b', true) as Node | undefined)!;
    expect(stringPositionMapper(file, aliasNode)(6)).toEqual(sourcePosition(text, '@@'));
  });
  it('the end of the value (offset = length) and out-of-range offsets clamp', () => {
    const text = 'v: "abc"\n';
    const file = parse(text);
    const map = stringPositionMapper(file, scalarWith(file, 'abc') as Node);
    expect(map(3)).toEqual({ line: 1, col: 8 }); // the closing quote
    expect(map(99)).toEqual({ line: 1, col: 8 });
    expect(map(-5)).toEqual({ line: 1, col: 5 });
  });
  it('no node at all maps every offset to the start of the file', () => {
    const file = parse('v: x\n');
    expect(stringPositionMapper(file, undefined)(3)).toEqual({ line: 1, col: 1 });
  });

  it('a node that is not a string maps every offset to where it starts', () => {
    const file = parse('n: 42\n');
    const node = file.document.get('n', true) as Node;
    expect(decodeStringNode(file, node)).toBeNull();
    expect(stringPositionMapper(file, node)(1)).toEqual({ line: 1, col: 4 });
  });
});

describe('every character of every string maps back to its source', () => {
  // A document with every style at once: each produced character must come from the same
  // character in the source, unless it was produced by an escape, a fold or chomping.
  const sample = [
    'plain: a b  c',
    'folded_plain: one',
    '  two',
    '',
    '  three',
    "single: 'x ''y'' z",
    "  w'",
    'double: "e\\u00e9 \\" \\\\ \\t q',
    '  r \\',
    '  s"',
    'literal: |',
    '  l1',
    '    l2',
    '',
    '  l3',
    'folded: >-',
    '  f1',
    '  f2',
    '',
    '    f3',
    '  f4',
    'keep: |+',
    '  k1',
    '',
    'gaps_plain: g1',
    '',
    '',
    '  g2',
    'gaps_folded: >',
    '  h1',
    '',
    '',
    '  h2',
    'flow: [ "a\\nb", \'c\', d e ]',
    '',
  ].join('\n');

  it('decodes exactly what the yaml package parsed, for every string', () => {
    const file = parse(sample);
    const scalars = stringScalars(file);
    expect(scalars.length).toBeGreaterThan(10);
    for (const scalar of scalars) {
      const decoded = decodeStringNode(file, scalar as Node);
      expect(decoded, JSON.stringify(scalar.value)).not.toBeNull();
      expect(decoded!.text).toBe(scalar.value);
      expect(decoded!.offsets.length).toBe(scalar.value.length + 1);
      for (let i = 0; i < scalar.value.length; i++) {
        const sourceChar = sample[decoded!.offsets[i]!];
        const produced = scalar.value[i]!;
        if (sourceChar === produced) continue;
        // Escapes map to their backslash, folds to a line break, '' to its first quote.
        expect(['\\', '\n', "'"].includes(sourceChar!) || /\s/.test(produced), `${JSON.stringify(scalar.value)}[${i}]`).toBe(true);
      }
      // Offsets never go backwards: positions read in order.
      for (let i = 1; i < decoded!.offsets.length; i++) expect(decoded!.offsets[i]!).toBeGreaterThanOrEqual(decoded!.offsets[i - 1]!);
    }
  });

  it('values parse as expected (the decoder is checked against real YAML semantics)', () => {
    const data = parse(sample).document.toJS() as Record<string, unknown>;
    expect(data['folded_plain']).toBe('one two\nthree');
    expect(data['single']).toBe("x 'y' z w");
    expect(data['double']).toBe('eé " \\ \t q r s');
    expect(data['literal']).toBe('l1\n  l2\n\nl3\n');
    expect(data['folded']).toBe('f1 f2\n\n  f3\nf4');
    expect(data['keep']).toBe('k1\n\n');
    expect(data['gaps_plain']).toBe('g1\n\ng2');
    expect(data['gaps_folded']).toBe('h1\n\nh2\n');
    expect(isScalar(parse(sample).document.get('plain', true))).toBe(true);
  });
});
