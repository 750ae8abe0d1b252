/**
 * Cognito user pools, as the identity checks need them: the trust chain from each API to a
 * pool (for the report), the MFA factors a pool offers, how its password policy measures up
 * against thresholds, and how long its app clients' tokens live.
 *
 * Pure functions of the inventory. Where AWS documents a default for a value it may leave out
 * (token validity units, temporary password validity), the default is applied and labelled as
 * such; nothing else is assumed.
 */
import type { PoolUse } from '../inventory/links.js';
import type { CollectionError, RiskConfiguration, UserPool, UserPoolClient, UserPoolMfa, UserPoolRisk } from '../inventory/schema.js';
import type { OutsideUserPoolEntity } from '../inventory/view.js';

// ── Trust chain ────────────────────────────────────────────────────────────────────────

/**
 * One line per API and authorizer that trusts the pool, ending with the finding:
 * `orders-api → customers-pool (authorizer) → eu-west-1_Ab12Cd34E (user pool): MFA is OFF`.
 * Duplicates (one authorizer on several stages, say) are dropped; order follows `trustedBy`.
 */
export function trustChain(pool: Pick<UserPool, 'Id'>, trustedBy: readonly Pick<PoolUse, 'apiName' | 'authorizerName'>[], finding: string): string[] {
  const lines = trustedBy.map((use) => `${use.apiName} → ${use.authorizerName} (authorizer) → ${pool.Id} (user pool): ${finding}`);
  return [...new Set(lines)];
}

// ── Pools outside the scan ─────────────────────────────────────────────────────────────

/** The NOT_APPLICABLE message every identity check gives a pool outside the scanned account. */
export const OUTSIDE_SCAN_MESSAGE = 'Not judged: the user pool is outside the scanned account ({reason}). Scan the account that owns it.';

/** Evidence for that message: the reason, and the chain from each API to the pool. */
export function outsideScanEvidence({ reason, trustedBy, ref }: OutsideUserPoolEntity): { reason: string; chain: string[] } {
  return { reason, chain: trustChain({ Id: ref.name }, trustedBy, 'outside the scanned account') };
}

// ── Sign-in ────────────────────────────────────────────────────────────────────────────

/**
 * The first factors a pool lets users sign in with (`Policies.SignInPolicy.AllowedFirstAuthFactors`).
 * A pool without a sign-in policy signs users in with passwords only.
 */
export function firstAuthFactors(pool: Pick<UserPool, 'Policies'>): string[] {
  const factors = pool.Policies?.SignInPolicy?.AllowedFirstAuthFactors ?? [];
  return factors.length ? factors.map((f) => f.trim().toUpperCase()) : ['PASSWORD'];
}

// ── Threat protection ──────────────────────────────────────────────────────────────────

/** `AccountTakeoverEventActionType` (Cognito API reference, AccountTakeoverActionType). */
const ACCOUNT_TAKEOVER_ACTIONS = ['BLOCK', 'MFA_IF_CONFIGURED', 'MFA_REQUIRED', 'NO_ACTION'] as const;
/** High-risk actions that stop a password-only sign-in: a block, or a second factor. */
export const ADAPTIVE_ACTIONS = ['BLOCK', 'MFA_REQUIRED', 'MFA_IF_CONFIGURED'] as const;
/** `CompromisedCredentialsEventActionType`. */
const COMPROMISED_CREDENTIALS_ACTIONS = ['BLOCK', 'NO_ACTION'] as const;

const NOT_CONFIGURED = 'not configured';

/** One risk configuration in force: the pool's, or an app client's own, which replaces it. */
export interface RiskInForce {
  /** `the pool` or `app client web (1h2g…)`. */
  scope: string;
  config: RiskConfiguration;
}

/**
 * The pool's risk configuration and every app client's own one. A client configuration (its
 * response carries `ClientId`) overrides the pool's for that client; a response without
 * `ClientId` is the pool's, inherited (Cognito API reference, RiskConfigurationType and
 * SetRiskConfiguration).
 */
export function risksInForce(risk: UserPoolRisk, clients: readonly UserPoolClient[]): RiskInForce[] {
  const name = new Map(clients.map((c) => [c.ClientId, clientLabel(c)]));
  const overrides = Object.entries(risk.clients)
    .filter(([, config]) => config.ClientId)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([id, config]) => ({ scope: `app client ${name.get(id) ?? id}`, config }));
  return [{ scope: 'the pool', config: risk.pool }, ...overrides];
}

export interface RiskAssessment {
  scope: string;
  /** The high-risk action, or `not configured`. */
  highRiskAction: string;
  /** The compromised-credentials action, or `not configured`. */
  compromisedCredentialsAction: string;
  /** What leaves sign-ins unprotected, one line each. */
  problems: string[];
  /** A value that is not one AWS defines. */
  invalid?: string;
}

/** Whether threat protection answers a high-risk sign-in with a block or a second factor, everywhere. */
export type AdaptiveAuthentication =
  | { kind: 'not-enforced'; mode: string }
  | { kind: 'not-collected'; error?: CollectionError }
  | { kind: 'invalid'; reason: string }
  | { kind: 'weak'; actions: string[] }
  | { kind: 'adaptive'; actions: string[] };

/**
 * Adaptive authentication (Cognito developer guide, "Working with adaptive authentication"):
 * threat protection ENFORCED, and every risk configuration in force answering high risk with
 * BLOCK, MFA_REQUIRED or MFA_IF_CONFIGURED. `actions` name each configuration's high-risk action
 * (`weak`: only those that let the sign-in through).
 */
export function adaptiveAuthentication(pool: UserPool): AdaptiveAuthentication {
  const mode = pool.UserPoolAddOns?.AdvancedSecurityMode?.trim().toUpperCase() ?? 'OFF';
  if (mode !== 'ENFORCED') return { kind: 'not-enforced', mode };
  const risk = pool.riskConfiguration;
  if (!risk) return { kind: 'not-collected' };
  if (!risk.ok) return { kind: 'not-collected', error: risk.error };
  const assessed = risksInForce(risk.value, pool.clients.ok ? pool.clients.value : []).map(assessRisk);
  const label = (a: RiskAssessment) => `${a.scope}: ${a.highRiskAction}`;
  const invalid = assessed.find((a) => a.highRiskAction !== NOT_CONFIGURED && !known(a.highRiskAction, ACCOUNT_TAKEOVER_ACTIONS));
  if (invalid) return { kind: 'invalid', reason: `${invalid.scope}: high-risk action '${invalid.highRiskAction}' is not one AWS defines` };
  const weak = assessed.filter((a) => !known(a.highRiskAction, ADAPTIVE_ACTIONS));
  return weak.length ? { kind: 'weak', actions: weak.map(label) } : { kind: 'adaptive', actions: assessed.map(label) };
}

function known(value: string | undefined, allowed: readonly string[]): value is string {
  return value !== undefined && allowed.includes(value);
}

/**
 * Judges one risk configuration in full-function mode: high-risk sign-ins must be blocked or
 * challenged for MFA, compromised credentials must be blocked at sign-in (the event filter
 * defaults to all events when left out), and no always-allow range may cover every address
 * (risk detection is skipped for it). Cognito API reference: AccountTakeoverActionType,
 * CompromisedCredentialsRiskConfigurationType, RiskExceptionConfigurationType.
 */
export function assessRisk({ scope, config }: RiskInForce): RiskAssessment {
  const problems: string[] = [];
  const invalid: string[] = [];
  const high = config.AccountTakeoverRiskConfiguration?.Actions?.HighAction?.EventAction;
  if (high === undefined) problems.push('no action is configured for high-risk sign-ins');
  else if (!known(high, ACCOUNT_TAKEOVER_ACTIONS)) invalid.push(`high-risk action '${high}' is not one AWS defines`);
  else if (high === 'NO_ACTION') problems.push('high-risk sign-ins are allowed (NO_ACTION)');
  const compromised = config.CompromisedCredentialsRiskConfiguration;
  const action = compromised?.Actions?.EventAction;
  if (action === undefined) problems.push('no action is configured for compromised credentials');
  else if (!known(action, COMPROMISED_CREDENTIALS_ACTIONS)) invalid.push(`compromised-credentials action '${action}' is not one AWS defines`);
  else if (action === 'NO_ACTION') problems.push('compromised passwords are accepted (NO_ACTION)');
  const events = compromised?.EventFilter ?? [];
  if (action === 'BLOCK' && events.length && !events.includes('SIGN_IN')) {
    problems.push(`compromised passwords are blocked on ${events.join(', ')} only, not at sign-in`);
  }
  const everywhere = (config.RiskExceptionConfiguration?.SkippedIPRangeList ?? []).filter((range) => range.trim().endsWith('/0'));
  if (everywhere.length) problems.push(`risk detection is skipped for every address (always-allow ${everywhere.join(', ')})`);
  return {
    scope,
    highRiskAction: high ?? NOT_CONFIGURED,
    compromisedCredentialsAction: action === undefined ? NOT_CONFIGURED : events.length ? `${action} on ${events.join(', ')}` : `${action} on every event`,
    problems,
    ...(invalid.length ? { invalid: invalid.join('; ') } : {}),
  };
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
