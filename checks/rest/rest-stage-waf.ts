import { defineCheck } from '../../src/engine/define.js';
import type { RestStageEntity } from '../../src/inventory/view.js';

export default defineCheck<RestStageEntity, 'associated' | 'not-associated'>({
  id: 'rest-stage-waf',
  title: 'REST API stages are protected by an AWS WAF web ACL',
  severity: 'medium',
  resourceType: 'rest-stage',
  rationale:
    'A web ACL filters requests before they reach the API: known-bad inputs (SQL injection, ' +
    'cross-site scripting), bad-reputation IP addresses, bots, and request floods through ' +
    'rate-based rules. Without one, every request that passes authentication, or every request ' +
    'at all on unauthenticated methods, reaches the integration. Private APIs are included: ' +
    'callers inside the network can be compromised too, and a web ACL is the only request-level ' +
    'filter API Gateway offers.',
  remediation: {
    text: 'Associate a regional AWS WAF web ACL with the stage (managed rule groups plus a rate-based rule are a sound start).',
    cli: 'aws wafv2 associate-web-acl --web-acl-arn <web-acl-arn> --resource-arn arn:aws:apigateway:<region>::/restapis/<api-id>/stages/<stage>',
    docs: 'https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-control-access-aws-waf.html',
  },
  mappings: {
    securityHub: ['APIGateway.4'],
    awsConfig: ['api-gw-associated-with-waf'],
    owaspApi2023: ['API4', 'API8'],
  },
  messages: {
    associated: 'Stage {stage} is associated with web ACL {webAclArn}.',
    'not-associated': 'Stage {stage} has no AWS WAF web ACL.',
  },
  select: (view) => view.restStages(),
  evaluate: ({ stage, api }, outcome) => {
    const webAclArn = stage.webAclArn?.trim();
    const endpointTypes = api.api.endpointConfiguration?.types ?? [];
    if (webAclArn) return outcome.pass('associated', { stage: stage.stageName, webAclArn });
    return outcome.fail('not-associated', { stage: stage.stageName, endpointTypes });
  },
});
