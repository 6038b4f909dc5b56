// Parses the text of one registry file with the yaml package (which reads JSON too), keeping
// source tokens and a LineCounter so every value can be traced back to file:line:col.
// Syntax errors become diagnostics; a file with errors yields no document to validate.
import { CST, LineCounter, Parser, parseDocument, type YAMLError } from 'yaml';
import { createDiagnostic } from '../diagnostics/create.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { documentBoundsProblem, MAX_ALIAS_EXPANSION_NODES, MAX_NESTING_DEPTH, type BoundsProblem } from './document-bounds.js';
import { parseJsonFast } from './parse-json-fast.js';
import type { RegistryFile } from './registry-file.js';

export interface ParsedFile {
  readonly file: RegistryFile | null;
  readonly diagnostics: readonly Diagnostic[];
}

export function parseRegistryFile(path: string, text: string): ParsedFile {
  try {
    return parseBounded(path, text);
  } catch (err) {
    // The parsers recurse per nesting level: a file nested thousands deep ends here, not in a crash.
    if (!(err instanceof RangeError)) throw err;
    return { file: null, diagnostics: [tooDeep(path, 1, 1)] };
  }
}

function tooDeep(file: string, line: number, col: number): Diagnostic {
  return createDiagnostic('registry-too-deep', { file, line, col }, `lists and mappings are nested more than ${MAX_NESTING_DEPTH} deep`, 'no registry needs this nesting: flatten the data');
}

function boundsDiagnostic(path: string, problem: BoundsProblem, lineCounter: LineCounter): Diagnostic {
  const { line, col } = lineCounter.linePos(problem.offset);
  const at = { file: path, line: Math.max(1, line), col: Math.max(1, col) };
  switch (problem.kind) {
    case 'undefined-alias':
      return createDiagnostic('yaml-undefined-alias', at, `the alias *${problem.name} names no anchor set before it`, `set &${problem.name} on a value above this line`);
    case 'recursive-alias':
      return createDiagnostic('yaml-undefined-alias', at, `the alias *${problem.name} sits inside the value it names (it would repeat forever)`);
    case 'expansion':
      return createDiagnostic(
        'yaml-alias-expansion',
        at,
        `the aliases of this file expand to more than ${MAX_ALIAS_EXPANSION_NODES} values`,
        'aliases of aliases multiply: write the data out, or reuse smaller anchors',
      );
    case 'too-deep':
      return tooDeep(path, at.line, at.col);
  }
}

function parseBounded(path: string, text: string): ParsedFile {
  const isJson = path.toLowerCase().endsWith('.json');
  if (isJson) {
    // Plain valid JSON takes the fast path; anything else goes to the yaml parser, which
    // reports exactly what is wrong and where.
    const fast = parseJsonFast(text);
    if (fast !== null) {
      const problem = documentBoundsProblem(fast.document);
      if (problem !== null) return { file: null, diagnostics: [boundsDiagnostic(path, problem, fast.lineCounter)] };
      return { file: { path, text, document: fast.document, lineCounter: fast.lineCounter, isJson }, diagnostics: [] };
    }
  }
  const lineCounter = new LineCounter();
  const document = withPlainEnv(() =>
    parseDocument(text, {
      lineCounter,
      keepSourceTokens: true,
      prettyErrors: false,
      uniqueKeys: true,
      // JSON files: plain words are not strings, only JSON spellings of null/true/false/numbers.
      schema: isJson ? 'json' : 'core',
    }),
  );
  const contentEnd = text.trimEnd().length;
  let opening: number | null | undefined;
  const at = (error: YAMLError) => {
    let offset = error.pos[0];
    // "Missing closing quote/bracket" errors are found at the end of the file; the place to fix
    // is where the quote or bracket was opened.
    if (offset >= contentEnd) {
      opening ??= unterminatedOpening(text);
      if (opening !== null) offset = opening;
    }
    const { line, col } = lineCounter.linePos(offset);
    return { file: path, line: Math.max(1, line), col: Math.max(1, col) };
  };
  const diagnostics: Diagnostic[] = [];
  for (const error of document.errors) {
    const duplicate = error.code === 'DUPLICATE_KEY';
    diagnostics.push(
      createDiagnostic(
        duplicate ? 'yaml-duplicate-key' : 'yaml-syntax',
        at(error),
        duplicate ? 'this mapping repeats a key' : `${isJson ? 'JSON' : 'YAML'} syntax error: ${firstLine(error.message)}`,
        duplicate ? 'each key may appear once per mapping; remove or rename one of them' : undefined,
      ),
    );
  }
  for (const warning of document.warnings) {
    diagnostics.push(createDiagnostic('yaml-warning', at(warning), firstLine(warning.message)));
  }
  if (document.errors.length > 0) return { file: null, diagnostics };
  const problem = documentBoundsProblem(document);
  if (problem !== null) return { file: null, diagnostics: [...diagnostics, boundsDiagnostic(path, problem, lineCounter)] };
  return { file: { path, text, document, lineCounter, isJson }, diagnostics };
}

/**
 * Runs `parse` with `process.env` replaced by a plain copy. The yaml parser reads
 * process.env.LOG_TOKENS once per token, and every process.env read crosses into C++: on a
 * 1,000-connector registry that was a third of the parse time. The parse is synchronous, so no
 * other code can observe the copy, and the real object is back before this function returns.
 */
function withPlainEnv<T>(parse: () => T): T {
  const env = process.env;
  process.env = { ...env };
  try {
    return parse();
  } finally {
    process.env = env;
  }
}

/** Offset of the first quoted scalar or flow collection that is never closed, or null. */
function unterminatedOpening(text: string): number | null {
  let first: number | null = null;
  const consider = (token: CST.Token | undefined) => {
    if (token === undefined) return;
    let open = false;
    if (token.type === 'double-quoted-scalar' || token.type === 'single-quoted-scalar') {
      const quote = token.type === 'double-quoted-scalar' ? '"' : "'";
      open = token.source.length < 2 || !token.source.endsWith(quote);
    } else if (token.type === 'flow-collection') {
      const close = token.start.source === '[' ? ']' : '}';
      open = !token.end.some((t) => t.source === close);
    }
    if (open && (first === null || token.offset < first)) first = token.offset;
  };
  for (const token of new Parser().parse(text)) {
    if (token.type !== 'document') continue;
    consider(token.value);
    CST.visit(token, (item) => {
      consider(item.key ?? undefined);
      consider(item.value);
    });
  }
  return first;
}

function firstLine(message: string): string {
  return message.split('\n')[0]!.trim();
}
