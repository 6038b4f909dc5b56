// Thrown synchronously, before any request, when the caller passes something the SDK cannot send.
// It signals a bug in widget code, so it is never a rejected promise the widget might swallow.

export class ConnectorBoundaryError extends Error {
  override readonly name = 'ConnectorBoundaryError';
  /** The offending option, as a path: 'permalink', 'pathParams.user_id', 'config.timeout'. */
  readonly field: string;

  constructor(field: string, message: string) {
    super(`${field}: ${message}`);
    this.field = field;
  }
}
