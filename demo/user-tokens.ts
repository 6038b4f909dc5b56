// User tokens as the host site would issue them: HS256 JWTs with the claims the runtime reads
// (sub, email, username, first_name, last_name, profile_fields, tenant_id), signed with the
// secret the demo runtime verifies with (--user-token-secret, given through its environment).
import { SignJWT } from 'jose';
import { DEMO_TENANT, type DemoMember } from './demo-members.js';

/** Long enough for an afternoon with the demo; the page asks for fresh ones on every load. */
const TOKEN_LIFETIME = '8h';

export function signUserToken(member: DemoMember, secret: string): Promise<string> {
  return new SignJWT({
    email: member.email,
    username: member.username,
    first_name: member.firstName,
    last_name: member.lastName,
    profile_fields: { '1': member.accountId },
    tenant_id: DEMO_TENANT,
  })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(member.id)
    .setIssuer('conduit-demo-host-site')
    .setIssuedAt()
    .setExpirationTime(TOKEN_LIFETIME)
    .sign(new TextEncoder().encode(secret));
}
