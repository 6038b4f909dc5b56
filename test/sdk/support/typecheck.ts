// Type-checks widget sources the way a widget author's build would (browser libs, strict), so the
// tests can assert that a misspelt permalink is a compile error.
import path from 'node:path';
import ts from 'typescript';

export interface TypeError {
  readonly file: string;
  /** 1-based. */
  readonly line: number;
  readonly code: number;
  readonly message: string;
}

const WIDGET_OPTIONS: ts.CompilerOptions = {
  target: ts.ScriptTarget.ES2020,
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'],
  types: [],
  strict: true,
  noEmit: true,
  // The DOM lib is large; checking it again for every test adds nothing.
  skipLibCheck: true,
};

/** Every error tsc reports for the program rooted at `files`. */
export function typeErrors(files: readonly string[]): TypeError[] {
  const program = ts.createProgram(files, WIDGET_OPTIONS);
  return ts
    .getPreEmitDiagnostics(program)
    .filter((d) => d.category === ts.DiagnosticCategory.Error)
    .map((d) => {
      const position = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start) : { line: -1 };
      return {
        file: d.file ? path.basename(d.file.fileName) : '',
        line: position.line + 1,
        code: d.code,
        message: ts.flattenDiagnosticMessageText(d.messageText, '\n'),
      };
    });
}
