// A template the compiler refuses (it parsed, but is unsafe or uses an unknown filter/test or an
// unsupported construct). `conduit check` reports these through the analysis; compileTemplate
// throws this as a last line of defence, and `conduit render` prints it as an error line.

export type TemplateCompileErrorCode =
  | 'template-unsafe-member'
  | 'template-unsafe-name'
  | 'template-unknown-filter'
  | 'template-unknown-test'
  | 'template-unsupported';

export class TemplateCompileError extends Error {
  override readonly name = 'TemplateCompileError';
  constructor(
    readonly code: TemplateCompileErrorCode,
    message: string,
    /** 0-based position inside the template text. */
    readonly line: number,
    readonly col: number,
  ) {
    super(message);
  }
}
