// Writes code nodes as TypeScript with ts-morph's CodeBlockWriter: declared values by name,
// everything else inline. Records what the written code needs (the `rt` helpers, runtime types,
// names from the shared module) so the module's imports list exactly that.
import { CodeBlockWriter } from 'ts-morph';
import { commentText, stringLiteral } from './code-literal.js';
import { isDeclarable, type CodeNode, type CompositeNode, type TemplateNode } from './code-value.js';
import type { Declaration, Home, SharingPlan } from './value-sharing.js';

/** Arrays of short items are written on one line up to this width. */
const INLINE_ARRAY_WIDTH = 100;

export function newWriter(): CodeBlockWriter {
  return new CodeBlockWriter({ indentNumberOfSpaces: 2, useSingleQuote: true, newLine: '\n' });
}

export class ModuleWriter {
  readonly w = newWriter();
  /** Set when some written template needs the helper namespace. */
  usesHelpers = false;
  readonly runtimeTypes = new Set<string>();
  /** Names this module reads from the shared module. */
  readonly sharedNames = new Set<string>();

  constructor(
    private readonly plan: SharingPlan,
    /** The module being written: a root's index, or 'shared'. */
    private readonly home: Home,
  ) {}

  /** `export const NAME: TYPE = VALUE;` (or a module-local const), with the template text as a comment when it is one. */
  declare(declaration: Declaration): void {
    const { node, name } = declaration;
    this.useType(node.type);
    if (node.kind === 'template') this.w.writeLine(`/** ${commentText(oneLine(node.source))} */`);
    this.w.write(`${this.home === 'shared' ? 'export ' : ''}const ${name}: ${node.type} = `);
    this.inline(node);
    this.w.write(';').newLine();
  }

  value(node: CodeNode): void {
    if (isDeclarable(node)) {
      const declared = this.plan.declared.get(node);
      if (declared !== undefined) {
        if (declared.home === 'shared' && this.home !== 'shared') this.sharedNames.add(declared.name);
        this.w.write(declared.name);
        return;
      }
    }
    this.inline(node);
  }

  useType(type: string): void {
    for (const name of type.match(/\b(?:Compiled[A-Za-z]*|TemplateFunction)\b/g) ?? []) this.runtimeTypes.add(name);
  }

  private inline(node: CodeNode): void {
    switch (node.kind) {
      case 'literal':
        this.w.write(node.code);
        return;
      case 'template':
        this.template(node);
        return;
      case 'shape':
        this.usesHelpers = true;
        this.w.write(node.code);
        return;
      case 'object':
        if (node.oneLine !== null) {
          this.w.write(node.oneLine);
          return;
        }
        this.w.write('{').newLine();
        this.w.indent(() => {
          for (const [key, value] of node.entries) {
            this.w.write(`${key}: `);
            this.value(value);
            this.w.write(',').newLine();
          }
        });
        this.w.write('}');
        return;
      case 'array': {
        if (node.oneLine !== null) {
          this.w.write(node.oneLine);
          return;
        }
        const short = this.shortArray(node);
        if (short !== null) {
          this.w.write(short);
          return;
        }
        this.w.write('[').newLine();
        this.w.indent(() => {
          for (const [, value] of node.entries) {
            this.value(value);
            this.w.write(',').newLine();
          }
        });
        this.w.write(']');
      }
    }
  }

  private template(node: TemplateNode): void {
    this.usesHelpers = true;
    this.w.write('{').newLine();
    this.w.indent(() => {
      this.w.writeLine(`source: ${stringLiteral(node.source)},`);
      this.w.writeLine(`usesSecret: ${node.usesSecret},`);
      this.w.write('render: ');
      const { render } = node;
      if (render.kind === 'code') this.w.write(render.code);
      else {
        this.value(render.shape);
        this.w.write(`([${render.strings.join(', ')}], [${render.numbers.join(', ')}])`);
      }
      this.w.write(',').newLine();
    });
    this.w.write('}');
  }

  /** `[a, b]` when every item is a literal or a declared name and the line stays short, else null. */
  private shortArray(node: CompositeNode): string | null {
    const parts: string[] = [];
    const shared: string[] = [];
    for (const [, value] of node.entries) {
      if (value.kind === 'literal') parts.push(value.code);
      else if ((value.kind === 'object' || value.kind === 'array') && value.oneLine !== null) parts.push(value.oneLine);
      else {
        const declared = this.plan.declared.get(value);
        if (declared === undefined) return null;
        parts.push(declared.name);
        if (declared.home === 'shared' && this.home !== 'shared') shared.push(declared.name);
      }
    }
    const text = `[${parts.join(', ')}]`;
    if (text.length > INLINE_ARRAY_WIDTH) return null;
    for (const name of shared) this.sharedNames.add(name);
    return text;
  }
}

function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 120 ? `${flat.slice(0, 117)}...` : flat;
}
