// Turns a nunjucks parse failure into a diagnostic-ready problem: a message in template terms
// (not parser internals), the exact offset, and the code. Jinja2 tags nunjucks cannot parse are
// reported as unsupported rather than as typos.
import type { TemplateSyntaxError } from '../template/parse.js';
import { endTagOf, scanTags, type TagScan } from './tag-scanner.js';
import type { TemplateText } from './template-text.js';

export interface TemplateProblem {
  readonly code: string;
  readonly offset: number;
  readonly message: string;
  readonly hint?: string;
}

/** Jinja2 tags Conduit does not support (nunjucks has no parser for them either). */
const UNSUPPORTED_JINJA_TAGS: ReadonlySet<string> = new Set([
  'with', 'endwith', 'autoescape', 'endautoescape', 'do', 'break', 'continue', 'trans', 'endtrans', 'pluralize',
]);

const TOKEN_NAMES: ReadonlyMap<string, string> = new Map([
  ['variable-end', "'}}'"],
  ['variable-start', "'{{'"],
  ['block-end', "'%}'"],
  ['block-start', "'{%'"],
  ['left-paren', "'('"],
  ['right-paren', "')'"],
  ['left-bracket', "'['"],
  ['right-bracket', "']'"],
  ['left-curly', "'{'"],
  ['right-curly', "'}'"],
  ['comma', "','"],
  ['colon', "':'"],
  ['pipe', "'|'"],
  ['tilde', "'~'"],
  ['symbol', 'a name'],
  ['string', 'a string'],
  ['int', 'a number'],
  ['float', 'a number'],
]);

const STEP_HYPHEN = /steps\.([A-Za-z0-9_]+(?:-[A-Za-z0-9_]+)+)/g;

export function describeSyntaxError(error: TemplateSyntaxError, text: TemplateText): TemplateProblem {
  const raw = error.message;
  // parseTemplate reports (0, 0) when nunjucks gave no position (end of file, lexer errors).
  const placed = error.line !== 0 || error.col !== 0;
  const offset = placed ? text.offsetOf(error.line, error.col) : -1;

  const hyphen = stepHyphenNear(text.text, offset);
  if (hyphen !== null) return hyphen;

  const unknownTag = /^unknown block tag: (\S+)/.exec(raw);
  if (unknownTag !== null) return describeUnknownTag(unknownTag[1]!, offset, text);

  if (!placed) return placeUnplacedError(raw, text);
  return { code: 'template-syntax', offset, message: cleanMessage(raw) };
}

/** `steps.step-2.body` does not even parse (`2.` lexes as a float): still say what is wrong. */
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

function describeUnknownTag(name: string, offset: number, text: TemplateText): TemplateProblem {
  if (UNSUPPORTED_JINJA_TAGS.has(name)) {
    return {
      code: 'template-unsupported-tag',
      offset,
      message: `{% ${name} %} is not supported in Conduit templates`,
    };
  }
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

function placeUnplacedError(raw: string, text: TemplateText): TemplateProblem {
  const scan: TagScan = scanTags(text.text);
  if (/unexpected end of comment/.test(raw) && scan.strayCommentEnd !== null) {
    return { code: 'template-syntax', offset: scan.strayCommentEnd, message: "'#}' without an opening '{#'" };
  }
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
  return { code: 'template-syntax', offset: text.text.length, message: cleanMessage(raw) };
}

/** nunjucks messages name parser functions and token types; say it in template terms. */
export function cleanMessage(raw: string): string {
  let message = raw.replace(/^Template render error:\s*/, '').replace(/^\(unknown path\)\s*/, '');
  message = message.replace(/^(parse[A-Za-z]*|advanceAfterBlockEnd):\s*/, '');
  if (message === 'expected variable end') return "expected '}}'";
  const unexpected = /^unexpected token: (.*)$/.exec(message);
  if (unexpected !== null) return `unexpected '${unexpected[1]}'`;
  message = message.replace(/\b(got|expected) ([a-z]+(?:-[a-z]+)?)\b/g, (whole, verb: string, token: string) => {
    const name = TOKEN_NAMES.get(token);
    return name === undefined ? whole : `${verb} ${name}`;
  });
  return message.replace(/^expected block end in (\S+) statement$/, "expected '%}' to end the $1 tag");
}
