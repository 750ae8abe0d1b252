import { defineCheck } from '../../src/engine/define.js';
import { guestAccessOf, guestReachedApis, identityPools } from '../../src/analysis/cognito.js';
import type { IdentityPoolEntity } from '../../src/inventory/view.js';

type MessageId = 'no-guests' | 'guests' | 'guests-invoke-apis';

/** The managed session policy Cognito applies to guests of the enhanced flow (it has no execute-api). */
const GUEST_SESSION_POLICY = 'AmazonCognitoUnAuthedIdentitiesSessionPolicy';

export default defineCheck<IdentityPoolEntity, MessageId>({
  id: 'cognito-identity-pool-guest-access',
  title: 'Cognito identity pools do not hand AWS credentials to unauthenticated guests',
  severity: 'medium',
  resourceTypes: ['identity-pool'],
  reads: ['identity-pools', 'iam-policies', 'rest-resources', 'rest-deployments', 'v2-routes', 'v2-exports'],
  rationale:
    'An identity pool that allows unauthenticated identities (AllowUnauthenticatedIdentities) gives ' +
    'anyone who asks temporary AWS credentials of its unauthenticated role, with no sign-in at all ' +
    '(Security Hub Cognito.2; Developer Guide, "Identity pools authentication flow", "Activate or ' +
    'deactivate guest access"): this fails at medium severity, as Security Hub rates it. What guests ' +
    'can do depends on the flow. Through the enhanced flow (GetCredentialsForIdentity) Cognito scopes ' +
    'the credentials down with the AWS-managed session policy ' + GUEST_SESSION_POLICY + ', which ' +
    'allows a fixed list of services without execute-api (AWS Managed Policy Reference). The basic ' +
    'flow (GetOpenIdToken, then STS AssumeRoleWithWebIdentity), allowed when AllowClassicFlow is on, ' +
    'gives credentials with the role\'s own permissions. So when the basic flow is on and the ' +
    'unauthenticated role\'s policies (inline and attached, from the IAM collection) allow ' +
    'execute-api:Invoke on AWS_IAM methods or routes of an API in the scan (wildcards included, ' +
    'unconditional Deny statements taken into account), anyone on the internet can call those ' +
    'methods: the finding is critical and counts towards each such API, and the exposure checks ' +
    'treat those methods as open. A pool whose roles or role policies could not be read still fails ' +
    'Cognito.2, with what could not be judged in the evidence; a region whose pools were not ' +
    'collected is an ERROR.',
  remediation: {
    text:
      'Turn guest access off, or keep it and turn the basic flow off and give the unauthenticated ' +
      'role only what guests need (never execute-api:Invoke on IAM-authorized APIs).',
    cli: 'aws cognito-identity update-identity-pool --identity-pool-id <identity-pool-id> --identity-pool-name <name> --no-allow-unauthenticated-identities --no-allow-classic-flow',
    docs: 'https://docs.aws.amazon.com/cognito/latest/developerguide/identity-pools.html',
  },
  mappings: {
    securityHub: ['Cognito.2'],
    awsConfig: ['cognito-identity-pool-unauth-access-check'],
    owaspApi2023: ['API2', 'API5'],
  },
  messages: {
    'no-guests': 'Guest access is off: only authenticated identities get credentials.',
    guests: 'Guests (unauthenticated identities) get AWS credentials: {guestAccess}.',
    'guests-invoke-apis':
      'Anyone can get credentials of {roleArn} through the basic flow and call the AWS_IAM methods of {apiCount} API(s): {apis}.',
  },
  select: (view) => identityPools(view),
  evaluate: ({ pool }, outcome, view) => {
    const allowed = pool.AllowUnauthenticatedIdentities;
    if (allowed === undefined) return outcome.invalid(`DescribeIdentityPool of ${pool.IdentityPoolId} did not state AllowUnauthenticatedIdentities`);
    if (!allowed) return outcome.pass('no-guests', { allowUnauthenticatedIdentities: false });
    const classicFlow = pool.AllowClassicFlow === true;
    const base = { allowUnauthenticatedIdentities: true, allowClassicFlow: classicFlow };
    const access = guestAccessOf(view.inventory, pool);
    if (access.kind === 'no-role') {
      return outcome.fail('guests', { ...base, guestAccess: 'identity ids only: the pool has no unauthenticated role, so no credentials yet' });
    }
    if (access.kind === 'gap' || access.kind === 'invalid') {
      const reason = access.kind === 'gap' ? `${access.error.operation}: ${access.error.code}: ${access.error.message}` : access.reason;
      return outcome.fail('guests', { ...base, guestAccess: 'credentials of the unauthenticated role', apiAccessNotJudged: reason });
    }
    if (access.kind === 'none') return outcome.pass('no-guests', { allowUnauthenticatedIdentities: false });
    const invokeStatements = access.grants.allows.map((a) => a.label);
    const reached = guestReachedApis(view, pool);
    if (reached.length) {
      return outcome.fail(
        'guests-invoke-apis',
        {
          ...base,
          roleArn: access.roleArn,
          apiCount: reached.length,
          apis: reached.map((api) => `${api.apiName} (${api.methods.join(', ')}; by ${api.statements.join(', ')})`),
          invokeStatements,
        },
        'critical',
      );
    }
    const why = !invokeStatements.length
      ? `credentials of ${access.roleArn}, whose policies allow no execute-api:Invoke`
      : classicFlow
        ? `credentials of ${access.roleArn}, whose execute-api:Invoke reaches no AWS_IAM method of a scanned API`
        : `credentials of ${access.roleArn} through the enhanced flow only, scoped down by ${GUEST_SESSION_POLICY}, which has no execute-api: the role's execute-api:Invoke grants are out of guests' reach while the basic flow stays off`;
    return outcome.fail('guests', { ...base, roleArn: access.roleArn, guestAccess: why, ...(invokeStatements.length ? { invokeStatements } : {}) });
  },
});
