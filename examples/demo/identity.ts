/**
 * The Cognito user pools the demo's authorizers trust, so every identity check shows a PASS and
 * a FAIL, and the report shows a weak pool lowering the score of the API that trusts it:
 *
 *   eu-west-1_Ab12Cd34E  customers   trusted by orders-api (REST, customers-pool) and
 *                                    storefront-http (JWT, shop-customers). MFA ON (TOTP,
 *                                    email), 12-character policy, threat protection ENFORCED
 *                                    on Plus, deletion protection, one hardened web client.
 *   us-east-1_Zx98Yw76V  mobile      trusted by mobile-backend (REST). MFA OPTIONAL over SMS,
 *                                    6-character policy, threat protection OFF on Essentials,
 *                                    no deletion protection, and a mobile client with the
 *                                    password flow, user-existence errors, no token revocation
 *                                    and day-long tokens (beside a hardened admin client).
 *
 * `addIdentity` sets only `shared.userPools` entries (creating `shared` if the snapshot has
 * none), keyed by pool ARN, so applying it twice changes nothing.
 */
import type { Inventory, UserPool } from '../../src/inventory/schema.js';
import { ACCOUNT, ok, userPool, userPoolArn, userPoolClient } from '../../test/fixtures/builders.js';

const EU_POOL = 'eu-west-1_Ab12Cd34E';
const US_POOL = 'us-east-1_Zx98Yw76V';

/** The storefront's web app; also the audience of the storefront-http JWT authorizer. */
const customersPool: UserPool = userPool({
  Id: EU_POOL,
  Arn: userPoolArn(EU_POOL, 'eu-west-1'),
  Name: 'customers',
  MfaConfiguration: 'ON',
  DeletionProtection: 'ACTIVE',
  UserPoolTier: 'PLUS',
  Policies: {
    PasswordPolicy: {
      MinimumLength: 12,
      RequireUppercase: true,
      RequireLowercase: true,
      RequireNumbers: true,
      RequireSymbols: true,
      PasswordHistorySize: 5,
      TemporaryPasswordValidityDays: 3,
    },
  },
  UserPoolAddOns: { AdvancedSecurityMode: 'ENFORCED' },
  mfa: {
    MfaConfiguration: 'ON',
    SoftwareTokenMfaConfiguration: { Enabled: true },
    EmailMfaConfiguration: { Subject: 'Your sign-in code', Message: 'Your code is {####}' },
  },
  clients: [
    userPoolClient({
      ClientId: '5q2lbn7q0n1ksh3d9mf0example',
      ClientName: 'storefront-web',
      ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
      PreventUserExistenceErrors: 'ENABLED',
      EnableTokenRevocation: true,
      AccessTokenValidity: 30,
      IdTokenValidity: 30,
      RefreshTokenValidity: 7,
      TokenValidityUnits: { AccessToken: 'minutes', IdToken: 'minutes', RefreshToken: 'days' },
      AllowedOAuthFlows: ['code'],
      AllowedOAuthScopes: ['openid', 'email', 'shop/cart.read', 'shop/cart.write'],
      CallbackURLs: ['https://shop.example.com/auth/callback'],
    }),
  ],
});

/** The mobile app's pool, set up in a hurry years ago and never revisited. */
const mobilePool: UserPool = userPool({
  Id: US_POOL,
  Arn: userPoolArn(US_POOL, 'us-east-1'),
  Name: 'mobile-users',
  MfaConfiguration: 'OPTIONAL',
  DeletionProtection: 'INACTIVE',
  UserPoolTier: 'ESSENTIALS',
  Policies: {
    PasswordPolicy: {
      MinimumLength: 6,
      RequireUppercase: false,
      RequireLowercase: true,
      RequireNumbers: true,
      RequireSymbols: false,
      TemporaryPasswordValidityDays: 30,
    },
  },
  UserPoolAddOns: { AdvancedSecurityMode: 'OFF' },
  mfa: {
    MfaConfiguration: 'OPTIONAL',
    SoftwareTokenMfaConfiguration: { Enabled: false },
    SmsMfaConfiguration: {
      SmsAuthenticationMessage: 'Your code is {####}',
      SmsConfiguration: { SnsCallerArn: `arn:aws:iam::${ACCOUNT}:role/service-role/mobile-users-sms`, ExternalId: 'mobile-users-sms' },
    },
  },
  clients: [
    userPoolClient({
      ClientId: '7hd2kq9r4m1vplx0t6w3example',
      ClientName: 'mobile-app',
      ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
      PreventUserExistenceErrors: 'LEGACY',
      EnableTokenRevocation: false,
      AccessTokenValidity: 1,
      IdTokenValidity: 1,
      RefreshTokenValidity: 3650,
      TokenValidityUnits: { AccessToken: 'days', IdToken: 'days', RefreshToken: 'days' },
    }),
    userPoolClient({
      ClientId: '2c8vn5ye0bq7zr3fj1s4example',
      ClientName: 'support-console',
      ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
      PreventUserExistenceErrors: 'ENABLED',
      EnableTokenRevocation: true,
      AccessTokenValidity: 15,
      IdTokenValidity: 15,
      RefreshTokenValidity: 1,
      TokenValidityUnits: { AccessToken: 'minutes', IdToken: 'minutes', RefreshToken: 'days' },
    }),
  ],
});

const POOLS: readonly UserPool[] = [customersPool, mobilePool];

/** Adds the user pools the demo's authorizers trust to `shared.userPools`. */
export function addIdentity(demo: Inventory): void {
  // Older demo snapshots predate the shared section; other modules add keys and policies to it.
  demo.shared ??= { iamPolicies: ok([]), userPools: {}, kmsKeys: {} };
  for (const pool of POOLS) demo.shared.userPools[pool.Arn] = ok(structuredClone(pool));
}
