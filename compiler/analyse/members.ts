// The members of the structured values templates read (SPEC §2). Reading any other member of
// these is a typo the runtime would turn into an undefined value, so analysis rejects it.
import { DICT_READ_METHOD_NAMES, LOOP_ATTRIBUTES, LOOP_METHODS } from '../../runtime/template/vocabulary.js';

/** `skipped`: true when the step's `when` was false (issue 17), then the other three are None. */
export const STEP_RESULT_MEMBERS: readonly string[] = ['body', 'status_code', 'headers', 'skipped'];
export const REQUEST_MEMBERS: readonly string[] = ['body_text', 'body_raw', 'headers', 'query_parameters'];
export const RESPONSE_MEMBERS: readonly string[] = ['body', 'status_code', 'headers'];
export const USER_MEMBERS: readonly string[] = ['id', 'email', 'username', 'first_name', 'last_name', 'profile_fields'];
export const PROFILE_FIELDS_MEMBERS: readonly string[] = ['by_id'];
/** Jinja2's loop object inside `{% for %}`: its attributes and methods, from the template vocabulary. */
export const LOOP_MEMBERS: readonly string[] = [...LOOP_ATTRIBUTES, ...LOOP_METHODS];

/** Python dict methods: request, response, user and step results are read-only dicts, so the reading ones work too. */
export const DICT_METHODS: readonly string[] = DICT_READ_METHOD_NAMES;

/** Members whose values are the caller's payload. */
export const REQUEST_BODY_MEMBERS: ReadonlySet<string> = new Set(['body_text', 'body_raw']);
