// Distinctive secret values for tests. Put them in secret stores and auth configs, capture what
// the system writes (log lines, error bodies, debug headers), and check the capture with
// ./leak-check.ts: none of these may appear, in any common encoding.

export const SECRET_CANARIES = {
  clientSecret: 'canary-client-secret-Zq7Kx2Lm9Pv4',
  clientSecretAlt: 'canary-client-secret-Rt5Yh8Wd3Nb6',
  apiKey: 'canary-api-key-Hc4Jg7Qs1Xe9',
  hmacKey: 'canary-hmac-key-Bf2Vn6Mu8Ta5',
  tenantSecret: 'canary-tenant-secret-Gk3Dp9Sw4Ly1',
  envSecret: 'canary-env-secret-Uo6Ci1Ez7Ra3',
  // Characters that JSON, URL and form encoding each change, so every encoded form is exercised.
  specialChars: 'canary+sp ec/ial="chars"&\\ü-Wm5Fq0',
} as const;

export type CanaryName = keyof typeof SECRET_CANARIES;

export const ALL_CANARY_VALUES: readonly string[] = Object.values(SECRET_CANARIES);
