// The benchmark scenario both servers implement: a 3-step chain against one local upstream.
//   1. GET  /auth          -> {"token":"tok-123","team":"t1"}
//   2. GET  /teams/<team>  with Authorization: Bearer <token>  -> {"members":[…]} + X-Next-Page header
//   3. POST /report        with X-Page: <X-Next-Page>, JSON body naming the team  -> small JSON
// Conduit renders these from templates; the baseline hard-codes the same strings.

export const AUTH_BODY = '{"token":"tok-123","team":"t1"}';
export const TEAM_BODY = '{"members":[{"id":1,"name":"Ada"},{"id":2,"name":"Grace"},{"id":3,"name":"Linus"}]}';
export const NEXT_PAGE = 'page-2';
export const REPORT_BODY = '{"ok":true,"count":3}';

/** What the widget posts to both servers. */
export const CALLER_PAYLOAD = '{"range":"7d"}';

