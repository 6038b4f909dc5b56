// The community members of the demo. The demo page signs a user token for each (as the host site
// would), and the demo upstream knows the same people. Two accounts are broken on purpose, so the
// page can show what a failing step looks like.

/** How the account-preferences service behaves for a member's account. */
export type PreferencesBehaviour = 'ok' | 'server-error' | 'slow';

export interface DemoMember {
  readonly id: string;
  readonly username: string;
  readonly email: string;
  readonly firstName: string;
  readonly lastName: string;
  readonly accountId: string;
  readonly preferences: PreferencesBehaviour;
  /** What the page says about this member. */
  readonly note: string;
}

/** The community (tenant) every demo member belongs to. */
export const DEMO_TENANT = 'demo-community';

/** How long the preferences of a 'slow' account take: longer than the SDK timeout the page suggests. */
export const SLOW_PREFERENCES_MS = 5_000;

export const DEMO_MEMBERS: readonly DemoMember[] = [
  {
    id: '42',
    username: 'ada',
    email: 'ada@example.com',
    firstName: 'Ada',
    lastName: 'Lovelace',
    accountId: 'acc-1042',
    preferences: 'ok',
    note: 'a regular member',
  },
  {
    id: '7',
    username: 'grace',
    email: 'grace@example.com',
    firstName: 'Grace',
    lastName: 'Hopper',
    accountId: 'acc-1007',
    preferences: 'ok',
    note: 'another member, another account',
  },
  {
    id: '500',
    username: 'erin',
    email: 'erin@example.com',
    firstName: 'Erin',
    lastName: 'Error',
    accountId: 'acc-broken',
    preferences: 'server-error',
    note: "her account's preferences answer HTTP 500 (step 2 fails)",
  },
  {
    id: '504',
    username: 'sam',
    email: 'sam@example.com',
    firstName: 'Sam',
    lastName: 'Slow',
    accountId: 'acc-slow',
    preferences: 'slow',
    note: `his account's preferences take ${SLOW_PREFERENCES_MS / 1000} s (try a short SDK timeout)`,
  },
];

export function memberById(id: string): DemoMember | undefined {
  return DEMO_MEMBERS.find((m) => m.id === id);
}

export function memberByAccount(accountId: string): DemoMember | undefined {
  return DEMO_MEMBERS.find((m) => m.accountId === accountId);
}
