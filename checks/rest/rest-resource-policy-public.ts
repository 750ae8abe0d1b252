import { defineCheck } from '../../src/engine/define.js';
import { restMethods } from '../../src/inventory/method-settings.js';
import {
  analysePublicAccess,
  apiContext,
  endpointFamilies,
  methodTarget,
  parsePolicy,
  type ApiContext,
  type CallerOptions,
  type PolicyDocument,
} from '../../src/inventory/policy.js';
import type { RestApi } from '../../src/inventory/schema.js';
import type { RestApiEntity } from '../../src/inventory/view.js';

/**
 * The deployed methods an unrestricted grant opens to the caller, when methods and stages were
 * collected (the verdict does not need them: it judges the policy over the whole API).
 */
function openMethods(api: RestApi, document: PolicyDocument, ctx: ApiContext, options: CallerOptions): string[] | undefined {
  if (!api.resources.ok || !api.stages.ok) return undefined;
  const stages = api.stages.value.map((s) => s.stageName);
  return restMethods(api.resources.value)
    .filter((m) => {
      const targets = stages.map((stage) => methodTarget(ctx, stage, m.httpMethod, m.path));
      return analysePublicAccess(document, ctx, { ...options, targets }).open.length > 0;
    })
    .map((m) => m.label);
}

type MessageId = 'not-public' | 'public' | 'private-pinned' | 'private-unpinned' | 'no-policy' | 'private-no-policy';

export default defineCheck<RestApiEntity, MessageId>({
  id: 'rest-resource-policy-public',
  title: 'REST API resource policies do not let everyone invoke the API (private APIs: pinned to VPC endpoints or an organisation)',
  severity: 'high',
  resourceTypes: ['rest-api'],
  rationale:
    'A resource policy that allows execute-api:Invoke to Principal "*" (or {"AWS": "*"}) with no ' +
    'condition an outsider fails lets anyone invoke what it names, and on methods without ' +
    'authorization that means anyone at all. Such grants are usually copied from examples and meant ' +
    'to be narrowed later. A private API is reachable through any interface VPC endpoint for ' +
    'execute-api, including endpoints in other accounts\' VPCs, unless its policy pins the endpoints ' +
    '(aws:SourceVpce, aws:SourceVpc) or the organisation (aws:PrincipalOrgID, aws:VpceOrgID, ' +
    'aws:VpceAccount, …) allowed (Developer Guide: "Private REST APIs in API Gateway"). Conditions ' +
    'are judged as IAM evaluates them (IAM User Guide: "Condition operators"): a key the caller lacks ' +
    'makes a positive operator false and a negated one true, so "aws:SourceVpce like vpce-*" keeps ' +
    'internet callers out of a public API but admits every VPC endpoint to a private one; values ' +
    'matching every value of their kind (vpce-*, o-*, arn:aws:iam::*:*, *, ?*) and source ranges ' +
    'that together cover a whole address family pin nothing. An Allow counts for the resources of this ' +
    'API it names (Resource or NotResource; another API\'s ARN grants nothing here), and a Deny ' +
    'neutralises it only when the Deny applies to everyone, covers Invoke on everything the Allow ' +
    'names and has conditions true for every outsider. The methods an open grant reaches are listed.',
  remediation: {
    text:
      'Narrow the public Allow with a condition (aws:SourceIp, aws:SourceVpce, aws:PrincipalOrgID, …) ' +
      'or name the principals it is for; for private APIs, add an explicit Deny for requests whose ' +
      'aws:SourceVpce is not one of yours. Redeploy the API for the policy to take effect.',
    cli: "aws apigateway update-rest-api --rest-api-id <api-id> --patch-operations op=replace,path=/policy,value='<policy-json>' && aws apigateway create-deployment --rest-api-id <api-id> --stage-name <stage>",
    docs: 'https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-resource-policies-examples.html',
  },
  mappings: {
    owaspApi2023: ['API2', 'API8'],
  },
  messages: {
    'not-public': 'The resource policy grants no unrestricted public access (grants to everyone: {publicGrants}, all restricted or denied).',
    public: 'The resource policy lets anyone invoke the API: {openStatements}.',
    'private-pinned':
      'The private API\'s resource policy pins access to its VPC endpoints or organisation (grants to everyone: {publicGrants}, all pinned or denied).',
    'private-unpinned':
      'The private API\'s resource policy lets any VPC endpoint, in any AWS account, invoke it: {openStatements}.',
    'no-policy': 'The API has no resource policy.',
    'private-no-policy': 'The private API has no resource policy, so nothing can invoke it.',
  },
  select: (view) => view.restApis(),
  evaluate: ({ api, region }, outcome, view) => {
    const endpointTypes = api.endpointConfiguration?.types ?? [];
    const isPrivate = endpointTypes.includes('PRIVATE');
    const endpointType = endpointTypes.join(',') || 'unset';
    if (!api.policy?.trim()) {
      return outcome.notApplicable(isPrivate ? 'private-no-policy' : 'no-policy', { endpointType });
    }
    const parsed = parsePolicy(api.policy);
    if (!parsed.ok) return outcome.invalid(parsed.reason, { endpointType });
    const ctx = apiContext(api, region.region, view);
    const options: CallerOptions = {
      caller: isPrivate ? 'any-vpc-endpoint' : 'internet',
      families: endpointFamilies(api.endpointConfiguration?.ipAddressType),
    };
    const analysis = analysePublicAccess(parsed.document, ctx, options);
    const evidence = {
      endpointType,
      publicGrants: analysis.open.length + analysis.restricted.length + analysis.neutralised.length,
      restricted: analysis.restricted.map((r) => `${r.statement}: ${r.restrictedBy.join('; ')}`),
      neutralised: analysis.neutralised.map((n) => `${n.statement} denied by ${n.deniedBy}`),
      ...(analysis.elsewhere.length ? { elsewhere: analysis.elsewhere } : {}),
    };
    if (analysis.open.length === 0) return outcome.pass(isPrivate ? 'private-pinned' : 'not-public', evidence);
    const methods = openMethods(api, parsed.document, ctx, options);
    return outcome.fail(isPrivate ? 'private-unpinned' : 'public', {
      ...evidence,
      openStatements: analysis.open.map((o) => o.statement),
      ...(methods ? { openMethods: methods } : {}),
    });
  },
});
