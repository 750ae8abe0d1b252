import { defineCheck } from '../../src/engine/define.js';
import { metricsGaps, webAclTargets } from '../../src/analysis/web-acls.js';
import type { WebAclEntity } from '../../src/inventory/view.js';

export default defineCheck<WebAclEntity, 'all-metrics' | 'metrics-off'>({
  id: 'waf-rule-metrics',
  title: 'Web ACLs protecting the APIs send CloudWatch metrics for themselves and every rule',
  severity: 'low',
  resourceTypes: ['web-acl'],
  reads: ['rest-stages', 'web-acls'],
  rationale:
    'A rule\'s CloudWatch metrics (AllowedRequests, BlockedRequests, CountedRequests … per rule) ' +
    'are what an alarm on an attack or on a rule suddenly blocking legitimate callers watches; the ' +
    'web ACL\'s own metrics count the requests its default action handled ("AWS WAF metrics and ' +
    'dimensions"). VisibilityConfig.CloudWatchMetricsEnabled turns them on per web ACL and per ' +
    'rule (AWS WAF API reference, VisibilityConfig: required on WebACL and on Rule, so one missing ' +
    'from what GetWebACL returned is unknown and reported as an error, not taken as off). The web ' +
    'ACL fails when it or any of its own rules has the metrics off. Firewall Manager rule groups ' +
    'are listed in the evidence without failing: only the Firewall Manager administrator can ' +
    'change them.',
  remediation: {
    text: 'Set CloudWatchMetricsEnabled to true in the VisibilityConfig of the web ACL and of every rule (update-web-acl replaces the whole web ACL: start from get-web-acl).',
    cli: 'aws wafv2 update-web-acl --name <name> --scope REGIONAL --id <id> --lock-token <token> --default-action <current> --rules file://rules-with-metrics.json --visibility-config SampledRequestsEnabled=true,CloudWatchMetricsEnabled=true,MetricName=<name>',
    docs: 'https://docs.aws.amazon.com/waf/latest/developerguide/monitoring-cloudwatch.html',
  },
  mappings: {
    securityHub: ['WAF.12'],
    owaspApi2023: ['API8'],
  },
  messages: {
    'all-metrics': 'Web ACL {webAcl} and its {ruleCount} rules send CloudWatch metrics.',
    'metrics-off': 'Web ACL {webAcl} sends no CloudWatch metrics for: {metricsOff}.',
  },
  select: (view) => webAclTargets(view),
  evaluate: ({ ref, arn, acl, usedBy }, outcome) => {
    const base = { webAcl: ref.name, webAclArn: arn, stages: usedBy.map((use) => use.stage) };
    if (!acl.ok) return outcome.gap(acl.error, base);
    const { own, firewallManager } = metricsGaps(acl.value);
    const evidence = {
      ...base,
      ruleCount: acl.value.Rules?.length ?? 0,
      firewallManagerWithoutMetrics: firewallManager.map((gap) => gap.what),
    };
    const off = own.filter((gap) => gap.enabled === false).map((gap) => gap.what);
    const unknown = own.filter((gap) => gap.enabled === null).map((gap) => gap.what);
    if (off.length > 0) return outcome.fail('metrics-off', { ...evidence, metricsOff: off, visibilityConfigMissing: unknown });
    if (unknown.length > 0) {
      return outcome.invalid(`GetWebACL returned no VisibilityConfig for: ${unknown.join(', ')}`, { ...evidence, visibilityConfigMissing: unknown });
    }
    return outcome.pass('all-metrics', evidence);
  },
});
