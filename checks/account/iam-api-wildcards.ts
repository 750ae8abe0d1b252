import { defineCheck } from '../../src/engine/define.js';
import { analyseApiWildcards, parseIdentityPolicy } from '../../src/inventory/iam.js';
import type { IamPolicyEntity } from '../../src/inventory/view.js';

type MessageId = 'admin' | 'service-wildcard' | 'scoped' | 'no-api-grants';

export default defineCheck<IamPolicyEntity, MessageId>({
  id: 'iam-api-wildcards',
  title: 'IAM policies do not grant execute-api:*, apigateway:* or * on every resource',
  severity: 'high',
  resourceType: 'iam-policy',
  rationale:
    'IAM authorization (AWS_IAM methods and routes) is only as narrow as the policies that grant ' +
    'execute-api:Invoke. A policy allowing execute-api:* on "*" lets whoever holds it call every ' +
    'IAM-protected API in the account, every stage and method, flush their caches and post to ' +
    'any WebSocket connection: broken function-level authorization by configuration. apigateway:* ' +
    'on "*" lets them rewrite any API: remove authorizers, open resource policies, detach web ' +
    'ACLs, read API keys. "*" on "*" (administrator access) does both and more, and is reported ' +
    'as critical. A service counts as granted in full when every one of its actions is allowed on ' +
    'every resource, whether by a wildcard (execute-api:*, *, execute-*:*) or by a NotAction that ' +
    'does not exclude it; a Deny without conditions in the same policy that takes an action back ' +
    'ends the full grant. Customer-managed and inline policies are evaluated, attached or not; ' +
    'AWS-managed policies are not collected.',
  remediation: {
    text:
      'Replace the wildcard with the actions the principal needs, on the ARNs of the APIs, stages and ' +
      'methods it needs (arn:aws:execute-api:<region>:<account-id>:<api-id>/<stage>/<VERB>/<path>), and ' +
      'keep administrator access to break-glass roles.',
    cli: 'aws iam create-policy-version --policy-arn <policy-arn> --policy-document file://scoped-policy.json --set-as-default',
    docs: 'https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-control-access-using-iam-policies-to-invoke-api.html',
  },
  mappings: {
    securityHub: ['IAM.1', 'IAM.21'],
    awsConfig: ['iam-policy-no-statements-with-admin-access', 'iam-policy-no-statements-with-full-access'],
    owaspApi2023: ['API5', 'API8'],
  },
  messages: {
    admin:
      'Policy {policy} allows every action on every resource ({statements}): its holders administer every API ' +
      'and can invoke every IAM-authorized one.',
    'service-wildcard': 'Policy {policy} allows {wildcards} on every resource ({statements}).',
    scoped: 'Policy {policy} grants API Gateway actions, but not a whole service on every resource ({apiStatements}).',
    'no-api-grants': 'Policy {policy} grants no API Gateway (execute-api or apigateway) actions.',
  },
  select: (view) => view.iamPolicies(),
  evaluate: ({ policy, ref }, outcome, view) => {
    const base = { policy: ref.name, kind: policy.kind, attachmentCount: policy.attachmentCount ?? null };
    const parsed = parseIdentityPolicy(policy.document);
    if (!parsed.ok) return outcome.invalid(parsed.reason, base);
    const analysis = analyseApiWildcards(parsed.document, view.partition);
    const wildcards = analysis.services.map((s) => `${s.service}:*`);
    const neutralised = analysis.neutralised.map((n) => `${n.service === 'admin' ? '*' : `${n.service}:*`} taken back by ${n.deniedBy.join(', ')}`);
    const evidence = { ...base, wildcards, neutralised, apiStatements: analysis.apiStatements };
    if (analysis.admin) return outcome.fail('admin', { ...evidence, statements: analysis.admin.statements }, 'critical');
    if (analysis.services.length > 0) {
      const statements = [...new Set(analysis.services.flatMap((s) => s.statements))];
      return outcome.fail('service-wildcard', { ...evidence, statements });
    }
    if (analysis.apiStatements.length > 0) return outcome.pass('scoped', evidence);
    return outcome.pass('no-api-grants', evidence);
  },
});
