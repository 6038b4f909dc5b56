// What the executor needs from the widget's request: decided by the server (or by `conduit run`),
// so the executor never sees node:http objects.
import type { UserContext } from '../user/user-context.js';

export interface CallerRequest {
  /** The caller's payload (empty when none was sent). */
  readonly body: Buffer;
  /** The caller's Content-Type header, if any: the only caller header templates may read. */
  readonly contentType: string | null;
  /** The caller's query parameters, in order (a key may repeat). */
  readonly query: readonly (readonly [string, string])[];
  /**
   * The caller's headers by lower-cased name (node:http's shape). Read only for overridable
   * header entries of regular connectors; never exposed to templates.
   */
  readonly headers: Readonly<Record<string, string | readonly string[] | undefined>>;
  /** Validated path parameters (regular connectors). */
  readonly pathParams: ReadonlyMap<string, string>;
  readonly user: UserContext;
}
