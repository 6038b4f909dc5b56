// Turns zod issues into Conduit diagnostics: a stable code per kind of problem, a message in the
// registry author's terms, and the file:line:col of the offending YAML node (the key node for an
// unknown field, the parent mapping for a missing one, the value otherwise).
import type { z } from 'zod';
import { createDiagnostic, type SourcePoint } from '../diagnostics/create.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { keyNodeAtPath, nearestNodeAtPath, nodeAtPath, type DataPath } from '../load/node-path.js';
import { pointOfNode, type RegistryFile } from '../load/registry-file.js';
import { AUTH_CONFIG_FIELDS, AUTH_TYPES, isAuthType, JWT_ALGORITHMS } from './auth-schema.js';
import { COMPOSITE_CONNECTOR_FIELDS, KEY_VALUE_FIELDS, PATH_PARAMETER_FIELDS, REGULAR_CONNECTOR_FIELDS, STEP_FIELDS } from './connector-schema.js';
import { closestMatch } from '../diagnostics/did-you-mean.js';
import { REGISTRY_FILE_FIELDS } from './registry-file-schema.js';
import { derivePermalink } from './slug.js';

/** The file being validated, with its plain data (the document as JS) for reading values by path. */
export interface ValidationSubject {
  readonly file: RegistryFile;
  readonly data: unknown;
}

export function valueAtPath(data: unknown, path: DataPath): unknown {
  let value = data;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

/** A path like [..., 'steps', 3]: a step of a composite connector. */
function isStepPath(path: DataPath): boolean {
  return typeof path[path.length - 1] === 'number' && path[path.length - 2] === 'steps';
}

/** An unknown-field issue that names `path_parameters` on a composite step: an error, not a warning. */
export function stepPathParameters(issue: z.core.$ZodIssue): boolean {
  return issue.code === 'unrecognized_keys' && issue.keys.includes('path_parameters') && isStepPath(issue.path as DataPath);
}

/** The fields an object at `path` may have, for "did you mean" (by the shape of the path). */
function knownFieldsAt(subject: ValidationSubject, path: DataPath): readonly string[] {
  const last = path[path.length - 1];
  const parent = path[path.length - 2];
  if (path.length === 0) return REGISTRY_FILE_FIELDS;
  if (typeof last === 'number') {
    if (parent === 'connectors') return REGULAR_CONNECTOR_FIELDS;
    if (parent === 'composite_connectors') return COMPOSITE_CONNECTOR_FIELDS;
    if (parent === 'steps') return STEP_FIELDS;
    if (parent === 'headers' || parent === 'query_parameters') return KEY_VALUE_FIELDS;
    if (parent === 'path_parameters') return PATH_PARAMETER_FIELDS;
  }
  if (last === 'authentication') return ['type', 'config'];
  if (last === 'config' && parent === 'authentication') {
    const type = valueAtPath(subject.data, [...path.slice(0, -1), 'type']);
    return isAuthType(type) ? AUTH_CONFIG_FIELDS[type] : [];
  }
  return [];
}

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  switch (typeof value) {
    case 'string':
      return `'${value.length > 40 ? `${value.slice(0, 40)}…` : value}'`;
    case 'number':
      return `the number ${value}`;
    case 'boolean':
      return `${value}`;
    case 'object':
      return 'a mapping';
    default:
      return 'nothing';
  }
}

const EXPECTED_TEXT: Readonly<Record<string, string>> = {
  string: 'a string',
  number: 'a number',
  int: 'an integer',
  boolean: 'true or false',
  object: 'a mapping',
  array: 'a list',
  record: 'a mapping',
};

function fieldName(path: DataPath): string {
  const named = [...path].reverse().find((k) => typeof k === 'string');
  return typeof named === 'string' ? named : 'value';
}

export function issuesToDiagnostics(subject: ValidationSubject, basePath: DataPath, issues: readonly z.core.$ZodIssue[]): Diagnostic[] {
  return issues.flatMap((issue) => issueToDiagnostics(subject, [...basePath, ...(issue.path as PropertyKey[])], issue));
}

function issueToDiagnostics(subject: ValidationSubject, path: DataPath, issue: z.core.$ZodIssue): Diagnostic[] {
  const { file } = subject;
  const doc = file.document;
  const valueNode = nodeAtPath(doc, path);
  const at: SourcePoint = pointOfNode(file, valueNode ?? keyNodeAtPath(doc, path) ?? nearestNodeAtPath(doc, path).node);
  const value = valueAtPath(subject.data, path);
  const field = fieldName(path);
  const last = path[path.length - 1];

  // Whatever zod expected of it, a field that is not there at all is a missing field.
  if (issue.code !== 'unrecognized_keys' && value === undefined && valueNode === undefined && typeof last === 'string') {
    const parent = nearestNodeAtPath(doc, path.slice(0, -1)).node;
    const hint = last === 'type' && path[path.length - 2] === 'authentication' ? `one of ${AUTH_TYPES.join(', ')}` : undefined;
    return [createDiagnostic('schema-missing-field', pointOfNode(file, parent), `missing required field '${last}'`, hint)];
  }
  switch (issue.code) {
    case 'unrecognized_keys': {
      const known = knownFieldsAt(subject, path);
      return issue.keys.map((key) => {
        const keyNode = keyNodeAtPath(doc, [...path, key]);
        const keyAt = pointOfNode(file, keyNode ?? valueNode);
        if (isStepPath(path) && key === 'path_parameters') {
          return createDiagnostic(
            'path-parameters-on-step',
            keyAt,
            'composite steps cannot have path_parameters: path parameters exist only on regular connectors',
            'pass the value in the payload or the query and read it as request.body_text or request.query_parameters.NAME',
          );
        }
        const suggestion = closestMatch(key, known);
        const hint =
          suggestion !== null
            ? `did you mean '${suggestion}'?`
            : key === 'method' && path.length === 2 && path[0] === 'composite_connectors'
              ? 'a composite connector is always called with POST; each step has its own method'
              : known.length > 0
                ? `known fields here: ${known.join(', ')}`
                : undefined;
        return createDiagnostic('schema-unknown-field', keyAt, `unknown field '${key}' (ignored)`, hint);
      });
    }
    case 'invalid_type': {
      if (last === 'id') return [invalidId(at, value)];
      if (last === 'token_ttl') return [invalidExpiresIn(at, value)];
      const expected = EXPECTED_TEXT[issue.expected] ?? issue.expected;
      const hint =
        issue.expected === 'string' && (typeof value === 'number' || typeof value === 'boolean')
          ? `quote it to make it a string: '${String(value)}'`
          : undefined;
      return [createDiagnostic('schema-type', at, `'${field}' must be ${expected}, not ${describeValue(value)}`, hint)];
    }
    case 'invalid_value': {
      const allowed = issue.values.map(String);
      const suggestion = typeof value === 'string' ? closestMatch(value, allowed) : null;
      return [
        createDiagnostic(
          'schema-enum',
          at,
          `'${field}' must be one of ${allowed.join(', ')}, not ${describeValue(value)}`,
          suggestion !== null ? `did you mean '${suggestion}'?` : undefined,
        ),
      ];
    }
    case 'invalid_union': {
      // A discriminated union names its discriminator when no option's `type` matched.
      if (issue.discriminator === 'type') {
        const suggestion = typeof value === 'string' ? closestMatch(value, AUTH_TYPES) : null;
        return [
          createDiagnostic(
            'auth-unknown-type',
            at,
            `unknown authentication type ${describeValue(value)}`,
            suggestion !== null ? `did you mean '${suggestion}'? (types: ${AUTH_TYPES.join(', ')})` : `types: ${AUTH_TYPES.join(', ')}`,
          ),
        ];
      }
      return [createDiagnostic('schema-type', at, `'${field}' must be a JSON value (string, number, true/false, null, list or mapping), not ${describeValue(value)}`)];
    }
    case 'invalid_format': {
      const text = typeof value === 'string' ? value : '';
      if (path[path.length - 3] === 'headers' && last === 'key') {
        return [createDiagnostic('schema-bad-header-name', at, `'${text}' is not a valid header name`, 'header names are letters, digits and !#$%&\'*+.^_`|~- (no spaces or colons)')];
      }
      const suggestion = derivePermalink(text);
      const example = suggestion !== '' && suggestion !== text ? `, e.g. '${suggestion}'` : '';
      const what = last === 'permalink' ? 'permalink' : 'step name';
      return [createDiagnostic('schema-bad-slug', at, `${what} '${text}' is not a slug`, `use lower-case letters and digits in runs joined by single hyphens${example}`)];
    }
    case 'too_small': {
      if (issue.origin === 'array') {
        return [createDiagnostic('schema-empty-steps', at, 'a composite connector needs at least one step', 'add a step, or make it a regular connector')];
      }
      if (last === 'id') return [invalidId(at, value)];
      if (last === 'token_ttl') return [invalidExpiresIn(at, value)];
      return [createDiagnostic('schema-empty-value', at, `'${field}' must not be empty`)];
    }
    case 'custom': {
      if (issue.params?.['code'] === 'auth-invalid-algorithm') {
        const suggestion = typeof value === 'string' ? closestMatch(value, JWT_ALGORITHMS) : null;
        return [
          createDiagnostic(
            'auth-invalid-algorithm',
            at,
            `unknown JWT algorithm ${describeValue(value)}`,
            `${suggestion !== null ? `did you mean '${suggestion}'? ` : ''}algorithms: ${JWT_ALGORITHMS.join(', ')}`,
          ),
        ];
      }
      return [createDiagnostic('schema-type', at, `'${field}': ${issue.message}`)];
    }
    default:
      // Issue kinds these schemas do not produce today (too_big, invalid_key, ...): still an error
      // at the right place, in zod's words.
      return [createDiagnostic('schema-type', at, `'${field}': ${issue.message}`)];
  }
}

function invalidId(at: SourcePoint, value: unknown): Diagnostic {
  return createDiagnostic('schema-invalid-id', at, `'id' must be a non-negative integer, not ${describeValue(value)}`);
}

function invalidExpiresIn(at: SourcePoint, value: unknown): Diagnostic {
  return createDiagnostic('auth-invalid-expires-in', at, `'token_ttl' must be a positive integer number of seconds, not ${describeValue(value)}`, 'for example token_ttl: 3600');
}
