// The three output formats of `conduit check`, as pure functions over diagnostics.
import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../../compiler/diagnostics/diagnostic.js';
import { formatGithub } from '../../../compiler/diagnostics/format-github.js';
import { formatHuman } from '../../../compiler/diagnostics/format-human.js';
import { formatJson } from '../../../compiler/diagnostics/format-json.js';
import { sortDiagnostics, uniqueDiagnostics } from '../../../compiler/diagnostics/sort.js';

const SOURCE = ['connectors:', '  - name: A', '    url: http://api.example.com', '    method: GET', '\tx: tabbed'].join('\n');
const error: Diagnostic = {
  code: 'url-not-https',
  severity: 'error',
  message: 'the url must use https://, not http://',
  file: 'registry/a.yaml',
  line: 3,
  col: 10,
  hint: 'use https://',
};
const warning: Diagnostic = { code: 'unused-step', severity: 'warning', message: 'step unused', file: 'registry/a.yaml', line: 5, col: 2 };
const plain = { source: (file: string) => (file === 'registry/a.yaml' ? SOURCE : undefined), color: false };

describe('human format', () => {
  it('a headline with file:line:col, a code frame with a caret under the column, the hint, a summary', () => {
    const text = formatHuman([error], { ...plain, connectorCount: 1 });
    expect(text).toBe(
      [
        'registry/a.yaml:3:10: error: the url must use https://, not http:// [url-not-https]',
        '  2 |   - name: A',
        '> 3 |     url: http://api.example.com',
        '    |          ^',
        '  4 |     method: GET',
        '  hint: use https://',
        '',
        '✖ 1 error, 0 warnings in 1 connector',
        '',
      ].join('\n'),
    );
  });

  it('expands tabs in the frame and keeps the caret aligned', () => {
    const lines = formatHuman([warning], plain).split('\n');
    expect(lines[0]).toBe('registry/a.yaml:5:2: warning: step unused [unused-step]');
    const codeLine = lines.find((l) => l.startsWith('> 5 |'))!;
    const caretLine = lines[lines.indexOf(codeLine) + 1]!;
    expect(codeLine).toBe('> 5 |     x: tabbed');
    expect(caretLine.indexOf('^')).toBe(codeLine.indexOf('x'));
    expect(lines.at(-2)).toBe('⚠ 0 errors, 1 warning');
  });

  it('shows a window of very long lines around the column', () => {
    const long = `    response_body: "${'x'.repeat(300)}{{ bad }}${'y'.repeat(300)}"`;
    const col = long.indexOf('{{ bad') + 1;
    const text = formatHuman([{ ...error, line: 1, col }], { source: () => long, color: false });
    const lines = text.split('\n');
    const codeLine = lines[1]!;
    expect(codeLine.length).toBeLessThan(130);
    expect(codeLine).toContain('{{ bad }}');
    expect(lines[2]!.indexOf('^')).toBe(codeLine.indexOf('{{ bad'));
  });

  it('leaves out the frame when the source is not available', () => {
    const text = formatHuman([{ ...error, file: 'gone.yaml' }], plain);
    expect(text.split('\n').slice(0, 2)).toEqual(['gone.yaml:3:10: error: the url must use https://, not http:// [url-not-https]', '  hint: use https://']);
  });

  it('says so when there is nothing to report', () => {
    expect(formatHuman([], { ...plain, connectorCount: 6 })).toBe('✔ no problems in 6 connectors\n');
  });

  it('colours only when asked', () => {
    expect(formatHuman([error], plain)).not.toContain('\x1b[');
    const coloured = formatHuman([error], { ...plain, color: true });
    expect(coloured).toContain('\x1b[31merror\x1b[0m');
    expect(coloured.replace(/\x1b\[\d+m/g, '')).toBe(formatHuman([error], plain));
  });
});

describe('json format', () => {
  it('is the diagnostics array as it is', () => {
    const text = formatJson([error, warning]);
    expect(JSON.parse(text)).toEqual([error, warning]);
    expect(formatJson([])).toBe('[]\n');
  });
});

describe('github format', () => {
  it('one workflow command per diagnostic', () => {
    expect(formatGithub([warning])).toBe('::warning file=registry/a.yaml,line=5,col=2,title=unused-step::step unused\n');
  });

  it('escapes data and properties, and carries the hint on a second line', () => {
    const odd: Diagnostic = { ...error, file: 'a,b:c.yaml', message: '100% wrong\r\nreally', endLine: 4, endCol: 2 };
    expect(formatGithub([odd])).toBe(
      '::error file=a%2Cb%3Ac.yaml,line=3,col=10,endLine=4,endColumn=2,title=url-not-https::100%25 wrong%0D%0Areally%0Ahint: use https://\n',
    );
    expect(formatGithub([])).toBe('');
  });
});

describe('sortDiagnostics', () => {
  it('orders by file, line, column and keeps the pipeline order for ties', () => {
    const d = (file: string, line: number, col: number, code: string): Diagnostic => ({ code, severity: 'error', message: '', file, line, col });
    const sorted = sortDiagnostics([d('b.yaml', 1, 1, 'x'), d('a.yaml', 2, 5, 'y'), d('a.yaml', 2, 1, 'z'), d('a.yaml', 2, 1, 'w'), d('a.yaml', 10, 1, 'v')]);
    expect(sorted.map((s) => s.code)).toEqual(['z', 'w', 'y', 'v', 'x']);
  });
});

describe('uniqueDiagnostics', () => {
  it('drops exact repeats (an aliased YAML node found twice) and keeps distinct findings at one spot', () => {
    const base: Diagnostic = { code: 'missing-secret', severity: 'error', message: "secret 'a'", file: 'a.yaml', line: 3, col: 4 };
    const result = uniqueDiagnostics([base, { ...base }, { ...base, message: "secret 'b'" }, { ...base, col: 5 }]);
    expect(result.map((d) => [d.message, d.col])).toEqual([
      ["secret 'a'", 4],
      ["secret 'b'", 4],
      ["secret 'a'", 5],
    ]);
  });
});
