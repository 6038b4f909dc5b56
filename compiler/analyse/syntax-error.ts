// Turns a parse failure into a diagnostic-ready problem: a message in template terms (not parser
// internals), the exact offset, and the code. Jinja2 tags Conduit does not support (loading other
// templates, optional extensions) are reported as unsupported rather than as typos; text that ends inside something is placed at what is open.
import type { TemplateSyntaxError } from '../template/parse.js';
import { endTagOf, scanTags, type TagScan } from './tag-scanner.js';
import type { TemplateText } from './template-text.js';

export interface TemplateProblem {
  readonly code: string;
  readonly offset: number;
  readonly message: string;
  readonly hint?: string;
}

/**
 * Jinja2 tags Conduit does not support: the ones that load other templates (a connector template
 * is a single template) and those of Jinja2's optional extensions (not on by default either).
 */
const UNSUPPORTED_JINJA_TAGS: ReadonlySet<string> = new Set([
  'do', 'break', 'continue', 'trans', 'endtrans', 'pluralize', 'extends', 'include', 'import', 'from',
]);
const LOADING_TAGS: ReadonlySet<string> = new Set(['extends', 'include', 'import', 'from']);

const STEP_HYPHEN = /steps\.([A-Za-z0-9_]+(?:-[A-Za-z0-9_]+)+)/g;

export function describeSyntaxError(error: TemplateSyntaxError, text: TemplateText): TemplateProblem {
  const raw = error.message;
  // A parser may report (0, 0) when it has no position (end of file, lexer errors).
  const placed = error.line !== 0 || error.col !== 0;
  const offset = text.offsetOf(error.line, error.col);

  const hyphen = stepHyphenNear(text.text, placed ? offset : -1);
  if (hyphen !== null) return hyphen;

  const unknownTag = /^(?:Encountered unknown tag|unknown block tag:) '?([A-Za-z_][A-Za-z0-9_]*)/.exec(raw);
  if (unknownTag !== null) return describeUnknownTag(unknownTag[1]!, offset, text);

  const unsupported = /^the '([A-Za-z_]+)' tag is not supported/.exec(raw);
  if (unsupported !== null) return unsupportedTag(unsupported[1]!, offset);

  if (/^unexpected char "['"]"$/.test(raw)) {
    return { code: 'template-syntax', offset, message: 'unterminated string literal' };
  }
  if (!placed || END_OF_TEXT.test(raw)) {
    const problem = placeAtOpenTag(text);
    if (problem !== null) return problem;
  }
  return { code: 'template-syntax', offset: placed ? offset : text.text.length, message: cleanMessage(raw) };
}

/** Messages about text that ends inside a tag, comment, string or block: placed at what is open. */
const END_OF_TEXT = /end of (template|file)|^Missing end of (comment tag|raw directive)|^expected end of comment/i;

/** `steps.get-2fa.body` does not even parse (`2fa` lexes as a number then a name): still say what is wrong. */
function stepHyphenNear(text: string, offset: number): TemplateProblem | null {
  if (offset < 0) return null;
  for (const m of text.matchAll(STEP_HYPHEN)) {
    const end = m.index + m[0].length;
    if (offset >= m.index && offset <= end + 2) {
      const name = m[1]!;
      return {
        code: 'template-step-hyphen',
        offset: m.index + 'steps.'.length,
        message: `'steps.${name}' is not a step reference: a '-' in a name reads as subtraction`,
        hint: `write steps['${name}']`,
      };
    }
  }
  return null;
}

function unsupportedTag(name: string, offset: number): TemplateProblem {
  return {
    code: 'template-unsupported-tag',
    offset,
    message: `{% ${name} %} is not supported in Conduit templates`,
    ...(LOADING_TAGS.has(name)
      ? { hint: 'a connector template is a single template: it cannot include, import or extend another one (define macros in the template itself)' }
      : {}),
  };
}

function describeUnknownTag(name: string, offset: number, text: TemplateText): TemplateProblem {
  if (UNSUPPORTED_JINJA_TAGS.has(name)) return unsupportedTag(name, offset);
  if (name === 'elseif') return { code: 'template-syntax', offset, message: "'elseif' is not Jinja2: use {% elif %}" };
  if (name === 'else' || name === 'elif' || name.startsWith('end')) {
    const opener = text.text.lastIndexOf('{%', offset);
    const open = scanTags(text.text).openBlocksBefore(opener);
    const innermost = open[open.length - 1];
    const message =
      innermost === undefined
        ? `{% ${name} %} has no matching opening tag`
        : `{% ${name} %} does not match the open {% ${innermost.name} %}`;
    const expected = innermost === undefined ? undefined : endTagOf(innermost.name);
    return {
      code: 'template-syntax',
      offset,
      message,
      ...(expected === undefined ? {} : { hint: `close {% ${innermost!.name} %} with {% ${expected} %} first` }),
    };
  }
  return { code: 'template-syntax', offset, message: `unknown tag '${name}'` };
}

/** The tag, comment, string or block left open at the end of the text, or null when none is. */
function placeAtOpenTag(text: TemplateText): TemplateProblem | null {
  const scan: TagScan = scanTags(text.text);
  const end = scan.end;
  if (end.kind === 'unterminated-string') {
    return { code: 'template-syntax', offset: end.offset, message: 'unterminated string literal' };
  }
  if (end.kind === 'unclosed-tag') {
    const closer = end.opener === '{{' ? '}}' : end.opener === '{%' ? '%}' : '#}';
    return { code: 'template-syntax', offset: end.offset, message: `'${end.opener}' is not closed: expected '${closer}'` };
  }
  const innermost = scan.openBlocks[scan.openBlocks.length - 1];
  if (innermost !== undefined) {
    const expected = endTagOf(innermost.name) ?? `end${innermost.name}`;
    return {
      code: 'template-syntax',
      offset: innermost.offset,
      message: `{% ${innermost.name} %} is not closed: expected {% ${expected} %}`,
    };
  }
  return null;
}

/** Parser messages in template terms: tag delimiters instead of token names, no parser internals. */
export function cleanMessage(raw: string): string {
  return raw
    .replace(/^Template render error:\s*/, '')
    .replace(/^\(unknown path\)\s*/, '')
    .replace(/^(parse[A-Za-z]*|advanceAfterBlockEnd):\s*/, '')
    .replace(/\bvariable[ _-]end\b/g, "'}}'")
    .replace(/\bblock[ _-]end\b/g, "'%}'");
}
