import { defineCheck } from '../../src/engine/define.js';
import { analyseWebAcl, COMMON_RULE_SET, SQLI_RULE_SET } from '../../src/inventory/waf.js';
import type { RestStageEntity } from '../../src/inventory/view.js';

type MessageId = 'protective' | 'allow-list' | 'incomplete' | 'not-blocking' | 'no-web-acl';

const MISSING = {
  blocking: 'a blocking rule or rule group',
  common: `the AWS core rule set (${COMMON_RULE_SET})`,
  sqli: `SQL injection protection (${SQLI_RULE_SET} or a blocking SQLi match rule)`,
  rate: 'a blocking rate-based rule',
} as const;

export default defineCheck<RestStageEntity, MessageId>({
  id: 'rest-stage-waf-rules',
  title: 'The web ACL on a REST API stage blocks common attacks, SQL injection and request floods',
  severity: 'medium',
  resourceType: 'rest-stage',
  rationale:
    'Associating a web ACL proves nothing by itself: an ACL whose rules only count (a managed ' +
    'group with OverrideAction Count, every rule of a group overridden to Count, rules left in ' +
    'Count after testing) filters no request, and one without a rate-based rule does nothing ' +
    'against floods and credential stuffing. This check reads the ACL (Firewall Manager pre- and ' +
    'post-process groups included) and asks for: at least one blocking rule or rule group; the ' +
    'AWS core rule set (AWSManagedRulesCommonRuleSet) blocking; SQL injection protection ' +
    '(AWSManagedRulesSQLiRuleSet, or a blocking rule with a SQLi match statement); and a ' +
    'rate-based rule with action Block. A counted AWS group followed by a blocking rule on its ' +
    'labels counts as that protection. Customer and Firewall Manager rule group references ' +
    'cannot be inspected without GetRuleGroup, so they are listed as unverified and never taken ' +
    'for a protection. Captcha and Challenge actions are not blocking: a client that solves ' +
    'them once passes. A web ACL whose default action is Block (an allow-list: only requests ' +
    'its rules allow get through) passes, whatever its rules. Stages without a web ACL are ' +
    'rest-stage-waf\'s concern.',
  remediation: {
    text:
      'Add the AWS managed core rule set and SQL database rule groups with OverrideAction None, ' +
      'and a rate-based rule with action Block sized for the API; move rules out of Count mode ' +
      'once tested.',
    cli: "aws wafv2 update-web-acl --scope REGIONAL --name <web-acl-name> --id <web-acl-id> --lock-token <lock-token> --default-action Allow={} --visibility-config SampledRequestsEnabled=true,CloudWatchMetricsEnabled=true,MetricName=<metric> --rules file://rules.json",
    docs: 'https://docs.aws.amazon.com/waf/latest/developerguide/aws-managed-rule-groups-baseline.html',
  },
  mappings: {
    owaspApi2023: ['API4', 'API8'],
  },
  messages: {
    protective:
      'Web ACL {webAcl} on stage {stage} blocks with the core rule set ({commonRuleSet}), SQL injection ' +
      'protection ({sqlInjection}) and a rate-based rule ({rateBased}).',
    'allow-list':
      'Web ACL {webAcl} on stage {stage} blocks by default and lets through only what its rules allow ' +
      '(allow-list model; {ruleCount} rules).',
    incomplete: 'Web ACL {webAcl} on stage {stage} blocks some requests but lacks {missing}.',
    'not-blocking':
      'Web ACL {webAcl} on stage {stage} blocks nothing: its default action is Allow and none of its ' +
      '{ruleCount} rules and rule groups can be shown to block.',
    'no-web-acl': 'Stage {stage} has no web ACL (see rest-stage-waf).',
  },
  select: (view) => view.restStages(),
  evaluate: ({ stage, api }, outcome, view) => {
    const webAclArn = stage.webAclArn?.trim();
    if (!webAclArn) return outcome.notApplicable('no-web-acl', { stage: stage.stageName });
    const acl = view.webAcl(api.region, webAclArn);
    if (!acl.ok) return outcome.gap(acl.error, { stage: stage.stageName, webAclArn });
    const analysis = analyseWebAcl(acl.value);
    const evidence = {
      stage: stage.stageName,
      webAcl: acl.value.Name ?? webAclArn,
      webAclArn,
      defaultAction: analysis.defaultAction,
      model: analysis.defaultAction === 'Block' ? 'allow-list' : 'block-list',
      ruleCount: analysis.entries.length,
      blocking: analysis.blocking,
      commonRuleSet: analysis.commonRuleSet,
      sqlInjection: analysis.sqlInjection,
      rateBased: analysis.rateBased,
      countOnly: analysis.countOnly,
      weakened: analysis.weakened,
      unverified: analysis.unverified,
      allowRules: analysis.allowRules,
      challengeRules: analysis.challengeRules,
    };
    if (analysis.defaultAction === 'Block') return outcome.pass('allow-list', evidence);
    const missing = [
      ...(analysis.blocking.length === 0 ? [MISSING.blocking] : []),
      ...(analysis.commonRuleSet.length === 0 ? [MISSING.common] : []),
      ...(analysis.sqlInjection.length === 0 ? [MISSING.sqli] : []),
      ...(analysis.rateBased.length === 0 ? [MISSING.rate] : []),
    ];
    if (analysis.blocking.length === 0) return outcome.fail('not-blocking', { ...evidence, missing });
    if (missing.length > 0) return outcome.fail('incomplete', { ...evidence, missing });
    return outcome.pass('protective', { ...evidence, missing });
  },
});
