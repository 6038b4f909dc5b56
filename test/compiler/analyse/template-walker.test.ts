// The walker on node shapes the parser may add later: unknown node types are walked through
// every field that holds nodes, and the tags Conduit refuses are reported wherever they appear.
import nunjucks from 'nunjucks';
import { describe, expect, it } from 'vitest';
import { AnalysisContext } from '../../../compiler/analyse/analysis-context.js';
import { TemplateWalker } from '../../../compiler/analyse/template-walker.js';
import type { TemplateNode } from '../../../compiler/template/parse.js';
import { siteOf } from './template-site.js';

type NodeClass = new (line: number, col: number, ...fields: unknown[]) => TemplateNode;
interface Extendable extends NodeClass {
  extend(name: string, props?: { fields: string[] }): NodeClass;
}
const nodes = (nunjucks as unknown as { nodes: Record<string, Extendable> }).nodes;
const node = (name: string): Extendable => nodes[name]!;

function walk(text: string, root: TemplateNode): string[] {
  const ctx = new AnalysisContext(siteOf(text));
  new TemplateWalker(ctx).walk(root);
  return ctx.diagnostics.map((d) => `${d.code}@${d.line}:${d.col}`);
}

describe('TemplateWalker', () => {
  it('walks the fields of node types it does not know', () => {
    const Future = node('Node').extend('FutureExpr', { fields: ['first', 'rest'] });
    const text = '{{ future(usr, [x]) }}';
    const root = new (node('Root'))(0, 0, [
      new (node('Output'))(0, 0, [
        new Future(0, 3, new (node('Symbol'))(0, 10, 'usr'), [new (node('Array'))(0, 15, [new (node('Symbol'))(0, 16, 'x')])]),
      ]),
    ]);
    expect(walk(text, root)).toEqual(['template-unknown-variable@1:11', 'template-unknown-variable@1:17']);
  });

  it.each(['Macro', 'Include', 'Import', 'FromImport', 'Extends', 'Block', 'Caller', 'Switch', 'AsyncEach'])(
    'reports a %s node as unsupported and does not walk into it',
    (typename) => {
      const root = new (node('Root'))(0, 0, [new (node(typename))(0, 3)]);
      expect(walk('{% x %}', root)).toEqual(['template-unsupported-tag@1:4']);
    },
  );
});
