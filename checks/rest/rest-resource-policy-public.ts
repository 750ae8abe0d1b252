import { defineCheck } from '../../src/engine/define.js';
import { analysePublicAccess, apiContext, parsePolicy, VPC_KEYS } from '../../src/inventory/policy.js';
import type { RestApiEntity } from '../../src/inventory/view.js';

type MessageId = 'not-public' | 'public' | 'private-pinned' | 'private-unpinned' | 'no-policy' | 'private-no-policy';

export default defineCheck<RestApiEntity, MessageId>({
  id: 'rest-resource-policy-public',
  title: 'REST API resource policies do not let everyone invoke the API (private APIs: pinned to VPC endpoints)',
  severity: 'high',
  resourceType: 'rest-api',
  rationale:
    'A resource policy that allows execute-api:Invoke to Principal "*" with no condition on ' +
    'source network, VPC endpoint, organisation or account lets anyone invoke the API, and on ' +
    'methods without authorization that means anyone on the internet. Such grants are usually ' +
    'copied from examples and meant to be narrowed later. A private API is reachable through any ' +
    'interface VPC endpoint for execute-api, including endpoints in other accounts\' VPCs, ' +
    'unless its policy pins access with aws:SourceVpce or aws:SourceVpc. Statements are judged ' +
    'conservatively: an Allow counts for the whole API whatever resource it names, and a Deny ' +
    'neutralises it only when the Deny applies to everyone, covers Invoke on every resource the ' +
    'Allow names and has no condition other than a negated network, organisation or account match.',
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
    'private-pinned': 'The private API\'s resource policy pins access to VPC endpoints (grants to everyone: {publicGrants}, all pinned or denied).',
    'private-unpinned': 'The private API\'s resource policy does not pin access to VPC endpoints: {openStatements}.',
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
    const analysis = analysePublicAccess(parsed.document, ctx, isPrivate ? { keys: VPC_KEYS } : {});
    const evidence = {
      endpointType,
      publicGrants: analysis.open.length + analysis.restricted.length + analysis.neutralised.length,
      restricted: analysis.restricted.map((r) => `${r.statement}: ${r.restrictedBy.join('; ')}`),
      neutralised: analysis.neutralised.map((n) => `${n.statement} denied by ${n.deniedBy}`),
    };
    if (analysis.open.length === 0) return outcome.pass(isPrivate ? 'private-pinned' : 'not-public', evidence);
    return outcome.fail(isPrivate ? 'private-unpinned' : 'public', {
      ...evidence,
      openStatements: analysis.open.map((o) => o.statement),
    });
  },
});
