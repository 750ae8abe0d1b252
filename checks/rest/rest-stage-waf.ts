import { defineCheck } from '../../src/engine/define.js';
import { analyseWebAcl } from '../../src/analysis/waf.js';
import type { RestStageEntity } from '../../src/inventory/view.js';

export default defineCheck<RestStageEntity, 'associated' | 'filters-nothing' | 'not-associated'>({
  id: 'rest-stage-waf',
  title: 'REST API stages are protected by an AWS WAF web ACL',
  severity: 'medium',
  resourceTypes: ['rest-stage'],
  reads: ['rest-stages', 'web-acls'],
  rationale:
    'A web ACL filters requests before they reach the API: known-bad inputs (SQL injection, ' +
    'cross-site scripting), bad-reputation IP addresses, bots, and request floods through ' +
    'rate-based rules. Without one, every request that passes authentication, or every request ' +
    'at all on unauthenticated methods, reaches the integration. Private APIs are included: ' +
    'callers inside the network can be compromised too, and a web ACL is the only request-level ' +
    'filter API Gateway offers. An associated web ACL that lets every request through protects ' +
    'nothing and fails: its default action is Allow (the action for requests no rule ' +
    'terminates, AWS WAF API reference "DefaultAction") and no rule or rule group that can be ' +
    'reached can block or challenge, because it has none, they only count, or an Allow rule that ' +
    'matches every request comes first (Allow is terminating: "How AWS WAF handles rule and rule ' +
    'group actions"). Rule groups whose contents GetWebACL does not show are taken as able to ' +
    'filter. A web ACL that could not be read is an error: whether it filters anything is not ' +
    'known. How well the rules protect is rest-stage-waf-rules\'s concern.',
  remediation: {
    text: 'Associate a regional AWS WAF web ACL with the stage (managed rule groups plus a rate-based rule are a sound start).',
    cli: 'aws wafv2 associate-web-acl --web-acl-arn <web-acl-arn> --resource-arn arn:aws:apigateway:<region>::/restapis/<api-id>/stages/<stage>',
    docs: 'https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-control-access-aws-waf.html',
  },
  mappings: {
    securityHub: ['APIGateway.4'],
    awsConfig: ['api-gw-associated-with-waf'],
    owaspApi2023: ['API4', 'API8'],
    nist80053r5: ['AC-4(21)'],
  },
  messages: {
    associated: 'Stage {stage} is associated with web ACL {webAclArn}.',
    'filters-nothing':
      'Stage {stage} is associated with web ACL {webAclArn}, which lets every request through: default action ' +
      '{defaultAction}, and none of its {ruleCount} rules and rule groups that run can block or challenge.',
    'not-associated': 'Stage {stage} has no AWS WAF web ACL.',
  },
  select: (view) => view.restStages(),
  evaluate: ({ stage, api }, outcome, view) => {
    const webAclArn = stage.webAclArn?.trim();
    const endpointTypes = api.api.endpointConfiguration?.types ?? [];
    if (!webAclArn) return outcome.fail('not-associated', { stage: stage.stageName, endpointTypes });
    const acl = view.webAcl(api.region, webAclArn);
    if (!acl.ok) return outcome.gap(acl.error, { stage: stage.stageName, webAclArn });
    const analysis = analyseWebAcl(acl.value);
    const evidence = {
      stage: stage.stageName,
      webAclArn,
      defaultAction: analysis.defaultAction,
      ruleCount: analysis.entries.length,
      filtering: analysis.filtering,
      defeatedBy: analysis.defeatedBy,
      defeated: analysis.defeated,
    };
    const letsEverythingThrough = analysis.effectiveDefault === 'Allow' && analysis.filtering.length === 0;
    return letsEverythingThrough ? outcome.fail('filters-nothing', evidence) : outcome.pass('associated', evidence);
  },
});
