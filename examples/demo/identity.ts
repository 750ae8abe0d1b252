/**
 * The Cognito user pools the demo's authorizers trust, so every identity check shows a PASS and
 * a FAIL (and each way a pool is not judged), and the report shows a weak pool lowering the
 * score of the API that trusts it:
 *
 *   eu-west-1_Ab12Cd34E  customers   trusted by orders-api (REST, customers-pool) and
 *                                    storefront-http (JWT, shop-customers). MFA ON (TOTP,
 *                                    email), 12-character policy, threat protection ENFORCED
 *                                    on Plus, deletion protection, one hardened web client.
 *   us-east-1_Zx98Yw76V  mobile      trusted by mobile-backend (REST). Self-service sign-up
 *                                    (anyone with an email address), MFA OPTIONAL over SMS,
 *                                    6-character policy, threat protection OFF on Essentials,
 *                                    no deletion protection, and a mobile client with the
 *                                    password flow, user-existence errors, no token revocation
 *                                    and day-long tokens (beside a hardened admin client).
 *   eu-west-1_Pt4rNr5Sx  partners    trusted by partner-portal-http (JWT, partner-cognito). MFA
 *                                    OPTIONAL with adaptive authentication: threat protection
 *                                    ENFORCED, high-risk sign-ins challenged for MFA.
 *   us-east-1_Ki0sK7Wq3  kiosks      trusted by mobile-backend (REST, customers-pool, a second
 *                                    provider ARN). Passwordless sign-in allowed (email codes,
 *                                    passkeys), so MFA is not judged; threat protection ENFORCED,
 *                                    but the in-store app client's own risk configuration
 *                                    lets high-risk sign-ins through.
 *   eu-west-1_Rs9lLr2Qz  (none)      the issuer of partner-portal-http's reseller-cognito JWT
 *                                    authorizer: a reseller's pool in the reseller's account, so
 *                                    DescribeUserPool finds no such pool here; outside the scan.
 *
 * `addIdentity` sets the `shared.userPools` entries (creating `shared` if the snapshot has none),
 * keyed by pool ARN, and adds the authorizer links above to partner-portal-http and
 * mobile-backend when they are missing, so applying it twice changes nothing.
 */
import type { Collected, Inventory, UserPool } from '../../src/inventory/schema.js';
import { ACCOUNT, ok, strongRiskConfiguration, userPool, userPoolArn, userPoolClient } from '../../test/fixtures/builders.js';

const EU_POOL = 'eu-west-1_Ab12Cd34E';
const US_POOL = 'us-east-1_Zx98Yw76V';
const PARTNERS_POOL = 'eu-west-1_Pt4rNr5Sx';
const KIOSK_POOL = 'us-east-1_Ki0sK7Wq3';
const RESELLER_POOL = 'eu-west-1_Rs9lLr2Qz';

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
  riskConfiguration: strongRiskConfiguration(EU_POOL),
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
  // Anyone installing the app signs themselves up: mobile-backend is open to anyone with an email address.
  AdminCreateUserConfig: { AllowAdminCreateUserOnly: false },
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
  // Threat protection is off: there is no risk configuration to read.
  riskConfiguration: null,
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

/**
 * Resellers sign in to the partner portal; MFA stays OPTIONAL, as the Cognito API reference
 * advises for adaptive authentication, and threat protection challenges risky sign-ins.
 */
const partnersPool: UserPool = userPool({
  Id: PARTNERS_POOL,
  Arn: userPoolArn(PARTNERS_POOL, 'eu-west-1'),
  Name: 'partners',
  MfaConfiguration: 'OPTIONAL',
  UserPoolTier: 'PLUS',
  UserPoolAddOns: { AdvancedSecurityMode: 'ENFORCED' },
  mfa: { MfaConfiguration: 'OPTIONAL', SoftwareTokenMfaConfiguration: { Enabled: true } },
  riskConfiguration: {
    pool: {
      UserPoolId: PARTNERS_POOL,
      CompromisedCredentialsRiskConfiguration: { Actions: { EventAction: 'BLOCK' } },
      AccountTakeoverRiskConfiguration: {
        Actions: {
          LowAction: { EventAction: 'NO_ACTION', Notify: false },
          MediumAction: { EventAction: 'MFA_IF_CONFIGURED', Notify: true },
          HighAction: { EventAction: 'MFA_REQUIRED', Notify: true },
        },
      },
    },
    clients: {},
  },
  clients: [userPoolClient({ ClientId: '3k9q7partnerportalexample', ClientName: 'partner-portal' })],
});

/** In-store kiosks sign staff in with email codes or passkeys; one client opted out of risk actions. */
const KIOSK_CLIENT = '6v1kiosk4ppclient0example';
const kioskPool: UserPool = userPool({
  Id: KIOSK_POOL,
  Arn: userPoolArn(KIOSK_POOL, 'us-east-1'),
  Name: 'kiosks',
  MfaConfiguration: 'OFF',
  UserPoolTier: 'PLUS',
  Policies: {
    PasswordPolicy: { MinimumLength: 12, RequireUppercase: true, RequireLowercase: true, RequireNumbers: true, RequireSymbols: true },
    SignInPolicy: { AllowedFirstAuthFactors: ['PASSWORD', 'EMAIL_OTP', 'WEB_AUTHN'] },
  },
  UserPoolAddOns: { AdvancedSecurityMode: 'ENFORCED' },
  mfa: { MfaConfiguration: 'OFF' },
  riskConfiguration: {
    pool: strongRiskConfiguration(KIOSK_POOL).pool,
    clients: {
      // Set during a store roll-out to stop blocking shared kiosk devices, never undone.
      [KIOSK_CLIENT]: {
        UserPoolId: KIOSK_POOL,
        ClientId: KIOSK_CLIENT,
        CompromisedCredentialsRiskConfiguration: { Actions: { EventAction: 'BLOCK' } },
        AccountTakeoverRiskConfiguration: {
          Actions: {
            LowAction: { EventAction: 'NO_ACTION', Notify: false },
            MediumAction: { EventAction: 'NO_ACTION', Notify: false },
            HighAction: { EventAction: 'NO_ACTION', Notify: false },
          },
        },
      },
    },
  },
  clients: [userPoolClient({ ClientId: KIOSK_CLIENT, ClientName: 'store-kiosk', ExplicitAuthFlows: ['ALLOW_USER_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] })],
});

const POOLS: readonly UserPool[] = [customersPool, mobilePool, partnersPool, kioskPool];

/** What the collector records for an issuer whose pool the scanned account does not have. */
const RESELLER_POOL_ARN = userPoolArn(RESELLER_POOL, 'eu-west-1');
const resellerPoolNotFound: Collected<UserPool> = {
  ok: false,
  error: {
    service: 'cognito-idp',
    operation: 'DescribeUserPool',
    region: 'eu-west-1',
    resource: RESELLER_POOL_ARN,
    code: 'ResourceNotFoundException',
    message: `no user pool ${RESELLER_POOL} exists in eu-west-1 of account ${ACCOUNT}`,
  },
};

/** JWT authorizers of partner-portal-http: the partners pool, and a reseller's own pool. */
const PARTNER_PORTAL_AUTHORIZERS = [
  {
    AuthorizerId: 'ppcog1',
    Name: 'partner-cognito',
    AuthorizerType: 'JWT',
    IdentitySource: ['$request.header.Authorization'],
    JwtConfiguration: { Issuer: `https://cognito-idp.eu-west-1.amazonaws.com/${PARTNERS_POOL}`, Audience: ['3k9q7partnerportalexample'] },
  },
  {
    AuthorizerId: 'ppcog2',
    Name: 'reseller-cognito',
    AuthorizerType: 'JWT',
    IdentitySource: ['$request.header.Authorization'],
    JwtConfiguration: { Issuer: `https://cognito-idp.eu-west-1.amazonaws.com/${RESELLER_POOL}`, Audience: ['1r2e3s4e5l6l7e8r9example'] },
  },
];

/** Links the extra pools: JWT authorizers on partner-portal-http, a provider ARN on mobile-backend's authorizer. */
function linkExtraPools(demo: Inventory): void {
  for (const region of demo.regions) {
    const v2 = region.apigatewayv2.apis;
    const portal = v2.ok ? v2.value.find((api) => api.Name === 'partner-portal-http') : undefined;
    if (portal?.authorizers.ok) {
      const present = new Set(portal.authorizers.value.map((a) => a.AuthorizerId));
      portal.authorizers.value.push(...structuredClone(PARTNER_PORTAL_AUTHORIZERS.filter((a) => !present.has(a.AuthorizerId))));
    }
    const rest = region.apigateway.restApis;
    const mobile = rest.ok ? rest.value.find((api) => api.name === 'mobile-backend') : undefined;
    const authorizer = mobile?.authorizers.ok ? mobile.authorizers.value.find((a) => a.type === 'COGNITO_USER_POOLS') : undefined;
    const kioskArn = kioskPool.Arn;
    if (authorizer && !authorizer.providerARNs?.includes(kioskArn)) authorizer.providerARNs = [...(authorizer.providerARNs ?? []), kioskArn];
  }
}

/** Adds the user pools the demo's authorizers trust to `shared.userPools`, linking the extra ones. */
export function addIdentity(demo: Inventory): void {
  // Older demo snapshots predate the shared section; other modules add keys and policies to it.
  demo.shared ??= { iamPolicies: ok([]), userPools: {}, kmsKeys: {} };
  linkExtraPools(demo);
  for (const pool of POOLS) demo.shared.userPools[pool.Arn] = ok(structuredClone(pool));
  demo.shared.userPools[RESELLER_POOL_ARN] = structuredClone(resellerPoolNotFound);
}
