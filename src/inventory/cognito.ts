/**
 * Cognito user pools, as the identity checks need them: the trust chain from each API to a
 * pool (for the report), the MFA factors a pool offers, how its password policy measures up
 * against thresholds, and how long its app clients' tokens live.
 *
 * Pure functions of the inventory. Where AWS documents a default for a value it may leave out
 * (token validity units, temporary password validity), the default is applied and labelled as
 * such; nothing else is assumed.
 */
import type { PoolUse } from './links.js';
import type { UserPool, UserPoolClient, UserPoolMfa } from './schema.js';

// ── Trust chain ────────────────────────────────────────────────────────────────────────

/**
 * One line per API and authorizer that trusts the pool, ending with the finding:
 * `orders-api → customers-pool (authorizer) → eu-west-1_Ab12Cd34E (user pool): MFA is OFF`.
 * Duplicates (one authorizer on several stages, say) are dropped; order follows `trustedBy`.
 */
export function trustChain(pool: Pick<UserPool, 'Id'>, trustedBy: readonly PoolUse[], finding: string): string[] {
  const lines = trustedBy.map((use) => `${use.apiName} → ${use.authorizerName} (authorizer) → ${pool.Id} (user pool): ${finding}`);
  return [...new Set(lines)];
}

// ── MFA ────────────────────────────────────────────────────────────────────────────────

/** `MULTI_FACTOR_WITH_USER_VERIFICATION`: a passkey with user verification satisfies MFA. */
export const WEBAUTHN_MULTI_FACTOR = 'MULTI_FACTOR_WITH_USER_VERIFICATION';

/**
 * The second factors `GetUserPoolMfaConfig` shows as configured: TOTP (when enabled), SMS and
 * email (when their configuration is present), and WebAuthn passkeys only when they are set up
 * to count as multi-factor (`FactorConfiguration: MULTI_FACTOR_WITH_USER_VERIFICATION`);
 * single-factor passkeys are a first factor, not MFA.
 */
export function mfaFactors(mfa: UserPoolMfa): string[] {
  const factors: string[] = [];
  if (mfa.SoftwareTokenMfaConfiguration?.Enabled === true) factors.push('TOTP');
  if (mfa.SmsMfaConfiguration) factors.push('SMS');
  if (mfa.EmailMfaConfiguration) factors.push('email');
  if (mfa.WebAuthnConfiguration?.['FactorConfiguration'] === WEBAUTHN_MULTI_FACTOR) factors.push('WebAuthn');
  return factors;
}

// ── Password policy ────────────────────────────────────────────────────────────────────

export interface PasswordThresholds {
  minLength: number;
  requireUppercase: boolean;
  requireLowercase: boolean;
  requireNumbers: boolean;
  requireSymbols: boolean;
  maxTemporaryPasswordValidityDays: number;
  minPasswordHistorySize: number;
}

/** Cognito's own default when a policy leaves `TemporaryPasswordValidityDays` out. */
export const DEFAULT_TEMPORARY_PASSWORD_VALIDITY_DAYS = 7;

export interface PasswordAssessment {
  /** The policy as judged, defaults filled in (and named as defaults). */
  policy: {
    minimumLength: number | 'not set';
    requireUppercase: boolean;
    requireLowercase: boolean;
    requireNumbers: boolean;
    requireSymbols: boolean;
    temporaryPasswordValidityDays: number;
    passwordHistorySize: number;
  };
  /** One line per requirement the policy misses; empty when it meets every threshold. */
  failing: string[];
}

/**
 * Measures a pool's password policy against thresholds. A character class the policy leaves
 * out is not required; a missing minimum length fails; a missing temporary-password validity
 * is Cognito's default of 7 days; a missing history size is 0 (no history).
 */
export function assessPasswordPolicy(policy: NonNullable<NonNullable<UserPool['Policies']>['PasswordPolicy']>, t: PasswordThresholds): PasswordAssessment {
  const temporaryDays = policy.TemporaryPasswordValidityDays || DEFAULT_TEMPORARY_PASSWORD_VALIDITY_DAYS;
  const history = policy.PasswordHistorySize ?? 0;
  const judged: PasswordAssessment['policy'] = {
    minimumLength: policy.MinimumLength ?? 'not set',
    requireUppercase: policy.RequireUppercase === true,
    requireLowercase: policy.RequireLowercase === true,
    requireNumbers: policy.RequireNumbers === true,
    requireSymbols: policy.RequireSymbols === true,
    temporaryPasswordValidityDays: temporaryDays,
    passwordHistorySize: history,
  };
  const failing: string[] = [];
  if (policy.MinimumLength === undefined) failing.push(`no minimum length (at least ${t.minLength} required)`);
  else if (policy.MinimumLength < t.minLength) failing.push(`minimum length ${policy.MinimumLength} is below ${t.minLength}`);
  const classes = [
    ['requireUppercase', 'uppercase letters'],
    ['requireLowercase', 'lowercase letters'],
    ['requireNumbers', 'numbers'],
    ['requireSymbols', 'symbols'],
  ] as const;
  for (const [key, label] of classes) if (t[key] && !judged[key]) failing.push(`${label} are not required`);
  if (temporaryDays > t.maxTemporaryPasswordValidityDays) {
    failing.push(`temporary passwords stay valid ${temporaryDays} days (at most ${t.maxTemporaryPasswordValidityDays})`);
  }
  if (history < t.minPasswordHistorySize) {
    failing.push(`password history remembers ${history} password(s) (at least ${t.minPasswordHistorySize})`);
  }
  return { policy: judged, failing };
}

// ── App clients ────────────────────────────────────────────────────────────────────────

/** Auth flows that send the password itself to Cognito instead of an SRP proof. */
export const PLAIN_PASSWORD_FLOWS = ['ALLOW_USER_PASSWORD_AUTH', 'USER_PASSWORD_AUTH'] as const;

const MINUTES_PER_UNIT: Record<string, number> = { seconds: 1 / 60, minutes: 1, hours: 60, days: 24 * 60 };

/** Access and ID tokens live 60 minutes unless the client says otherwise. */
export const DEFAULT_TOKEN_VALIDITY_MINUTES = 60;

/**
 * A token lifetime in minutes: `validity` in `unit` (hours when the client names no unit, the
 * API's default for access and ID tokens); 60 minutes when the client sets no validity.
 * Undefined for a unit AWS does not define.
 */
export function tokenValidityMinutes(validity: number | undefined, unit: string | undefined): number | undefined {
  if (validity === undefined) return DEFAULT_TOKEN_VALIDITY_MINUTES;
  const perUnit = MINUTES_PER_UNIT[(unit ?? 'hours').toLowerCase()];
  return perUnit === undefined ? undefined : validity * perUnit;
}

/** `web (1h2g3f…)`: the client's name with its id, or the id alone. */
export function clientLabel(client: Pick<UserPoolClient, 'ClientId' | 'ClientName'>): string {
  return client.ClientName ? `${client.ClientName} (${client.ClientId})` : client.ClientId;
}

export interface ClientAssessment {
  client: string;
  accessTokenMinutes?: number;
  idTokenMinutes?: number;
  /** What the client gets wrong, one line each. */
  problems: string[];
  /** A value that cannot be interpreted (an unknown token validity unit). */
  invalid?: string;
}

/**
 * Judges one app client: no plain-password flow, user existence errors prevented, token
 * revocation on, access and ID tokens living at most `maxTokenValidityMinutes`.
 */
export function assessClient(client: UserPoolClient, maxTokenValidityMinutes: number): ClientAssessment {
  const problems: string[] = [];
  const invalid: string[] = [];
  const flows = (client.ExplicitAuthFlows ?? []).filter((flow) => (PLAIN_PASSWORD_FLOWS as readonly string[]).includes(flow));
  if (flows.length) problems.push(`allows ${flows.join(' and ')} (the password is sent instead of an SRP proof)`);
  if (client.PreventUserExistenceErrors !== 'ENABLED') {
    problems.push(`PreventUserExistenceErrors is ${client.PreventUserExistenceErrors ?? 'not set (LEGACY)'}: sign-in errors reveal which users exist`);
  }
  if (client.EnableTokenRevocation !== true) {
    problems.push(`token revocation is ${client.EnableTokenRevocation === false ? 'off' : 'not reported as on'}`);
  }
  const units = client.TokenValidityUnits;
  const lifetimes = [
    ['access', tokenValidityMinutes(client.AccessTokenValidity, units?.AccessToken), client.AccessTokenValidity, units?.AccessToken],
    ['ID', tokenValidityMinutes(client.IdTokenValidity, units?.IdToken), client.IdTokenValidity, units?.IdToken],
  ] as const;
  for (const [kind, minutes, validity, unit] of lifetimes) {
    if (minutes === undefined) invalid.push(`${kind} token validity unit '${unit}' is not one AWS defines`);
    else if (minutes > maxTokenValidityMinutes) {
      const defaulted = validity !== undefined && unit === undefined ? ` (${validity} with no unit set, so hours)` : '';
      problems.push(`${kind} tokens live ${formatMinutes(minutes)}${defaulted}, over ${maxTokenValidityMinutes} minutes`);
    }
  }
  const [access, id] = lifetimes;
  return {
    client: clientLabel(client),
    ...(access[1] === undefined ? {} : { accessTokenMinutes: access[1] }),
    ...(id[1] === undefined ? {} : { idTokenMinutes: id[1] }),
    problems,
    ...(invalid.length ? { invalid: invalid.join('; ') } : {}),
  };
}

function formatMinutes(minutes: number): string {
  if (minutes >= 24 * 60 && minutes % (24 * 60) === 0) return `${minutes / (24 * 60)} day(s)`;
  if (minutes >= 60 && minutes % 60 === 0) return `${minutes / 60} hour(s)`;
  return `${Math.round(minutes * 100) / 100} minutes`;
}
