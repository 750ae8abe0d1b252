import check from '../../../checks/rest/rest-stage-waf-rules.js';
import type { WebAcl } from '../../../src/inventory/schema.js';
import { failed, inventory, region, restApi, stage } from '../../fixtures/builders.js';
import { testCheck } from '../tester.js';

const ACL = 'arn:aws:wafv2:eu-west-1:123456789012:regional/webacl/api/11111111-2222-3333-4444-555555555555';

const common = (override = 'None') => ({
  Name: 'aws-common',
  Priority: 0,
  Statement: { ManagedRuleGroupStatement: { VendorName: 'AWS', Name: 'AWSManagedRulesCommonRuleSet' } },
  OverrideAction: { [override]: {} },
});
const sqli = (override = 'None') => ({
  Name: 'aws-sqli',
  Priority: 1,
  Statement: { ManagedRuleGroupStatement: { VendorName: 'AWS', Name: 'AWSManagedRulesSQLiRuleSet' } },
  OverrideAction: { [override]: {} },
});
const rate = (action = 'Block') => ({
  Name: 'per-ip',
  Priority: 2,
  Statement: { RateBasedStatement: { Limit: 2000, AggregateKeyType: 'IP' } },
  Action: { [action]: {} },
});

function acl(rules: Array<Record<string, unknown>>, extra: Partial<WebAcl> = {}): WebAcl {
  return { ARN: ACL, Name: 'api', DefaultAction: { Allow: {} }, Rules: rules as WebAcl['Rules'], ...extra };
}

function withAcl(webAcl: WebAcl | ReturnType<typeof failed<WebAcl>>) {
  return inventory({ regions: [region({ restApis: [restApi({ stages: [stage({ webAclArn: ACL })] })], webAcls: { [ACL]: webAcl } })] });
}

const MISSING_COMMON = 'the AWS core rule set (AWSManagedRulesCommonRuleSet)';
const MISSING_SQLI = 'SQL injection protection (AWSManagedRulesSQLiRuleSet or a blocking SQLi match rule)';
const MISSING_RATE = 'a blocking rate-based rule';
const MISSING_BLOCKING = 'a blocking rule or rule group';

testCheck(check, [
  {
    name: 'core rule set, SQLi group and a blocking rate-based rule pass',
    inventory: withAcl(acl([common(), sqli(), rate()])),
    expect: [
      {
        status: 'PASS',
        messageId: 'protective',
        resource: 'api-a1b2c3d4e5/prod',
        evidence: {
          webAcl: 'api',
          model: 'block-list',
          missing: [],
          commonRuleSet: ['aws-common (AWS/AWSManagedRulesCommonRuleSet)'],
          sqlInjection: ['aws-sqli (AWS/AWSManagedRulesSQLiRuleSet)'],
          rateBased: ['per-ip (rate-based: 2000 requests per 300 s by IP, Block)'],
        },
      },
    ],
  },
  {
    name: 'a core rule set in Count mode blocks nothing',
    inventory: withAcl(acl([common('Count')])),
    expect: [
      {
        status: 'FAIL',
        messageId: 'not-blocking',
        evidence: {
          blocking: [],
          countOnly: ['aws-common (AWS/AWSManagedRulesCommonRuleSet, OverrideAction Count)'],
          missing: [MISSING_BLOCKING, MISSING_COMMON, MISSING_SQLI, MISSING_RATE],
        },
      },
    ],
  },
  {
    name: 'a rate-based rule left in Count mode is missing',
    inventory: withAcl(acl([common(), sqli(), rate('Count')])),
    expect: [{ status: 'FAIL', messageId: 'incomplete', evidence: { missing: [MISSING_RATE], countOnly: ['per-ip (rate-based: 2000 requests per 300 s by IP, Count)'] } }],
  },
  {
    name: 'no SQLi protection: incomplete',
    inventory: withAcl(acl([common(), rate()])),
    expect: [{ status: 'FAIL', messageId: 'incomplete', evidence: { missing: [MISSING_SQLI] } }],
  },
  {
    name: 'every rule of the SQLi group overridden to Count does not protect',
    inventory: withAcl(
      acl([
        common(),
        {
          ...sqli(),
          Statement: {
            ManagedRuleGroupStatement: {
              VendorName: 'AWS',
              Name: 'AWSManagedRulesSQLiRuleSet',
              RuleActionOverrides: ['SQLi_QUERYARGUMENTS', 'SQLiExtendedPatterns_QUERYARGUMENTS', 'SQLi_BODY', 'SQLiExtendedPatterns_BODY', 'SQLi_COOKIE', 'SQLi_URIPATH'].map(
                (Name) => ({ Name, ActionToUse: { Count: {} } }),
              ),
            },
          },
        },
        rate(),
      ]),
    ),
    expect: [{ status: 'FAIL', messageId: 'incomplete', evidence: { missing: [MISSING_SQLI] } }],
  },
  {
    name: 'a customer SQLi match rule counts; a customer rule group is unverified and counts for nothing',
    inventory: withAcl(
      acl([
        common(),
        { Name: 'custom-sqli', Priority: 1, Statement: { SqliMatchStatement: { FieldToMatch: { Body: {} }, TextTransformations: [] } }, Action: { Block: {} } },
        { Name: 'team-rules', Priority: 3, Statement: { RuleGroupReferenceStatement: { ARN: 'arn:aws:wafv2:eu-west-1:123456789012:regional/rulegroup/team/1' } }, OverrideAction: { None: {} } },
        rate(),
      ]),
    ),
    expect: [
      {
        status: 'PASS',
        messageId: 'protective',
        evidence: {
          sqlInjection: ['custom-sqli (Block)'],
          unverified: ['team-rules (rule group arn:aws:wafv2:eu-west-1:123456789012:regional/rulegroup/team/1, contents not inspected)'],
        },
      },
    ],
  },
  {
    name: 'rule groups that cannot be inspected are not taken for protection',
    inventory: withAcl(
      acl([{ Name: 'vendor-owasp', Priority: 0, Statement: { RuleGroupReferenceStatement: { ARN: 'arn:aws:wafv2:eu-west-1:123456789012:regional/rulegroup/owasp/2' } }, OverrideAction: { None: {} } }]),
    ),
    expect: [{ status: 'FAIL', messageId: 'not-blocking', evidence: { blocking: [] } }],
  },
  {
    name: 'Firewall Manager pre- and post-process groups are read',
    inventory: withAcl(
      acl([rate()], {
        PreProcessFirewallManagerRuleGroups: [
          { Name: 'fms-common', Priority: 1, FirewallManagerStatement: { ManagedRuleGroupStatement: { VendorName: 'AWS', Name: 'AWSManagedRulesCommonRuleSet' } }, OverrideAction: { None: {} } },
        ],
        PostProcessFirewallManagerRuleGroups: [
          { Name: 'fms-sqli', Priority: 1, FirewallManagerStatement: { ManagedRuleGroupStatement: { VendorName: 'AWS', Name: 'AWSManagedRulesSQLiRuleSet' } }, OverrideAction: { None: {} } },
        ],
      }),
    ),
    expect: [
      {
        status: 'PASS',
        messageId: 'protective',
        evidence: {
          commonRuleSet: ['Firewall Manager pre-process group fms-common (AWS/AWSManagedRulesCommonRuleSet)'],
          sqlInjection: ['Firewall Manager post-process group fms-sqli (AWS/AWSManagedRulesSQLiRuleSet)'],
        },
      },
    ],
  },
  {
    name: 'a default-Block web ACL is an allow-list and passes',
    inventory: withAcl(
      acl([{ Name: 'partners', Priority: 0, Statement: { IPSetReferenceStatement: { ARN: 'arn:aws:wafv2:eu-west-1:123456789012:regional/ipset/partners/3' } }, Action: { Allow: {} } }], {
        DefaultAction: { Block: {} },
      }),
    ),
    expect: [{ status: 'PASS', messageId: 'allow-list', evidence: { model: 'allow-list', defaultAction: 'Block', allowRules: ['partners (Allow)'] } }],
  },
  {
    name: 'a stage without a web ACL is not applicable',
    inventory: inventory({ regions: [region({ restApis: [restApi({ stages: [stage({ webAclArn: ' ' })] })] })] }),
    expect: [{ status: 'NOT_APPLICABLE', messageId: 'no-web-acl' }],
  },
  {
    name: 'GetWebACL denied is ERROR',
    inventory: withAcl(failed<WebAcl>('GetWebACL', 'AccessDeniedException', { service: 'wafv2', resource: ACL })),
    expect: [{ status: 'ERROR', messageId: 'collection-gap', evidence: { webAclArn: ACL } }],
  },
  {
    name: 'a web ACL missing from the snapshot is ERROR',
    inventory: inventory({ regions: [region({ restApis: [restApi({ stages: [stage({ webAclArn: ACL })] })] })] }),
    expect: [{ status: 'ERROR', messageId: 'collection-gap' }],
  },
  {
    name: 'GetStages denied is ERROR on the API',
    inventory: inventory({ regions: [region({ restApis: [restApi({ stages: failed('GetStages') })] })] }),
    expect: [{ status: 'ERROR', messageId: 'collection-gap', resource: 'api-a1b2c3d4e5' }],
  },
]);
