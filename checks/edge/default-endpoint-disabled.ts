import { defineCheck } from '../../src/engine/define.js';
import { domainIndex } from '../../src/inventory/domains.js';
import type { RestApiEntity, Selection, V2ApiEntity } from '../../src/inventory/view.js';

type ApiEntity = RestApiEntity | V2ApiEntity;

export default defineCheck<ApiEntity, 'disabled' | 'enabled' | 'not-mapped'>({
  id: 'default-endpoint-disabled',
  title: 'APIs served through a custom domain have the default execute-api endpoint disabled',
  severity: 'medium',
  resourceTypes: ['rest-api', 'http-api', 'websocket-api'],
  rationale:
    'Every REST, HTTP and WebSocket API also answers on its default endpoint, ' +
    'https://{api-id}.execute-api.{region}.amazonaws.com, unless that endpoint is disabled. An API ' +
    'published through a custom domain is meant to be reached there, where the domain enforces ' +
    'its security policy, mutual TLS and base-path routing, and where CloudFront or firewall ' +
    'rules placed in front of the domain apply. The default endpoint skips all of these: a client ' +
    'without a certificate can bypass mutual TLS, a TLS 1.0 client may be accepted again (the ' +
    'default endpoint of a REST API uses TLS_1_0 unless the API sets its own security policy), ' +
    'and anything the domain layer filters reaches the API ' +
    'directly. Stage-level protections (an AWS WAF web ACL on a REST stage, authorizers, resource ' +
    'policies) apply on both endpoints. APIs that no custom domain serves are not applicable; when ' +
    'a domain list or mapping list of the region was not collected, an unmapped API is an ERROR, ' +
    'since the missing list could map it.',
  remediation: {
    text:
      'Disable the default endpoint once every client uses the custom domain. REST APIs need a ' +
      'new deployment for it to take effect; for HTTP and WebSocket APIs use `aws apigatewayv2 ' +
      'update-api --api-id <api-id> --disable-execute-api-endpoint`.',
    cli: "aws apigateway update-rest-api --rest-api-id <api-id> --patch-operations op=replace,path=/disableExecuteApiEndpoint,value='True' && aws apigateway create-deployment --rest-api-id <api-id> --stage-name <stage>",
    docs: 'https://docs.aws.amazon.com/apigateway/latest/developerguide/rest-api-disable-default-endpoint.html',
  },
  mappings: {
    owaspApi2023: ['API8'],
  },
  messages: {
    disabled: 'Served through {domains}; the default execute-api endpoint is disabled.',
    enabled: 'Served through {domains}, but the default endpoint {defaultEndpoint} still answers and bypasses the domain.',
    'not-mapped': 'No custom domain serves this API (default endpoint {endpointState}).',
  },
  select: (view): Selection<ApiEntity> => {
    const rest = view.restApis();
    const v2 = view.v2Apis();
    return { targets: [...rest.targets, ...v2.targets], gaps: [...rest.gaps, ...v2.gaps] };
  },
  evaluate: (target, outcome, view) => {
    const disabled =
      target.kind === 'rest-api' ? target.api.disableExecuteApiEndpoint === true : target.api.DisableExecuteApiEndpoint === true;
    const apiId = target.kind === 'rest-api' ? target.api.id : target.api.ApiId;
    const defaultEndpoint =
      target.kind === 'v2-api' && target.api.ApiEndpoint
        ? target.api.ApiEndpoint
        : `https://${apiId}.execute-api.${target.region.region}.amazonaws.com`;
    const endpointState = disabled ? 'disabled' : 'enabled';
    const index = domainIndex(view);
    const domains = (index.byApi.get(target.ref.arn) ?? []).map((d) => d.name);
    if (domains.length) {
      const evidence = { domains, defaultEndpoint, endpointState };
      return disabled ? outcome.pass('disabled', evidence) : outcome.fail('enabled', evidence);
    }
    const gaps = index.gapsByRegion.get(target.region.region) ?? [];
    if (gaps.length) return outcome.gap(gaps[0]!, { endpointState });
    return outcome.notApplicable('not-mapped', { endpointState });
  },
});
