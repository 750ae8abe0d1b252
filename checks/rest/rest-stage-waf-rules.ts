import { defineCheck } from '../../src/engine/define.js';
import { analyseWebAcl, COMMON_RULE_SET, SQLI_RULE_SET, type WebAclAnalysis } from '../../src/analysis/waf.js';
import type { RestStageEntity } from '../../src/inventory/view.js';

type MessageId = 'protective' | 'allow-list' | 'incomplete' | 'partial' | 'defeated' | 'not-blocking' | 'no-web-acl';

const MISSING = {
  blocking: 'a blocking rule or rule group',
  common: `the AWS core rule set (${COMMON_RULE_SET})`,
  sqli: `SQL injection protection (${SQLI_RULE_SET} or a blocking SQLi match rule)`,
  rate: 'a blocking rate-based rule',
} as const;

/** How each protection is named when it is only partly in force. */
const PARTIAL_NAMES = {
  common: `the AWS core rule set (${COMMON_RULE_SET})`,
  sqlInjection: 'SQL injection protection',
  rateLimiting: 'rate limiting',
} as const;

function missingProtections(analysis: WebAclAnalysis): string[] {
  const { common, sqlInjection, rateLimiting } = analysis.protections;
  return [
    ...(analysis.blocking.length === 0 ? [MISSING.blocking] : []),
    ...(common.coverage === 'missing' ? [MISSING.common] : []),
    ...(sqlInjection.coverage === 'missing' ? [MISSING.sqli] : []),
    ...(rateLimiting.coverage === 'missing' ? [MISSING.rate] : []),
  ];
}

function partialProtections(analysis: WebAclAnalysis): string[] {
  return (Object.keys(PARTIAL_NAMES) as Array<keyof typeof PARTIAL_NAMES>).flatMap((key) => {
    const protection = analysis.protections[key];
    return protection.coverage === 'partial' ? [`${PARTIAL_NAMES[key]}: ${protection.gaps.join('; ')}`] : [];
  });
}

export default defineCheck<RestStageEntity, MessageId>({
  id: 'rest-stage-waf-rules',
  title: 'The web ACL on a REST API stage blocks common attacks, SQL injection and request floods',
  severity: 'medium',
  resourceTypes: ['rest-stage'],
  reads: ['rest-stages', 'web-acls'],
  rationale:
    'Associating a web ACL proves nothing by itself: an ACL whose rules only count (a managed ' +
    'group with OverrideAction Count, every rule of a group overridden to Count, rules left in ' +
    'Count after testing) filters no request, and one without a rate-based rule does nothing ' +
    'against floods and credential stuffing. This check reads the ACL (Firewall Manager pre- and ' +
    'post-process groups included) and asks for: at least one blocking rule or rule group; the ' +
    'AWS core rule set (AWSManagedRulesCommonRuleSet) blocking; SQL injection protection ' +
    '(AWSManagedRulesSQLiRuleSet, or a blocking rule with a SQLi match statement); and a ' +
    'rate-based rule with action Block. A counted AWS group followed by a blocking rule on its ' +
    'labels counts as that protection. ' +
    'Order matters: AWS WAF runs Firewall Manager pre-process groups, then the ACL\'s rules, then ' +
    'post-process groups, each by priority, lowest first, and Allow and Block are terminating: no ' +
    'rule after a matching Allow or Block runs for that request (AWS WAF developer guide, "Setting ' +
    'rule priority", "How AWS WAF handles rule and rule group actions", "Rule group management for ' +
    'AWS WAF policies"). Count, and Captcha or Challenge for a client with a valid token, are not ' +
    'terminating ("CAPTCHA and Challenge action behavior") and defeat nothing. An Allow rule that ' +
    'matches every request (a URI path starting with /, a NOT of a statement that is never true) ' +
    'defeats every rule and group after it: they are not counted, and the evidence names the ' +
    'defeating rule and the defeated ones. An Allow that matches only some requests (an IP set, a ' +
    'path, a managed rule overridden to Allow) makes the protections after it skip those ' +
    'requests; a managed rule group or rate-based rule with a scope-down statement inspects only ' +
    'what that statement matches ("Using scope-down statements in AWS WAF"); a core rule set or ' +
    'SQL database group with an attack-signature rule (XSS, LFI, RFI, SSRF, SQLi) overridden away ' +
    'from Block misses that attack. Such a protection is partial, and partial fails: the check ' +
    'claims the ACL blocks these attacks for the API\'s traffic, and requests in the exempt scope ' +
    'are not inspected at all, whoever controls them. When an allow statement\'s reach cannot be ' +
    'read from GetWebACL (an IP set, a regex pattern set, a label) it is taken as narrow and named. ' +
    'Customer and Firewall Manager rule group references ' +
    'cannot be inspected without GetRuleGroup, so they are listed as unverified and never taken ' +
    'for a protection. Captcha and Challenge actions are not blocking: a client that solves ' +
    'them once passes. A web ACL whose default action is Block (an allow-list: only requests ' +
    'its rules allow get through) passes, whatever its rules; so does one whose rules end in a ' +
    'Block that matches every request. One whose default action cannot be read passes only if ' +
    'its rules alone would; otherwise it is an error. Stages without a web ACL are ' +
    'rest-stage-waf\'s concern.',
  remediation: {
    text:
      'Add the AWS managed core rule set and SQL database rule groups with OverrideAction None, ' +
      'and a rate-based rule with action Block sized for the API; move rules out of Count mode ' +
      'once tested. Put Allow rules after the managed groups and rate-based rule, or narrow them, ' +
      'and drop scope-down statements that exempt part of the API.',
    cli: "aws wafv2 update-web-acl --scope REGIONAL --name <web-acl-name> --id <web-acl-id> --lock-token <lock-token> --default-action Allow={} --visibility-config SampledRequestsEnabled=true,CloudWatchMetricsEnabled=true,MetricName=<metric> --rules file://rules.json",
    docs: 'https://docs.aws.amazon.com/waf/latest/developerguide/web-acl-processing-order.html',
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
    partial: 'Web ACL {webAcl} on stage {stage} has every protection, but only in part: {partial}.',
    defeated:
      'Web ACL {webAcl} on stage {stage}: {defeatedBy} lets every request through before {defeated} run; ' +
      'it lacks {missing}.',
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
      model: analysis.effectiveDefault === 'Block' ? 'allow-list' : 'block-list',
      ruleCount: analysis.entries.length,
      blocking: analysis.blocking,
      commonRuleSet: analysis.commonRuleSet,
      sqlInjection: analysis.sqlInjection,
      rateBased: analysis.rateBased,
      defeatedBy: analysis.defeatedBy,
      defeated: analysis.defeated,
      bypasses: analysis.bypasses,
      countOnly: analysis.countOnly,
      weakened: analysis.weakened,
      unverified: analysis.unverified,
      allowRules: analysis.allowRules,
      challengeRules: analysis.challengeRules,
    };
    if (analysis.effectiveDefault === 'Block') return outcome.pass('allow-list', evidence);
    const missing = missingProtections(analysis);
    const partial = partialProtections(analysis);
    const judged = { ...evidence, missing, partial };
    if (missing.length === 0 && partial.length === 0) {
      if (analysis.unknownActions.length > 0) {
        return outcome.invalid(`rules with an action apiposture does not know, which may end evaluation: ${analysis.unknownActions.join(', ')}`, judged);
      }
      return outcome.pass('protective', judged);
    }
    // Failing on the rules alone assumes an Allow default; with an unreadable one that is a guess.
    if (analysis.effectiveDefault === 'unknown') {
      return outcome.invalid('the web ACL has no DefaultAction of Allow or Block, so whether it is an allow-list cannot be told', judged);
    }
    const defeatedMatters = analysis.defeatedBy !== null && analysis.defeated.length > 0 && missing.length > 0;
    if (defeatedMatters) return outcome.fail('defeated', judged);
    if (analysis.blocking.length === 0) return outcome.fail('not-blocking', judged);
    if (missing.length > 0) return outcome.fail('incomplete', judged);
    return outcome.fail('partial', judged);
  },
});
