// The OAuth-protected profile API behind the `profile-lookup` composite: a user record that names
// its account in a response header, and the account's preferences. Two demo accounts misbehave
// on purpose (HTTP 500, or an answer after SLOW_PREFERENCES_MS).
import { memberByAccount, memberById, SLOW_PREFERENCES_MS } from '../demo-members.js';
import { sendError, sendJson, singleHeader } from './http-helpers.js';
import type { OAuthTokens } from './oauth-tokens.js';
import type { Route, RouteRequest } from './route.js';

const SCOPE = 'profile:read';

function authorized({ req, res }: RouteRequest, tokens: OAuthTokens): boolean {
  if (tokens.allows(singleHeader(req, 'authorization'), SCOPE)) return true;
  sendError(res, 401, 'invalid_token', `a bearer token with scope ${SCOPE} is required`, { 'WWW-Authenticate': `Bearer scope="${SCOPE}"` });
  return false;
}

const PREFERENCES: Readonly<Record<string, Record<string, unknown>>> = {
  'acc-1042': { theme: 'dark', language: 'en-GB', newsletter: true, timezone: 'Europe/London' },
  'acc-1007': { theme: 'light', language: 'en-US', newsletter: false, timezone: 'America/New_York' },
  'acc-slow': { theme: 'light', language: 'pl-PL', newsletter: true, timezone: 'Europe/Warsaw' },
};

export function profileRoutes(tokens: OAuthTokens): Route[] {
  return [
    {
      method: 'GET',
      path: /^\/v1\/users\/([^/]+)$/,
      handle(request) {
        if (!authorized(request, tokens)) return;
        const member = memberById(request.params[0]!);
        if (member === undefined) return sendError(request.res, 404, 'not_found', 'no such user');
        sendJson(
          request.res,
          200,
          { id: member.id, username: member.username, first_name: member.firstName, last_name: member.lastName, email: member.email },
          // The account travels in a header, so step 2 of the composite reads steps[...].headers.
          { 'X-Account-Id': member.accountId },
        );
      },
    },
    {
      method: 'GET',
      path: /^\/v1\/accounts\/([^/]+)\/preferences$/,
      handle(request) {
        if (!authorized(request, tokens)) return;
        const accountId = request.params[0]!;
        const member = memberByAccount(accountId);
        if (member === undefined) return sendError(request.res, 404, 'not_found', 'no such account');
        if (singleHeader(request.req, 'x-account-id') !== accountId) {
          return sendError(request.res, 400, 'invalid_request', 'X-Account-Id must name the account of the path');
        }
        if (member.preferences === 'server-error') {
          return sendError(request.res, 500, 'server_error', 'the preferences store of this account is unavailable');
        }
        const answer = () => sendJson(request.res, 200, { account_id: accountId, ...PREFERENCES[accountId] });
        if (member.preferences === 'ok') return answer();
        // 'slow': answer late, unless the caller (or a shutdown) closes the connection first.
        const timer = setTimeout(answer, SLOW_PREFERENCES_MS);
        request.res.on('close', () => clearTimeout(timer));
      },
    },
  ];
}
