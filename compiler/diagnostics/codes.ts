// The catalogue of every diagnostic code `conduit check` can report: one stable name, its
// severity and a one-line description. Codes are part of the public contract (CI filters and
// editor integrations match on them), so a code is never renamed, only added.
import type { Severity } from './diagnostic.js';

export interface CodeInfo {
  readonly severity: Severity;
  readonly description: string;
}

export const DIAGNOSTIC_CODES = {
  // Loading
  'registry-not-found': { severity: 'error', description: 'The registry folder does not exist or is not a folder.' },
  'registry-empty': { severity: 'error', description: 'The registry folder holds no .yaml, .yml or .json file.' },
  'registry-read-error': { severity: 'error', description: 'A registry file could not be read.' },
  'yaml-syntax': { severity: 'error', description: 'A registry file is not valid YAML (or JSON, for .json files).' },
  'yaml-duplicate-key': { severity: 'error', description: 'A mapping repeats a key (the later value would silently win).' },
  'yaml-warning': { severity: 'warning', description: 'The YAML parser warned about the file (for example an unknown tag).' },
  'registry-file-refused': {
    severity: 'error',
    description: 'A registry entry that is not read: a symbolic link leading out of the registry folder, a special file (device, FIFO, socket), or a file over the size limit.',
  },
  'registry-not-utf8': { severity: 'error', description: 'A registry file is not valid UTF-8 (the position of the first bad byte is given).' },
  'yaml-undefined-alias': { severity: 'error', description: 'A YAML alias (*name) names no anchor (&name) set before it.' },
  'yaml-alias-expansion': { severity: 'error', description: 'YAML aliases expand to more data than any registry needs (a "billion laughs" file).' },
  'registry-too-deep': { severity: 'error', description: 'Lists and mappings nested deeper than any registry needs.' },

  // Schema (SPEC §1, §4)
  'schema-unknown-field': {
    severity: 'warning',
    description: 'A field that this kind of definition does not have (usually a typo): ignored, as the reference platform does; `--strict` makes it an error.',
  },
  'schema-missing-field': { severity: 'error', description: 'A required field is absent.' },
  'schema-type': { severity: 'error', description: 'A value has the wrong type (for example a number where a string is expected).' },
  'schema-enum': { severity: 'error', description: 'A value is not one of the allowed choices (method, in, client_auth, ...).' },
  'schema-empty-value': { severity: 'error', description: 'A value that must not be empty is empty (name, header or parameter key).' },
  'schema-bad-slug': { severity: 'error', description: 'A permalink or step name is not a slug: lower-case letters and digits in hyphen-separated runs.' },
  'schema-bad-header-name': { severity: 'error', description: 'A header key is not a valid HTTP header name.' },
  'schema-invalid-id': { severity: 'error', description: 'A connector id is not a non-negative integer.' },
  'schema-empty-steps': { severity: 'error', description: 'A composite connector has no steps.' },
  'schema-duplicate-step': { severity: 'error', description: 'Two steps of one composite connector have the same name.' },
  'schema-too-long': {
    severity: 'error',
    description: 'A value is longer than its limit, counted in characters of the source text: name and permalink 255, url 2048, header/query key 255 and value 1000, response_content_type 255.',
  },
  'registry-file-no-connectors': { severity: 'error', description: 'A registry file holds neither a `connectors` nor a `composite_connectors` list.' },
  'duplicate-header': { severity: 'error', description: 'Two header rows of one connector or step have the same key (header names are case-insensitive).' },
  'duplicate-query-parameter': { severity: 'error', description: 'Two query parameter rows of one connector or step have the same key.' },
  'duplicate-path-parameter': { severity: 'error', description: 'Two path_parameters rows of one connector have the same key.' },
  'path-parameters-on-step': { severity: 'error', description: 'A composite step declares path_parameters: path parameters exist only on regular connectors.' },
  'path-parameter-undeclared': { severity: 'error', description: 'The URL reads pathParams.NAME but the connector has no path_parameters row with that key.' },
  'permalink-underivable': { severity: 'error', description: 'No permalink can be derived from the name (it has no letters or digits); set one.' },
  'duplicate-name': { severity: 'error', description: 'Two connectors of one kind (regular, composite) have the same name.' },
  'duplicate-permalink': { severity: 'error', description: 'Two connectors of one kind (regular, composite) have the same permalink (given or derived from the name).' },
  'duplicate-id': { severity: 'error', description: 'Two connectors of one kind (regular, composite) have the same numeric id.' },
  'auth-unknown-type': { severity: 'error', description: 'authentication.type is not none, api_key (or its alias apikey), oauth_client_credentials, jwt or oauth_jwt_bearer.' },
  'auth-apikey-alias': { severity: 'warning', description: "authentication type 'apikey', the older name of 'api_key' (accepted forever)." },
  'auth-invalid-algorithm': { severity: 'error', description: 'A literal JWT algorithm is not one of HS/RS/PS 256/384/512, ES256/384/512 or EdDSA.' },
  'auth-invalid-expires-in': { severity: 'error', description: 'token_ttl is not a positive integer number of seconds.' },
  'auth-bad-signing-key': {
    severity: 'error',
    description: 'A literal JWT signing key (authentication key or a jwt_encode() argument) that cannot sign with its literal algorithm: malformed PEM, a public key, the wrong key type or curve, an empty or PEM HMAC secret.',
  },

  // URL rules (SPEC §1 "URL rules")
  'url-not-https': { severity: 'error', description: 'The URL does not start with https:// (http:// needs --allow-insecure-upstreams).' },
  'url-templated-scheme': { severity: 'error', description: 'The URL scheme comes from a template; https:// must be written literally.' },
  'url-forbidden-host': { severity: 'error', description: 'The literal host is localhost, a loopback, private, link-local, CGNAT, reserved, multicast or metadata address.' },
  'url-unparseable': { severity: 'error', description: 'The literal part of the URL is not a valid URL.' },
  'url-host-expression': {
    severity: 'error',
    description: "A template in the host that is not get_variable('<name>') (optionally | default('<text>') or | default('<text>', true)) as the whole origin, the whole host or one host label.",
  },
  'url-host-comment': { severity: 'error', description: 'A template comment {# #} inside the host of a URL.' },
  'url-userinfo': { severity: 'error', description: 'The URL carries user:password@ before the host; send credentials through authentication or headers.' },
  'url-invalid-character': { severity: 'error', description: 'Literal URL text holds a character that must be percent-encoded (a space, a quote, <, >, {, }, |, \\, ^, `, a control character, or a % not followed by two hex digits).' },

  // Connector-level findings from the template analysis facts
  'overridable-identity': { severity: 'warning', description: 'An overridable header or query parameter carries user identity, which a caller could then replace.' },
  'unused-step': { severity: 'warning', description: 'A step that is not the last one and that no later template references.' },
  'path-parameter-unused': { severity: 'error', description: 'A path_parameters row whose key the URL never reads as {{ pathParams.NAME }}.' },
  'jwt-missing-exp': { severity: 'warning', description: 'A `jwt` authentication whose claims have no `exp`: the token never expires (nothing is added to the claims).' },
  'anonymous-user-in-url': {
    severity: 'warning',
    description: 'The URL reads user.* but no header or query template does, so anonymous callers reach the connector and the URL gets None.',
  },

  // Step execution (issue 17: `execution: parallel`, `when:`)
  'step-when-last': { severity: 'error', description: "The last step of a composite has when: (the widget always receives the last step's response)." },
  'step-when-not-expression': { severity: 'error', description: 'when: is empty, or holds template text or statements instead of one Jinja2 expression.' },
  'parallel-side-effects': {
    severity: 'warning',
    description: 'Under execution: parallel, a step with a method other than GET/HEAD may run at the same time as another step (no template orders them).',
  },

  // Templates (compiler/analyse/, SPEC §2-3), reported at the exact spot inside the template
  'template-syntax': { severity: 'error', description: 'The template is not valid Jinja2 syntax.' },
  'template-unsupported-tag': { severity: 'error', description: 'A Jinja2 tag Conduit does not support (e.g. include, extends, import).' },
  'template-unknown-variable': { severity: 'error', description: 'A variable that is neither defined in the template nor known in this slot.' },
  'template-slot-not-allowed': { severity: 'error', description: 'A variable or function that exists but is not available in this slot (e.g. get_secret() in a request_body).' },
  'template-unknown-member': { severity: 'error', description: 'A member that a known object (user, request, response, a step) does not have.' },
  'template-unknown-function': { severity: 'error', description: 'A call of a function that does not exist.' },
  'template-function-not-called': { severity: 'error', description: 'A function (get_secret, now, ...) used as a value instead of being called.' },
  'template-bad-arguments': { severity: 'error', description: 'A call with the wrong number or kind of arguments.' },
  'template-bad-secret-name': { severity: 'error', description: "get_secret()'s argument is not a literal identifier ([A-Za-z_][A-Za-z0-9_]*)." },
  'template-bad-variable-name': { severity: 'error', description: "get_variable()'s argument is not a literal name." },
  'template-unknown-filter': { severity: 'error', description: 'A filter that neither Jinja2 nor Conduit provides.' },
  'template-unknown-test': { severity: 'error', description: 'An `is` test that Jinja2 does not provide.' },
  'template-unsafe-member': { severity: 'error', description: 'Member access to an unsafe name (constructor, __proto__, __class__, mro, __globals__, ...).' },
  'template-step-unknown': { severity: 'error', description: 'steps.NAME names no step of this connector.' },
  'template-step-forward-reference': { severity: 'error', description: 'steps.NAME names a later step, whose result does not exist yet.' },
  'template-step-self-reference': { severity: 'error', description: "steps.NAME names the step itself (its own response is response.* in response_body)." },
  'template-step-hyphen': { severity: 'error', description: "steps.fetch-user parses as a subtraction; write steps['fetch-user']." },
  'template-step-dynamic': { severity: 'error', description: 'A step named by a computed expression, which cannot be checked against the step order.' },
  'template-path-param-dynamic': { severity: 'error', description: 'A path parameter named by a computed expression instead of pathParams.NAME.' },
  'template-json-unescaped': { severity: 'warning', description: 'A value interpolated inside a JSON string literal of a request_body without a JSON-escaping filter.' },

  // Secrets (`check --secrets FILE`)
  'missing-secret': { severity: 'error', description: 'A get_secret() name that the secrets file lacks (in default or in every tenant).' },
} as const satisfies Record<string, CodeInfo>;

export type OwnDiagnosticCode = keyof typeof DIAGNOSTIC_CODES;

/** The catalogue entry of a code, or undefined for codes this catalogue does not list. */
export function codeInfo(code: string): CodeInfo | undefined {
  return (DIAGNOSTIC_CODES as Record<string, CodeInfo>)[code];
}
