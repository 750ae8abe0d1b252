/**
 * Cognito user pools, as the identity checks need them: the trust chain from each API to a
 * pool (for the report), the MFA factors a pool offers, how its password policy measures up
 * against thresholds, and how long its app clients' tokens live.
 *
 * Pure functions of the inventory. Where AWS documents a default for a value it may leave out
 * (token validity units, temporary password validity), the default is applied and labelled as
 * such; nothing else is assumed.
 */
import { CROSS_ACCOUNT, parseUserPoolArn, POOL_NOT_FOUND, userPoolArnFromIssuer, type PoolUse } from '../inventory/links.js';
import type {
  Collected,
  CollectionError,
  DeployedRestConfig,
  IamPolicy,
  IdentityPool,
  Inventory,
  RestApi,
  RiskConfiguration,
  UserPool,
  UserPoolClient,
  UserPoolMfa,
  UserPoolRisk,
  V2Api,
} from '../inventory/schema.js';
import type { Gap, IdentityPoolEntity, InventoryView, OutsideUserPoolEntity, RestApiEntity, Selection, V2ApiEntity } from '../inventory/view.js';
import { parseIdentityPolicy } from './iam.js';
import { deployedMethods, methodLabel, normalizePath, restMethods, type RestMethodRef } from './method-settings.js';
import {
  apiContext,
  coversArn,
  coversInvoke,
  methodTarget,
  reachesArn,
  statementLabel,
  type ApiContext,
  type MethodTarget,
  type PolicyStatement,
} from './policy.js';
import { CheckRunMemo } from '../engine/check-run-memo.js';

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

// ── Self-service sign-up ───────────────────────────────────────────────────────────────

/**
 * Who can create users in a pool (Cognito API reference, AdminCreateUserConfigType:
 * `AllowAdminCreateUserOnly` "when false, users can register themselves"; Developer Guide,
 * "Signing up and confirming user accounts"). A pre sign-up trigger runs on every sign-up and
 * may reject it ("Pre sign-up Lambda trigger"): who may register is then decided by code this
 * scan does not read. AWS always returns the setting; a pool without it cannot be judged.
 */
export type SignUp =
  | { kind: 'admin-only' }
  | { kind: 'self-service'; preSignUpTrigger?: string }
  | { kind: 'unknown'; reason: string };

export function signUpOf(pool: Pick<UserPool, 'Id' | 'AdminCreateUserConfig' | 'LambdaConfig'>): SignUp {
  const adminOnly = pool.AdminCreateUserConfig?.AllowAdminCreateUserOnly;
  if (adminOnly === true) return { kind: 'admin-only' };
  if (adminOnly === false) {
    const trigger = pool.LambdaConfig?.PreSignUp?.trim();
    return trigger ? { kind: 'self-service', preSignUpTrigger: trigger } : { kind: 'self-service' };
  }
  return { kind: 'unknown', reason: `DescribeUserPool of ${pool.Id} did not state AdminCreateUserConfig.AllowAdminCreateUserOnly` };
}

/** The scope every access token from the user pools API carries (InitiateAuth, RespondToAuthChallenge). */
export const USER_POOLS_API_SCOPE = 'aws.cognito.signin.user.admin';
/** OAuth grants in which a user signs in (client_credentials is for machines, with the client secret). */
const USER_GRANTS = ['code', 'implicit'];
/** Trigger event versions that can change an access token's scopes ("Pre token generation Lambda trigger"). */
const SCOPE_CUSTOMIZING_VERSIONS = ['V2_0', 'V3_0'];

/**
 * The scopes a self-registered user's access token can carry: `aws.cognito.signin.user.admin`
 * from the user pools API, and what each app client lets users request through the authorization
 * endpoint (`AllowedOAuthScopes` of clients with `AllowedOAuthFlowsUserPoolClient` and a code or
 * implicit grant). Developer Guide, "Scopes, M2M, and APIs with resource servers" and
 * "Understanding the access token". A pre token generation trigger of event version 2 or 3 can
 * add scopes to access tokens: then any scope may be obtainable.
 */
export type ObtainableScopes =
  | { kind: 'known'; scopes: string[] }
  | { kind: 'any'; reason: string }
  | { kind: 'not-collected'; error: CollectionError };

export function obtainableScopes(pool: Pick<UserPool, 'clients' | 'LambdaConfig'>): ObtainableScopes {
  const version = pool.LambdaConfig?.PreTokenGenerationConfig?.LambdaVersion?.trim().toUpperCase();
  if (version && SCOPE_CUSTOMIZING_VERSIONS.includes(version)) {
    return { kind: 'any', reason: `a pre token generation trigger (event version ${version}) can add scopes to access tokens` };
  }
  if (!pool.clients.ok) return { kind: 'not-collected', error: pool.clients.error };
  const scopes = new Set([USER_POOLS_API_SCOPE]);
  for (const client of pool.clients.value) {
    if (client.AllowedOAuthFlowsUserPoolClient !== true) continue;
    if (!(client.AllowedOAuthFlows ?? []).some((flow) => USER_GRANTS.includes(flow))) continue;
    (client.AllowedOAuthScopes ?? []).forEach((scope) => scopes.add(scope));
  }
  return { kind: 'known', scopes: [...scopes].sort() };
}

/**
 * Whether anyone who signs up can call a method or route that a Cognito user pool authorizer
 * guards. Without authorization scopes, any token of the pool passes (REST: the ID token; HTTP
 * JWT: any token of an audience client). With scopes, API Gateway wants an access token carrying
 * at least one of them (Developer Guide, "Integrate a REST API with an Amazon Cognito user pool",
 * "Control access to HTTP APIs with JWT authorizers").
 */
export type SignUpReach =
  | { kind: 'closed'; because: string }
  | { kind: 'open'; pools: string[]; scopes?: string[]; note?: string }
  | { kind: 'outside'; pools: string[] }
  | { kind: 'undecided'; reason: string }
  | { kind: 'gap'; error: CollectionError };

export function signUpReach(
  inventory: Pick<Inventory, 'shared' | 'account'>,
  poolArns: readonly string[],
  requiredScopes: readonly string[] = [],
): SignUpReach {
  const open: { id: string; scopes?: string[]; note?: string }[] = [];
  const outside: string[] = [];
  let gap: CollectionError | undefined;
  let undecided: string | undefined;
  for (const arn of poolArns) {
    const parsed = parseUserPoolArn(arn);
    const slot = inventory.shared.userPools[arn];
    if (parsed && parsed.account !== inventory.account.id) {
      outside.push(parsed.poolId);
      continue;
    }
    if (!slot) {
      gap ??= { service: 'cognito-idp', operation: 'DescribeUserPool', region: parsed?.region ?? '', resource: arn, code: 'NotCollected', message: 'the user pool was not in the snapshot' };
      continue;
    }
    if (!slot.ok) {
      if (slot.error.code === CROSS_ACCOUNT || slot.error.code === POOL_NOT_FOUND) outside.push(parsed?.poolId ?? arn);
      else gap ??= slot.error;
      continue;
    }
    const pool = slot.value;
    const signUp = signUpOf(pool);
    if (signUp.kind === 'unknown') {
      undecided ??= signUp.reason;
      continue;
    }
    // Who may register is decided by the owner's code: not "anyone with an email address".
    if (signUp.kind === 'admin-only' || signUp.preSignUpTrigger) continue;
    if (requiredScopes.length === 0) {
      open.push({ id: pool.Id });
      continue;
    }
    const scopes = obtainableScopes(pool);
    if (scopes.kind === 'not-collected') gap ??= scopes.error;
    else if (scopes.kind === 'any') open.push({ id: pool.Id, note: scopes.reason });
    else {
      const granted = requiredScopes.filter((scope) => scopes.scopes.includes(scope));
      if (granted.length) open.push({ id: pool.Id, scopes: granted });
    }
  }
  if (open.length) {
    const notes = open.flatMap((p) => (p.note ? [`${p.id}: ${p.note}`] : []));
    const scopes = [...new Set(open.flatMap((p) => p.scopes ?? []))].sort();
    return {
      kind: 'open',
      pools: open.map((p) => p.id).sort(),
      ...(scopes.length ? { scopes } : {}),
      ...(notes.length ? { note: notes.join('; ') } : {}),
    };
  }
  if (gap) return { kind: 'gap', error: gap };
  if (undecided) return { kind: 'undecided', reason: undecided };
  if (outside.length) return { kind: 'outside', pools: outside.sort() };
  return {
    kind: 'closed',
    because: requiredScopes.length
      ? `no self-service sign-up pool issues the required scopes (${requiredScopes.join(', ')}) to its users`
      : 'every trusted pool lets only administrators create users (or a pre sign-up trigger decides)',
  };
}

// ── Identity pools: guest access ───────────────────────────────────────────────────────

/** `arn:aws:cognito-identity:eu-west-1:123456789012:identitypool/eu-west-1:1234…` */
export function identityPoolArn(partition: string, region: string, accountId: string, poolId: string): string {
  return `arn:${partition}:cognito-identity:${region}:${accountId}:identitypool/${poolId}`;
}

/** The identity pools of every scanned region; a region whose pools were not collected is a gap. */
export function identityPools(view: InventoryView): Selection<IdentityPoolEntity> {
  const targets: IdentityPoolEntity[] = [];
  const gaps: Gap[] = [];
  for (const region of view.inventory.regions) {
    const pools = region.identityPools ?? notCollectedPools(region.region);
    if (!pools.ok) {
      // The region's list is what failed: the gap sits on the region, as every region-wide gap does.
      gaps.push({ ref: { ...view.regionRef(region.region), name: `${view.accountId}/${region.region} identity pools` }, error: pools.error });
      continue;
    }
    for (const pool of pools.value) {
      const linked = guestReachedApis(view, pool).map((api) => api.apiArn);
      targets.push({
        kind: 'identity-pool',
        pool,
        region,
        ref: {
          arn: identityPoolArn(view.partition, region.region, view.accountId, pool.IdentityPoolId),
          type: 'identity-pool',
          name: pool.IdentityPoolName ?? pool.IdentityPoolId,
          account: view.accountId,
          region: region.region,
          ...(linked.length ? { linkedApiArns: linked } : {}),
        },
      });
    }
  }
  return { targets, gaps };
}

/**
 * The APIs guests of the pool can call through their IAM-authorized methods: guests allowed, the
 * basic flow on (the enhanced flow's session policy has no `execute-api`), and the
 * unauthenticated role allowing `execute-api:Invoke` on them.
 */
export function guestReachedApis(view: InventoryView, pool: IdentityPool): GuestReachedApi[] {
  if (pool.AllowClassicFlow !== true) return [];
  const access = guestAccessOf(view.inventory, pool);
  return access.kind === 'guests' ? apisInvokedBy(view, access.grants) : [];
}

function notCollectedPools(region: string): { ok: false; error: CollectionError } {
  return {
    ok: false,
    error: {
      service: 'cognito-identity',
      operation: 'ListIdentityPools',
      region,
      resource: region,
      code: 'NotInSnapshot',
      message: 'identity pools were not collected in this snapshot (older version): collect again',
    },
  };
}

/**
 * The policies of a role: its inline policies and the managed policies attached to it, from the
 * IAM collection (`GetAccountAuthorizationDetails`; attached AWS-managed policies read on their
 * own). A role of another account, or attachments this snapshot cannot show, cannot be judged.
 */
export function rolePolicies(inventory: Pick<Inventory, 'shared' | 'account'>, roleArn: string): Collected<IamPolicy[]> | { ok: false; invalid: string } {
  const account = roleArn.split(':')[4];
  if (account !== inventory.account.id) return { ok: false, invalid: `the role ${roleArn} is not in the scanned account ${inventory.account.id}` };
  const policies = inventory.shared.iamPolicies;
  if (!policies.ok) return policies;
  const principal = roleArn.split(':').slice(5).join(':');
  const found: IamPolicy[] = [];
  for (const policy of policies.value) {
    if (policy.kind === 'role' && policy.arn === roleArn) found.push(policy);
    if (policy.kind !== 'managed') continue;
    if (policy.attachedTo === undefined) {
      return { ok: false, invalid: `the snapshot does not say which principals managed policy ${policy.name} is attached to (collected by an older version): collect again` };
    }
    if (policy.attachedTo.includes(principal)) found.push(policy);
  }
  for (const [arn, slot] of Object.entries(inventory.shared.awsManagedPolicies ?? {})) {
    if (!slot.ok) {
      // Which principals a failed one is attached to is unknown: it may be this role's.
      return { ok: false, error: { ...slot.error, message: `${slot.error.message} (AWS-managed policy ${arn}, possibly attached to ${principal})` } };
    }
    if (slot.value.attachedTo?.includes(principal)) found.push(slot.value);
  }
  return { ok: true, value: found };
}

export interface InvokeGrant {
  /** `policy-name: Sid (Statement[0])`. */
  label: string;
  statement: PolicyStatement;
}

/** The Allow statements granting `execute-api:Invoke`, and the unconditional Deny statements taking it back. */
export interface InvokeGrants {
  allows: InvokeGrant[];
  denies: InvokeGrant[];
  /** Policies that could not be parsed. */
  invalid: string[];
}

export function invokeGrants(policies: readonly IamPolicy[]): InvokeGrants {
  const grants: InvokeGrants = { allows: [], denies: [], invalid: [] };
  for (const policy of policies) {
    const parsed = parseIdentityPolicy(policy.document);
    if (!parsed.ok) {
      grants.invalid.push(`${policy.name}: ${parsed.reason}`);
      continue;
    }
    parsed.document.Statement.forEach((statement, index) => {
      if (!coversInvoke(statement)) return;
      const grant = { label: `${policy.name}: ${statementLabel(statement, index)}`, statement };
      if (statement.Effect === 'Allow') grants.allows.push(grant);
      else if (!statement.Condition) grants.denies.push(grant);
    });
  }
  return grants;
}

/** The Allow statements that let the role invoke at least one request of `target` and are not denied back. */
export function invokesTarget(grants: InvokeGrants, ctx: ApiContext, target: Pick<MethodTarget, 'arn' | 'requests'>): string[] {
  if (grants.denies.some((d) => coversArn(d.statement, ctx, target.arn, target.requests))) return [];
  return grants.allows.filter((a) => reachesArn(a.statement, ctx, target.arn, target.requests)).map((a) => a.label);
}

/**
 * What guests of an identity pool get. Guests receive credentials of the pool's unauthenticated
 * role (Developer Guide, "Identity pools authentication flow"). Through the enhanced flow
 * (GetCredentialsForIdentity) Cognito adds a session policy, AmazonCognitoUnAuthedIdentitiesSessionPolicy,
 * and guests get only what both allow; it does not include `execute-api`. Through the basic flow
 * (GetOpenIdToken, then STS AssumeRoleWithWebIdentity), allowed only with `AllowClassicFlow`, the
 * credentials carry the role's own permissions. So guests can invoke IAM-authorized APIs only
 * when the basic flow is on and the role's policies allow `execute-api:Invoke`.
 */
export type GuestAccess =
  | { kind: 'none' }
  | { kind: 'no-role' }
  | { kind: 'gap'; error: CollectionError }
  | { kind: 'invalid'; reason: string }
  | { kind: 'guests'; roleArn: string; classicFlow: boolean; grants: InvokeGrants };

export function guestAccessOf(inventory: Pick<Inventory, 'shared' | 'account'>, pool: IdentityPool): GuestAccess {
  if (pool.AllowUnauthenticatedIdentities !== true) return { kind: 'none' };
  if (!pool.roles.ok) return { kind: 'gap', error: pool.roles.error };
  const roleArn = pool.roles.value.Roles?.['unauthenticated'];
  if (!roleArn) return { kind: 'no-role' };
  const policies = rolePolicies(inventory, roleArn);
  if (!policies.ok) return 'invalid' in policies ? { kind: 'invalid', reason: policies.invalid } : { kind: 'gap', error: policies.error };
  const grants = invokeGrants(policies.value);
  if (grants.invalid.length) return { kind: 'invalid', reason: `policies of ${roleArn} could not be read: ${grants.invalid.join('; ')}` };
  return { kind: 'guests', roleArn, classicFlow: pool.AllowClassicFlow === true, grants };
}

/** A guest path into IAM-authorized methods: the pool, its role and the grants. */
export interface GuestInvoker {
  poolId: string;
  poolName: string;
  region: string;
  roleArn: string;
  grants: InvokeGrants;
}

/**
 * Identity pools of the scanned regions whose guests can invoke IAM-authorized methods (basic
 * flow on, unauthenticated role allowing `execute-api:Invoke`), and the pools whose data is
 * missing (their guests might): the exposure checks judge AWS_IAM methods against both.
 */
export function guestInvokers(inventory: Pick<Inventory, 'shared' | 'account' | 'regions'>): {
  invokers: GuestInvoker[];
  unknown: string[];
  /** The failed calls behind the unknown pools: an ERROR they cause is a collection gap. */
  gaps: CollectionError[];
} {
  const invokers: GuestInvoker[] = [];
  const unknown: string[] = [];
  const gaps: CollectionError[] = [];
  for (const region of inventory.regions) {
    const pools = region.identityPools;
    if (!pools?.ok) continue;
    for (const pool of pools.value) {
      if (pool.AllowUnauthenticatedIdentities !== true || pool.AllowClassicFlow !== true) continue;
      const access = guestAccessOf(inventory, pool);
      const name = pool.IdentityPoolName ?? pool.IdentityPoolId;
      if (access.kind === 'gap') {
        unknown.push(`${name}: ${access.error.code}: ${access.error.message}`);
        gaps.push(access.error);
      } else if (access.kind === 'invalid') unknown.push(`${name}: ${access.reason}`);
      else if (access.kind === 'guests' && access.grants.allows.length) {
        invokers.push({ poolId: pool.IdentityPoolId, poolName: name, region: region.region, roleArn: access.roleArn, grants: access.grants });
      }
    }
  }
  return { invokers, unknown, gaps };
}

/** The guest paths that reach one method (`pool (role): statements`). */
export function guestPathsTo(invokers: readonly GuestInvoker[], ctx: ApiContext, target: Pick<MethodTarget, 'arn' | 'requests'>): string[] {
  return invokers.flatMap((i) => {
    const statements = invokesTarget(i.grants, ctx, target);
    return statements.length ? [`identity pool ${i.poolName} (${i.poolId}) → ${i.roleArn}: ${statements.join(', ')}`] : [];
  });
}

/** An IAM-authorized method or route of one API, as a target for identity policies. */
export interface IamTarget {
  label: string;
  target: Pick<MethodTarget, 'arn' | 'requests'>;
}

/** `GET /pets` → verb and path; `$default` → every verb and path. */
function routeTarget(ctx: ApiContext, routeKey: string, websocket: boolean, stage = '*'): Pick<MethodTarget, 'arn' | 'requests'> {
  if (websocket) {
    const arn = `arn:${ctx.partition}:execute-api:${ctx.region}:${ctx.accountId}:${ctx.apiId}/${stage}/${routeKey}`;
    return { arn, requests: arn };
  }
  const [verb, path] = routeKey === '$default' ? ['ANY', '/{proxy+}'] : routeKey.trim().split(/\s+/, 2);
  return methodTarget(ctx, stage, verb ?? 'ANY', path ?? '/{proxy+}');
}

/**
 * The AWS_IAM methods (REST, working copy and every deployment read) or routes (v2) of an API,
 * in any stage: what credentials allowed `execute-api:Invoke` on them can call.
 */
export function iamTargets(entity: RestApiEntity | V2ApiEntity, ctx: ApiContext): IamTarget[] {
  const seen = new Map<string, IamTarget>();
  const add = (label: string, target: Pick<MethodTarget, 'arn' | 'requests'>) => seen.has(label) || seen.set(label, { label, target });
  if (entity.kind === 'rest-api') {
    const api = entity.api;
    const working = api.resources.ok ? restMethods(api.resources.value) : [];
    const deployed = Object.values(api.deployments).flatMap((d) => (d.ok ? deployedMethods(d.value, api) : []));
    for (const m of [...working, ...deployed]) {
      const type = (m.method.authorizationType ?? '').trim().toUpperCase();
      if (type === 'AWS_IAM') add(m.label, methodTarget(ctx, '*', m.httpMethod, m.path));
    }
  } else {
    const websocket = entity.api.ProtocolType === 'WEBSOCKET';
    const latest = entity.api.routes.ok ? entity.api.routes.value.map((r) => ({ key: r.RouteKey, type: r.AuthorizationType })) : [];
    const exported = Object.values(entity.api.stageExports).flatMap((e) => (e.ok ? e.value.routes.map((r) => ({ key: r.routeKey, type: r.authorizationType })) : []));
    for (const r of [...latest, ...exported]) {
      if ((r.type ?? '').trim().toUpperCase() === 'AWS_IAM') add(r.key, routeTarget(ctx, r.key, websocket));
    }
  }
  return [...seen.values()].sort((a, b) => a.label.localeCompare(b.label));
}

/** One API whose IAM-authorized methods guests of an identity pool can invoke. */
export interface GuestReachedApi {
  apiArn: string;
  apiName: string;
  methods: string[];
  statements: string[];
}

/** The APIs of the scan whose AWS_IAM methods the grants let the holder invoke. */
export function apisInvokedBy(view: InventoryView, grants: InvokeGrants): GuestReachedApi[] {
  if (grants.allows.length === 0) return [];
  const apis = [...view.restApis().targets, ...view.v2Apis().targets];
  const reached: GuestReachedApi[] = [];
  for (const entity of apis) {
    const id = entity.kind === 'rest-api' ? entity.api.id : entity.api.ApiId;
    const ctx = apiContext({ id }, entity.region.region, view);
    const statements = new Set<string>();
    const methods: string[] = [];
    for (const { label, target } of iamTargets(entity, ctx)) {
      const by = invokesTarget(grants, ctx, target);
      if (by.length === 0) continue;
      methods.push(label);
      by.forEach((s) => statements.add(s));
    }
    if (methods.length) reached.push({ apiArn: entity.ref.arn, apiName: entity.ref.name, methods, statements: [...statements].sort() });
  }
  return reached.sort((a, b) => a.apiArn.localeCompare(b.apiArn));
}

// ── Authorization that anyone can pass ─────────────────────────────────────────────────

/**
 * A method whose only protection is one anyone can pass: a Cognito authorizer trusting a pool
 * where anyone can sign up, or IAM authorization with guest credentials of an identity pool that
 * may invoke it.
 */
export interface BorrowedAccess {
  label: string;
  kind: 'self-sign-up' | 'guest-credentials';
  /** `GET /orders: pool eu-west-1_Ab12 (authorizer customers) lets anyone sign up`. */
  how: string;
}

export interface BorrowedAccessAnalysis {
  borrowed: BorrowedAccess[];
  /** Data a verdict on some method needs and the snapshot lacks. */
  gaps: CollectionError[];
  /** Methods that cannot be judged, with why. */
  undecided: string[];
  /** Methods trusting pools outside the scanned account (not judged for sign-up). */
  outside: string[];
}

/** What `guestInvokers` says of the scan, computed once per evaluation. */
export type Guests = ReturnType<typeof guestInvokers>;

function judgeSignUp(out: BorrowedAccessAnalysis, label: string, authorizer: string, reach: SignUpReach): void {
  if (reach.kind === 'open') {
    const scopes = reach.scopes ? ` and its users can get the required scope(s) ${reach.scopes.join(', ')}` : '';
    const note = reach.note ? ` (${reach.note})` : '';
    out.borrowed.push({
      label,
      kind: 'self-sign-up',
      how: `${label}: authorizer ${authorizer} trusts ${reach.pools.join(', ')}, where anyone with an email address can sign up${scopes}${note}`,
    });
  } else if (reach.kind === 'gap') out.gaps.push(reach.error);
  else if (reach.kind === 'undecided') out.undecided.push(`${label}: ${reach.reason}`);
  else if (reach.kind === 'outside') out.outside.push(`${label}: ${reach.pools.join(', ')}`);
}

function judgeGuests(out: BorrowedAccessAnalysis, label: string, guests: Guests, ctx: ApiContext, target: () => Pick<MethodTarget, 'arn' | 'requests'>): void {
  // Without a pool whose guests may invoke, the method's ARN is never matched: it is not built.
  const paths = guests.invokers.length ? guestPathsTo(guests.invokers, ctx, target()) : [];
  if (paths.length) out.borrowed.push({ label, kind: 'guest-credentials', how: `${label}: guests get credentials that may invoke it through ${paths.join('; ')}` });
  else if (guests.gaps.length) out.gaps.push(guests.gaps[0]!);
  else if (guests.unknown.length) out.undecided.push(`${label} (AWS_IAM): identity pools with guest access whose roles could not be judged: ${guests.unknown.join('; ')}`);
}

const deployedLabels = new WeakMap<DeployedRestConfig['methods'], ReadonlyMap<string, DeployedRestConfig['methods'][number]>>();

/** A deployment's methods by label (`GET /pets`), the last of a label winning; once per deployment. */
function deployedByLabel(config: DeployedRestConfig): ReadonlyMap<string, DeployedRestConfig['methods'][number]> {
  let byLabel = deployedLabels.get(config.methods);
  if (!byLabel) {
    byLabel = new Map(config.methods.map((m) => [methodLabel(m.httpMethod.toUpperCase(), normalizePath(m.path)), m]));
    deployedLabels.set(config.methods, byLabel);
  }
  return byLabel;
}

/**
 * The methods of one served REST view whose authorization anyone can pass. A Cognito method's
 * pools come from the view's authorizers (by name); a view without them (an API summary) falls
 * back to the working copy's Cognito authorizers.
 */
export function restBorrowedAccess(
  inventory: Pick<Inventory, 'shared' | 'account'>,
  api: Pick<RestApi, 'authorizers'>,
  config: DeployedRestConfig,
  methods: readonly RestMethodRef[],
  ctx: ApiContext,
  stageName: string,
  guests: Guests,
): BorrowedAccessAnalysis {
  const out: BorrowedAccessAnalysis = { borrowed: [], gaps: [], undecided: [], outside: [] };
  const working = api.authorizers.ok ? api.authorizers.value.filter((a) => a.type === 'COGNITO_USER_POOLS') : [];
  const poolsOf = (name: string | undefined): { authorizer: string; arns: string[] } => {
    const named = config.authorizers?.find((a) => a.name === name) ?? working.find((a) => a.name === name);
    if (named) return { authorizer: named.name ?? name ?? '(unnamed)', arns: named.providerARNs ?? [] };
    return { authorizer: name ?? '(unnamed)', arns: [...new Set(working.flatMap((a) => a.providerARNs ?? []))] };
  };
  // Most methods of a view name the same authorizer and scopes: each pair is judged once. Most
  // name no scopes: those are found by the authorizer's name alone, without spelling a key.
  const reaches = new Map<string, { authorizer: string; reach: SignUpReach }>();
  const unscoped = new Map<string | undefined, { authorizer: string; reach: SignUpReach }>();
  const reachOf = (name: string | undefined, scopes: readonly string[]) => {
    const key = scopes.length === 0 ? undefined : JSON.stringify([name ?? null, scopes]);
    let found = key === undefined ? unscoped.get(name) : reaches.get(key);
    if (!found) {
      const { authorizer, arns } = poolsOf(name);
      found = { authorizer, reach: signUpReach(inventory, arns, scopes) };
      if (key === undefined) unscoped.set(name, found);
      else reaches.set(key, found);
    }
    return found;
  };
  const { borrowable, cognito } = borrowableMethods(methods);
  for (let i = 0; i < borrowable.length; i++) {
    const m = borrowable[i]!;
    if (cognito[i]) {
      const { authorizer, reach } = reachOf(deployedByLabel(config).get(m.label)?.authorizerName, m.method.authorizationScopes ?? []);
      judgeSignUp(out, m.label, authorizer, reach);
    } else {
      judgeGuests(out, m.label, guests, ctx, () => methodTarget(ctx, stageName, m.httpMethod, m.path));
    }
  }
  return out;
}

interface BorrowableMethods {
  /** The COGNITO_USER_POOLS and AWS_IAM methods, in order. */
  borrowable: readonly RestMethodRef[];
  /** By the index of `borrowable`: a Cognito method (else an AWS_IAM one). */
  cognito: readonly boolean[];
}

/** Read by one check (rest-api-public-unauthenticated): held for its run only. */
const borrowableOfList = new CheckRunMemo<readonly RestMethodRef[], BorrowableMethods>();

/** The methods whose authorization someone may lend, once per frozen list (every stage serving it judges the same). */
function borrowableMethods(methods: readonly RestMethodRef[]): BorrowableMethods {
  // A list that may still change is read afresh each time.
  return Object.isFrozen(methods) ? borrowableOfList.of(methods, borrowableAmong) : borrowableAmong(methods);
}

function borrowableAmong(methods: readonly RestMethodRef[]): BorrowableMethods {
  const borrowable: RestMethodRef[] = [];
  const cognito: boolean[] = [];
  for (const m of methods) {
    const type = (m.method.authorizationType ?? '').trim().toUpperCase();
    if (type === 'COGNITO_USER_POOLS' || type === 'AWS_IAM') {
      borrowable.push(m);
      cognito.push(type === 'COGNITO_USER_POOLS');
    }
  }
  return { borrowable, cognito };
}

/**
 * The routes of one HTTP API stage whose authorization anyone can pass: JWT authorizers with a
 * Cognito issuer (other issuers are not judged) and AWS_IAM routes. Authorizers are the latest
 * configuration's, found by id or by the name an export gives.
 */
export function v2BorrowedAccess(
  inventory: Pick<Inventory, 'shared' | 'account'>,
  api: Pick<V2Api, 'authorizers'>,
  routes: readonly { routeKey: string; authorizationType: string; authorizerId?: string; authorizerName?: string; scopes?: readonly string[] }[],
  ctx: ApiContext,
  stageName: string,
  guests: Guests,
  websocket = false,
): BorrowedAccessAnalysis {
  const out: BorrowedAccessAnalysis = { borrowed: [], gaps: [], undecided: [], outside: [] };
  for (const route of routes) {
    const type = route.authorizationType.trim().toUpperCase();
    if (type === 'JWT') {
      if (!api.authorizers.ok) {
        out.gaps.push(api.authorizers.error);
        continue;
      }
      const authorizer = api.authorizers.value.find((a) => (route.authorizerId ? a.AuthorizerId === route.authorizerId : a.Name === route.authorizerName));
      const issuer = authorizer?.JwtConfiguration?.Issuer;
      // An authorizer the configuration does not list names no issuer to judge (API Gateway
      // refuses such a route; only a snapshot out of step shows one).
      if (!authorizer || !issuer) continue;
      const poolArn = userPoolArnFromIssuer(issuer, inventory.account.id, inventory.account.partition);
      if (!poolArn) continue; // not a Cognito issuer: who may get its tokens is not known here
      judgeSignUp(out, route.routeKey, authorizer.Name ?? authorizer.AuthorizerId, signUpReach(inventory, [poolArn], route.scopes ?? []));
    } else if (type === 'AWS_IAM') {
      judgeGuests(out, route.routeKey, guests, ctx, () => routeTarget(ctx, route.routeKey, websocket, stageName));
    }
  }
  return out;
}
