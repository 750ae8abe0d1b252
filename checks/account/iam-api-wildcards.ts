import { defineCheck } from '../../src/engine/define.js';
import { analyseApiWildcards, parseIdentityPolicy, type ApiWildcardAnalysis } from '../../src/analysis/iam.js';
import type { IamPolicy } from '../../src/inventory/schema.js';
import type { IamPolicyEntity } from '../../src/inventory/view.js';

type MessageId = 'admin' | 'service-wildcard' | 'broad-grant' | 'unattached' | 'scoped' | 'no-api-grants';

/** AWS-managed policies live in the `aws` account: arn:aws:iam::aws:policy/… */
const isAwsManaged = (policy: IamPolicy) => policy.kind === 'managed' && policy.arn.split(':')[4] === 'aws';

/** `role/app/lambda-exec` from arn:aws:iam::123456789012:role/app/lambda-exec. */
const principalOf = (arn: string) => arn.split(':').slice(5).join(':');

/**
 * The roles, users and groups the policy reaches: the owner of an inline policy; the
 * attachments of a managed one (none when IAM counts none); null when an older snapshot does
 * not say.
 */
function attachmentsOf(policy: IamPolicy): string[] | null {
  if (policy.kind !== 'managed') return [principalOf(policy.arn)];
  return policy.attachedTo ?? (policy.attachmentCount === 0 ? [] : null);
}

/**
 * Attached to nothing: no principal lists it and IAM's attachment count, when known, is zero.
 * An unknown attachment is taken as attached.
 */
function isUnattached(policy: IamPolicy, attachedTo: string[] | null): boolean {
  return attachedTo !== null && attachedTo.length === 0 && (policy.attachmentCount ?? 0) === 0;
}

/** What the policy grants broadly, the larger grant standing for what it implies. */
function grantsOf(analysis: ApiWildcardAnalysis): string[] {
  if (analysis.admin) return ['*'];
  const full = new Set<string>(analysis.services.map((s) => s.service));
  return [
    ...analysis.services.map((s) => `${s.service}:*`),
    ...analysis.broad.filter((b) => !full.has(b.action.split(':')[0]!)).map((b) => `${b.action} on ${b.scope}`),
  ];
}

function failingStatements(analysis: ApiWildcardAnalysis): string[] {
  if (analysis.admin) return analysis.admin.statements;
  return [...new Set([...analysis.services.flatMap((s) => s.statements), ...analysis.broad.flatMap((b) => b.statements)])];
}

export default defineCheck<IamPolicyEntity, MessageId>({
  id: 'iam-api-wildcards',
  title: 'IAM policies do not grant invoke or write access to every API, or * on every resource',
  severity: 'medium',
  resourceTypes: ['iam-policy'],
  reads: ['iam-policies'],
  rationale:
    'IAM authorization (AWS_IAM methods and routes) is only as narrow as the identity policies that grant ' +
    'execute-api:Invoke (API Gateway developer guide, "Control access for invoking an API"). A policy allowing ' +
    'execute-api:Invoke on every API (Resource "*", "arn:aws:execute-api:*:*:*" or any pattern whose API id, stage, ' +
    'verb and path are wildcards, in every region or in the regions it names) lets whoever holds it call every ' +
    'IAM-protected API: broken function-level authorization by configuration; execute-api:ManageConnections on ' +
    'every API lets them post to and disconnect every WebSocket client. API Gateway authorizes management calls ' +
    'as apigateway:<HTTP verb> on the resource path ("API Gateway permissions model for creating and managing an ' +
    'API"), so POST, PUT, PATCH or DELETE on every REST API (arn:aws:apigateway:*::/restapis/*, ' +
    'arn:aws:apigateway:<region>::/*, "*") or every HTTP/WebSocket API (/apis/*) lets them remove authorizers, ' +
    'open resource policies or delete APIs; GET only reads and is not reported. execute-api:* or apigateway:* on ' +
    'every resource is reported as the service wildcard, and "*" on "*" (administrator access) as critical. ' +
    'Actions match as in the IAM JSON policy reference: wildcards in Action (execute-api:Inv*, *), an Allow with ' +
    'NotAction grants every action it does not list, NotResource every resource it does not list; an explicit ' +
    'Deny without conditions in the same policy takes back what it covers (policy evaluation logic); conditions ' +
    'on an Allow do not narrow the scope here. Customer-managed, inline and attached AWS-managed policies ' +
    '(AdministratorAccess, PowerUserAccess, AmazonAPIGatewayAdministrator, AmazonAPIGatewayInvokeFullAccess …) ' +
    'are judged where they are attached, and each finding names the roles, users and groups it reaches. An ' +
    'identity-based policy grants only to the identities it is attached to, so a customer-managed policy ' +
    'attached to nothing grants nothing today: it still fails (one iam:Attach*Policy call from live, and AWS ' +
    'Config iam-policy-no-statements-with-admin-access judges customer-managed policies attached or not), at ' +
    'medium; an attached grant is high, attached administrator access critical. Other policies of the same ' +
    'principal, permissions boundaries and SCPs are not considered.',
  remediation: {
    text:
      'Replace the wildcard with the actions the principal needs, on the ARNs of the APIs, stages and ' +
      'methods it needs (arn:aws:execute-api:<region>:<account-id>:<api-id>/<stage>/<VERB>/<path>), detach ' +
      'broad AWS-managed policies in favour of scoped customer-managed ones, delete policies attached to ' +
      'nothing, and keep administrator access to break-glass roles.',
    cli: 'aws iam create-policy-version --policy-arn <policy-arn> --policy-document file://scoped-policy.json --set-as-default',
    docs: 'https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-control-access-using-iam-policies-to-invoke-api.html',
  },
  mappings: {
    securityHub: ['IAM.1', 'IAM.21'],
    awsConfig: ['iam-policy-no-statements-with-admin-access', 'iam-policy-no-statements-with-full-access'],
    owaspApi2023: ['API5', 'API8'],
    nist80053r5: ['AC-2', 'AC-2(1)', 'AC-3', 'AC-3(15)', 'AC-3(7)', 'AC-5', 'AC-6', 'AC-6(10)', 'AC-6(2)', 'AC-6(3)'],
  },
  messages: {
    admin:
      'Policy {policy} allows every action on every resource ({statements}): {holders} administer every API ' +
      'and can invoke every IAM-authorized one.',
    'service-wildcard': 'Policy {policy} allows {grants} on every resource ({statements}) to {holders}.',
    'broad-grant': 'Policy {policy} allows {grants} ({statements}) to {holders}.',
    unattached:
      'Policy {policy} is attached to no role, user or group, so it grants nothing today; attached, it would allow ' +
      '{grants} ({statements}).',
    scoped: 'Policy {policy} grants API Gateway actions, but none on every API ({apiStatements}).',
    'no-api-grants': 'Policy {policy} grants no API Gateway (execute-api or apigateway) actions.',
  },
  select: (view) => view.iamPolicies(),
  evaluate: ({ policy, ref }, outcome, view) => {
    const attachedTo = attachmentsOf(policy);
    const base = {
      policy: ref.name,
      kind: isAwsManaged(policy) ? 'aws-managed' : policy.kind,
      attachmentCount: policy.attachmentCount ?? null,
      attachedTo,
    };
    const parsed = parseIdentityPolicy(policy.document);
    if (!parsed.ok) return outcome.invalid(parsed.reason, base);
    const analysis = analyseApiWildcards(parsed.document, view.partition, view.accountId);
    const evidence = {
      ...base,
      wildcards: analysis.services.map((s) => `${s.service}:*`),
      grants: grantsOf(analysis),
      neutralised: analysis.neutralised.map((n) => `${n.grant} taken back by ${n.deniedBy.join(', ')}`),
      apiStatements: analysis.apiStatements,
    };
    if (evidence.grants.length > 0) {
      const holders = attachedTo ?? 'the principals it is attached to (this snapshot does not list them)';
      const failing = { ...evidence, statements: failingStatements(analysis), holders };
      if (isUnattached(policy, attachedTo)) return outcome.fail('unattached', failing);
      if (analysis.admin) return outcome.fail('admin', failing, 'critical');
      return outcome.fail(analysis.services.length > 0 ? 'service-wildcard' : 'broad-grant', failing, 'high');
    }
    if (analysis.apiStatements.length > 0) return outcome.pass('scoped', evidence);
    return outcome.pass('no-api-grants', evidence);
  },
});
