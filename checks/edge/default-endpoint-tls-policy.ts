import { defineCheck } from '../../src/engine/define.js';
import { classifyTlsPolicy, endpointTypeOf, recommendedPolicies, type EndpointType } from '../../src/analysis/domains.js';
import { defaultEndpointState, restServedViews } from '../../src/analysis/served.js';
import type { RestApiEntity } from '../../src/inventory/view.js';

type MessageId = 'tls-1-2-plus' | 'tls-1-2-plus-basic' | 'tls-1-0' | 'endpoint-disabled';

/**
 * The policy a REST API without its own `securityPolicy` gets (Developer Guide, "Supported
 * security policies", Default security policies): TLS_1_0 for Regional and edge-optimized APIs,
 * TLS_1_2 for private ones.
 */
function defaultPolicy(endpointType: EndpointType): string {
  return endpointType === 'PRIVATE' ? 'TLS_1_2' : 'TLS_1_0';
}

export default defineCheck<RestApiEntity, MessageId>({
  id: 'default-endpoint-tls-policy',
  title: 'REST APIs refuse TLS 1.0 on their default execute-api endpoint',
  severity: 'medium',
  resourceTypes: ['rest-api'],
  reads: ['rest-stages', 'rest-deployments'],
  rationale:
    'A REST API has a security policy of its own, for its default endpoint ' +
    'https://{api-id}.execute-api.{region}.amazonaws.com, separate from those of its custom ' +
    'domains (RestApi securityPolicy and endpointAccessMode; Developer Guide, "Security policies ' +
    'for REST APIs in API Gateway"). Unless one is set, a Regional or edge-optimized API gets ' +
    'TLS_1_0, which still accepts TLS 1.0 and 1.1, and a private API TLS_1_2 (Developer Guide, ' +
    '"Supported security policies", default security policies), so a domain with a strict policy ' +
    'does not help while the default endpoint answers with TLS 1.0. TLS_1_2 and the enhanced ' +
    'SecurityPolicy_* policies refuse TLS 1.0 and 1.1 and pass; an enhanced policy needs an ' +
    'endpoint access mode, and BASIC (meant for migrating) is reported with the advice to move ' +
    'to STRICT. An API whose default endpoint is disabled, in its working copy and in every ' +
    'deployment its stages serve (see default-endpoint-disabled), is NOT_APPLICABLE. A policy ' +
    'this tool does not know is an ERROR, never assumed safe.',
  remediation: {
    text:
      'Give the API an enhanced security policy (Regional and private: SecurityPolicy_TLS13_1_3_2025_09, ' +
      'or SecurityPolicy_TLS13_1_2_PFS_PQ_2025_09 while TLS 1.2 clients remain; edge-optimized: ' +
      'SecurityPolicy_TLS13_2025_EDGE) with endpoint access mode BASIC, check clients still connect, ' +
      'then switch to STRICT; or disable the default endpoint when clients use a custom domain.',
    cli: 'aws apigateway update-rest-api --rest-api-id <api-id> --patch-operations op=replace,path=/securityPolicy,value=SecurityPolicy_TLS13_1_3_2025_09 op=replace,path=/endpointAccessMode,value=BASIC',
    docs: 'https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-security-policies.html',
  },
  mappings: {
    owaspApi2023: ['API8'],
  },
  messages: {
    'tls-1-2-plus': 'The default endpoint uses security policy {policy} (minimum TLS {minTls}, endpoint access mode {endpointAccessMode}).',
    'tls-1-2-plus-basic':
      'The default endpoint uses security policy {policy} (minimum TLS {minTls}) with endpoint access mode {endpointAccessMode}; switch to STRICT once clients are known to comply.',
    'tls-1-0': 'The default endpoint {defaultEndpoint} uses security policy {policy} ({policySource}) and still accepts TLS 1.0 and 1.1; use {recommended}.',
    'endpoint-disabled': 'The default endpoint is disabled, so its security policy serves no one.',
  },
  select: (view) => view.restApis(),
  evaluate: ({ api, region }, outcome) => {
    const endpointType = endpointTypeOf(api.endpointConfiguration?.types?.[0]);
    const own = api.securityPolicy?.trim();
    const policy = own || defaultPolicy(endpointType);
    const evidence = {
      defaultEndpoint: `https://${api.id}.execute-api.${region.region}.amazonaws.com`,
      endpointType,
      policy,
      policySource: own ? 'set on the API' : `unset: the ${endpointType} API default`,
      endpointAccessMode: api.endpointAccessMode ?? 'unset',
      recommended: recommendedPolicies(endpointType),
    };
    const info = classifyTlsPolicy(policy);
    // The policy only matters while the default endpoint answers.
    const endpoint = defaultEndpointState(api, api.stages.ok ? restServedViews(api, api.stages.value) : []);
    if (api.disableExecuteApiEndpoint === true && !api.stages.ok) return outcome.gap(api.stages.error, evidence);
    if (endpoint.state === 'disabled') return outcome.notApplicable('endpoint-disabled', evidence);
    if (!info) {
      return outcome.invalid(`security policy ${policy} is not one this version of apiposture recognises: check its minimum TLS version by hand`, evidence);
    }
    const judged = { ...evidence, minTls: info.minTls, endpointState: endpoint.state };
    if (info.minTls === '1.0') {
      // Whether the endpoint still answers decides whether TLS 1.0 is reachable.
      if (endpoint.state === 'gap') return outcome.gap(endpoint.error, judged);
      if (endpoint.state === 'unknown') return outcome.invalid(endpoint.reason, judged);
      return outcome.fail('tls-1-0', judged);
    }
    if (info.kind === 'enhanced' && (api.endpointAccessMode ?? '').toUpperCase() !== 'STRICT') return outcome.pass('tls-1-2-plus-basic', judged);
    return outcome.pass('tls-1-2-plus', judged);
  },
});
