import { defineCheck } from '../../src/engine/define.js';
import { OUTSIDE_SCAN_MESSAGE, outsideScanEvidence, trustChain } from '../../src/analysis/cognito.js';
import type { OutsideUserPoolEntity, UserPoolEntity } from '../../src/inventory/view.js';

export default defineCheck<UserPoolEntity | OutsideUserPoolEntity, 'associated' | 'not-associated' | 'outside-scan'>({
  id: 'cognito-user-pool-waf',
  title: 'User pools that authorizers trust are protected by an AWS WAF web ACL',
  severity: 'medium',
  resourceTypes: ['user-pool'],
  reads: ['rest-authorizers', 'v2-authorizers', 'user-pools', 'user-pool-web-acls'],
  rationale:
    'The tokens an API\'s Cognito or JWT authorizer accepts are issued by the user pool\'s public ' +
    'endpoints (sign-in, sign-up, password reset, the managed login pages), which anyone can call. ' +
    'A web ACL associated with the pool inspects those requests before Cognito handles them, so ' +
    'rate-based rules, IP reputation lists and bot controls can stop credential stuffing and ' +
    'sign-up abuse against the pool (Amazon Cognito developer guide, "Associate an AWS WAF web ACL ' +
    'with a user pool"). A user pool is a resource type WAF protects on its own: the web ACLs of ' +
    'the API stages do not cover it. Whether one is associated is read with GetWebACLForResource ' +
    'on the pool\'s ARN, whose answer has no WebACL when none is. A pool outside the scanned ' +
    'account is not applicable.',
  remediation: {
    text: 'Associate a regional web ACL (a rate-based rule on the sign-in and sign-up operations plus the IP reputation managed rule group are a sound start) with the user pool.',
    cli: 'aws wafv2 associate-web-acl --web-acl-arn <web-acl-arn> --resource-arn arn:aws:cognito-idp:<region>:<account-id>:userpool/<user-pool-id>',
    docs: 'https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-waf.html',
  },
  mappings: {
    owaspApi2023: ['API2', 'API4'],
  },
  messages: {
    associated: 'The user pool is protected by web ACL {webAcl}.',
    'not-associated': 'The user pool has no AWS WAF web ACL: its sign-in and sign-up endpoints take every request.',
    'outside-scan': OUTSIDE_SCAN_MESSAGE,
  },
  select: (view) => view.trustedUserPools(),
  evaluate: (entity, outcome, view) => {
    if (entity.kind === 'outside-user-pool') return outcome.notApplicable('outside-scan', outsideScanEvidence(entity));
    const { pool, trustedBy, ref } = entity;
    const slot = view.inventory.shared.userPoolWebAcls?.[ref.arn];
    if (!slot) {
      const error = { service: 'wafv2', operation: 'GetWebACLForResource', region: ref.region, resource: ref.arn, code: 'NotCollected', message: 'the web ACL of the user pool was not in the snapshot' };
      return outcome.gap(error, { userPool: ref.arn });
    }
    if (!slot.ok) return outcome.gap(slot.error, { userPool: ref.arn });
    if (!slot.value.associated) {
      return outcome.fail('not-associated', { webAcl: null, chain: trustChain(pool, trustedBy, 'no web ACL filters the pool\'s endpoints') });
    }
    const webAcl = slot.value.WebACLArn ?? slot.value.Name ?? 'unnamed';
    return outcome.pass('associated', { webAcl, chain: trustChain(pool, trustedBy, `web ACL ${webAcl} filters the pool's endpoints`) });
  },
});
