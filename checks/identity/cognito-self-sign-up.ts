import { defineCheck } from '../../src/engine/define.js';
import { OUTSIDE_SCAN_MESSAGE, outsideScanEvidence, signUpOf, trustChain } from '../../src/analysis/cognito.js';
import type { OutsideUserPoolEntity, UserPoolEntity } from '../../src/inventory/view.js';

type MessageId = 'admin-only' | 'self-service' | 'self-service-trigger' | 'outside-scan';

export default defineCheck<UserPoolEntity | OutsideUserPoolEntity, MessageId>({
  id: 'cognito-self-sign-up',
  title: 'User pools that authorizers trust do not let anyone sign themselves up',
  severity: 'medium',
  resourceTypes: ['user-pool'],
  reads: ['rest-authorizers', 'v2-authorizers', 'user-pools'],
  rationale:
    'A Cognito user pool authorizer (REST COGNITO_USER_POOLS, HTTP JWT with a Cognito issuer) ' +
    'admits any valid token of the pool. When the pool lets users register themselves ' +
    '(AdminCreateUserConfig.AllowAdminCreateUserOnly false, the CreateUserPool default: Cognito ' +
    'API reference, AdminCreateUserConfigType; Developer Guide, "Signing up and confirming user ' +
    'accounts"), anyone can call SignUp with an app client id that ships in every web and mobile ' +
    'client, confirm an email address they own and get tokens: "requires a Cognito token" then means ' +
    '"anyone with an email address", and every API trusting the pool is as open as a public one to ' +
    'whatever authorization the backend does not do itself. Such a pool fails at high severity and ' +
    'the finding counts towards every API that trusts it; the exposure checks treat those methods ' +
    'as reachable by anyone (unless they require OAuth scopes a self-registered user cannot obtain). ' +
    'A pre sign-up Lambda trigger runs on every sign-up and can reject it ("Pre sign-up Lambda ' +
    'trigger"): who may register is then decided by code the scan does not read, so the pool fails ' +
    'at this check\'s medium severity and the exposure checks do not count it. A pool that does not ' +
    'state the setting cannot be judged (ERROR); a pool outside the scanned account is not applicable.',
  remediation: {
    text:
      'Let only administrators create users (AllowAdminCreateUserOnly), or restrict who may sign ' +
      'up with a pre sign-up trigger, and authorize in the API what each user may do. ' +
      'UpdateUserPool resets every setting the request leaves out to its default, so pass the ' +
      'current configuration from describe-user-pool along with the change.',
    cli: 'aws cognito-idp update-user-pool --user-pool-id <user-pool-id> --admin-create-user-config AllowAdminCreateUserOnly=true <every-other-current-setting>',
    docs: 'https://docs.aws.amazon.com/cognito/latest/developerguide/signing-up-users-in-your-app.html',
  },
  mappings: {
    owaspApi2023: ['API2', 'API5'],
  },
  messages: {
    'admin-only': 'Only administrators can create users (AllowAdminCreateUserOnly).',
    'self-service':
      'Anyone can sign up and get tokens that the authorizers of {apiCount} API(s) accept: {apis}.',
    'self-service-trigger':
      'Users can sign themselves up; the pre sign-up trigger {preSignUpTrigger} decides who may ({apiCount} API(s) trust the pool).',
    'outside-scan': OUTSIDE_SCAN_MESSAGE,
  },
  select: (view) => view.trustedUserPools(),
  evaluate: (entity, outcome) => {
    if (entity.kind === 'outside-user-pool') return outcome.notApplicable('outside-scan', outsideScanEvidence(entity));
    const { pool, trustedBy } = entity;
    const signUp = signUpOf(pool);
    if (signUp.kind === 'unknown') return outcome.invalid(signUp.reason, { poolId: pool.Id });
    if (signUp.kind === 'admin-only') {
      return outcome.pass('admin-only', { allowAdminCreateUserOnly: true, chain: trustChain(pool, trustedBy, 'only administrators create users') });
    }
    const apis = [...new Set(trustedBy.map((use) => use.apiName))].sort();
    const evidence = { selfSignUp: true, poolId: pool.Id, allowAdminCreateUserOnly: false, apiCount: apis.length, apis };
    if (signUp.preSignUpTrigger) {
      return outcome.fail('self-service-trigger', {
        ...evidence,
        preSignUpTrigger: signUp.preSignUpTrigger,
        chain: trustChain(pool, trustedBy, `users sign themselves up, filtered by the pre sign-up trigger`),
      });
    }
    return outcome.fail('self-service', { ...evidence, chain: trustChain(pool, trustedBy, 'anyone can sign up') }, 'high');
  },
});
