import check from '../../../checks/monitoring/waf-rule-metrics.js';
import type { WebAcl } from '../../../src/inventory/schema.js';
import { ACCOUNT, failed, inventory, region, restApi, stage } from '../../fixtures/builders.js';
import { testCheck } from '../tester.js';

const ACL = `arn:aws:wafv2:eu-west-1:${ACCOUNT}:regional/webacl/api-acl/11111111-2222-3333-4444-555555555555`;
const on = { CloudWatchMetricsEnabled: true, MetricName: 'm', SampledRequestsEnabled: true };
const off = { ...on, CloudWatchMetricsEnabled: false };

function acl(extra: Partial<WebAcl> = {}): WebAcl {
  return {
    ARN: ACL,
    Name: 'api-acl',
    DefaultAction: { Allow: {} },
    VisibilityConfig: on,
    Rules: [
      { Name: 'aws-common', Priority: 1, VisibilityConfig: on },
      { Name: 'rate', Priority: 2, VisibilityConfig: on },
    ] as WebAcl['Rules'],
    ...extra,
  };
}

function inv(webAcl: WebAcl | ReturnType<typeof failed<WebAcl>>) {
  return inventory({ regions: [region({ restApis: [restApi({ stages: [stage({ webAclArn: ACL })] })], webAcls: { [ACL]: webAcl } })] });
}

testCheck(check, [
  {
    name: 'metrics on for the web ACL and every rule pass',
    inventory: inv(acl()),
    expect: [{ status: 'PASS', messageId: 'all-metrics', resource: 'api-acl', evidence: { ruleCount: 2 } }],
  },
  {
    name: 'a rule without metrics fails, naming it',
    inventory: inv(acl({ Rules: [{ Name: 'aws-common', Priority: 1, VisibilityConfig: on }, { Name: 'rate', Priority: 2, VisibilityConfig: off }] as WebAcl['Rules'] })),
    expect: [{ status: 'FAIL', messageId: 'metrics-off', evidence: { metricsOff: ['rule rate'] } }],
  },
  {
    name: 'the web ACL\'s own metrics (the default action) count too',
    inventory: inv(acl({ VisibilityConfig: off })),
    expect: [{ status: 'FAIL', evidence: { metricsOff: ['web ACL (default action)'] } }],
  },
  {
    name: 'Firewall Manager rule groups without metrics are listed but do not fail: the account cannot change them',
    inventory: inv(acl({ PreProcessFirewallManagerRuleGroups: [{ Name: 'fms-baseline', VisibilityConfig: off }] })),
    expect: [{ status: 'PASS', evidence: { firewallManagerWithoutMetrics: ['Firewall Manager rule group fms-baseline'] } }],
  },
  {
    name: 'a VisibilityConfig missing from GetWebACL is unknown, not off: ERROR',
    inventory: inv(acl({ Rules: [{ Name: 'aws-common', Priority: 1 }] as WebAcl['Rules'] })),
    expect: [{ status: 'ERROR', messageId: 'invalid-data', evidence: { visibilityConfigMissing: ['rule aws-common'] } }],
  },
  {
    name: 'GetWebACL denied is ERROR',
    inventory: inv(failed('GetWebACL')),
    expect: [{ status: 'ERROR', messageId: 'collection-gap', resource: 'api-acl' }],
  },
]);
