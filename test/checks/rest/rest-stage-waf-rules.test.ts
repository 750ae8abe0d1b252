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

/** A ByteMatch on the URI path; `SearchString` is a blob, base64 in the snapshot. */
const pathMatch = (search: string, position: string) => ({
  ByteMatchStatement: {
    SearchString: Buffer.from(search).toString('base64'),
    FieldToMatch: { UriPath: {} },
    PositionalConstraint: position,
    TextTransformations: [{ Priority: 0, Type: 'NONE' }],
  },
});
const allowAll = (priority: number, statement: Record<string, unknown> = pathMatch('/', 'STARTS_WITH')) => ({
  Name: 'allow-all',
  Priority: priority,
  Statement: statement,
  Action: { Allow: {} },
});
/** Never true: no request part is smaller than 0 bytes. */
const neverTrue = { SizeConstraintStatement: { FieldToMatch: { Body: {} }, ComparisonOperator: 'LT', Size: 0, TextTransformations: [{ Priority: 0, Type: 'NONE' }] } };
const IP_SET = 'arn:aws:wafv2:eu-west-1:123456789012:regional/ipset/office/4';
const allowOffice = (priority = -1) => ({ Name: 'allow-office', Priority: priority, Statement: { IPSetReferenceStatement: { ARN: IP_SET } }, Action: { Allow: {} } });
const scoped = <T extends { Statement: Record<string, Record<string, unknown>> }>(rule: T, key: string): T => ({
  ...rule,
  Statement: { [key]: { ...rule.Statement[key], ScopeDownStatement: pathMatch('/login', 'EXACTLY') } },
});
const withOverrides = <T extends { Statement: Record<string, Record<string, unknown>> }>(rule: T, overrides: Record<string, string>): T => ({
  ...rule,
  Statement: {
    ManagedRuleGroupStatement: {
      ...rule.Statement.ManagedRuleGroupStatement,
      RuleActionOverrides: Object.entries(overrides).map(([Name, action]) => ({ Name, ActionToUse: { [action]: {} } })),
    },
  },
});
const COMMON = 'aws-common (AWS/AWSManagedRulesCommonRuleSet)';
const SQLI = 'aws-sqli (AWS/AWSManagedRulesSQLiRuleSet)';
const RATE = 'per-ip (rate-based: 2000 requests per 300 s by IP, Block)';
const PROTECTIVE = [common(), sqli(), rate()];

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
    name: 'rule order: an allow-everything rule before the managed groups and the rate rule defeats them all',
    inventory: withAcl(acl([allowAll(-1), ...PROTECTIVE])),
    expect: [
      {
        status: 'FAIL',
        messageId: 'defeated',
        evidence: {
          defeatedBy: 'allow-all (Allow; matches every request)',
          defeated: [COMMON, SQLI, RATE],
          blocking: [],
          commonRuleSet: [],
          missing: [MISSING_BLOCKING, MISSING_COMMON, MISSING_SQLI, MISSING_RATE],
        },
      },
    ],
  },
  {
    name: 'rule order: the same allow-everything rule after them is harmless',
    inventory: withAcl(acl([...PROTECTIVE, allowAll(10)])),
    expect: [{ status: 'PASS', messageId: 'protective', evidence: { defeatedBy: null, defeated: [], partial: [], bypasses: [] } }],
  },
  {
    name: 'rule order: a NotStatement of something never true allows everything; only the groups after it are defeated',
    inventory: withAcl(acl([{ ...common(), Priority: -1 }, allowAll(0, { NotStatement: { Statement: neverTrue } }), sqli(), rate()])),
    expect: [
      {
        status: 'FAIL',
        messageId: 'defeated',
        evidence: { defeatedBy: 'allow-all (Allow; matches every request)', defeated: [SQLI, RATE], commonRuleSet: [COMMON], missing: [MISSING_SQLI, MISSING_RATE] },
      },
    ],
  },
  {
    name: 'rule order: an allow rule that matches nothing defeats nothing',
    inventory: withAcl(acl([allowAll(-1, neverTrue), ...PROTECTIVE])),
    expect: [{ status: 'PASS', messageId: 'protective', evidence: { defeated: [], bypasses: [] } }],
  },
  {
    name: 'rule order: an allow rule on an IP set before the groups bypasses them for its scope: partial',
    inventory: withAcl(acl([allowOffice(), ...PROTECTIVE])),
    expect: [
      {
        status: 'FAIL',
        messageId: 'partial',
        evidence: {
          missing: [],
          commonRuleSet: [COMMON],
          bypasses: [
            {
              rule: 'allow-office (Allow)',
              scope: `narrow; cannot tell whether it matches every request (IP set ${IP_SET} not inspected)`,
              skips: [COMMON, SQLI, RATE],
            },
          ],
          partial: [
            `${MISSING_COMMON}: ${COMMON} is skipped for requests allow-office (Allow) allows first`,
            `SQL injection protection: ${SQLI} is skipped for requests allow-office (Allow) allows first`,
            `rate limiting: ${RATE} is skipped for requests allow-office (Allow) allows first`,
          ],
        },
      },
    ],
  },
  {
    name: 'rule order: an allow rule on one path before the groups is narrow: partial',
    inventory: withAcl(acl([allowAll(-1, pathMatch('/health', 'EXACTLY')), ...PROTECTIVE])),
    expect: [{ status: 'FAIL', messageId: 'partial', evidence: { bypasses: [{ rule: 'allow-all (Allow)', scope: 'narrow', skips: [COMMON, SQLI, RATE] }] } }],
  },
  {
    name: 'rule order: a narrow allow after the groups bypasses nothing',
    inventory: withAcl(acl([...PROTECTIVE, allowOffice(9)])),
    expect: [{ status: 'PASS', messageId: 'protective', evidence: { bypasses: [], allowRules: ['allow-office (Allow)'] } }],
  },
  {
    name: 'scope-down: a core rule set scoped down protects only its scope: partial',
    inventory: withAcl(acl([scoped(common(), 'ManagedRuleGroupStatement'), sqli(), rate()])),
    expect: [
      {
        status: 'FAIL',
        messageId: 'partial',
        evidence: {
          commonRuleSet: ['aws-common (AWS/AWSManagedRulesCommonRuleSet, scoped down)'],
          partial: [`${MISSING_COMMON}: aws-common (AWS/AWSManagedRulesCommonRuleSet, scoped down) inspects only requests its scope-down statement matches`],
        },
      },
    ],
  },
  {
    name: 'scope-down: a rate-based rule scoped down limits only its scope; with an unscoped one beside it the rate is limited',
    inventory: withAcl(acl([common(), sqli(), scoped(rate(), 'RateBasedStatement')])),
    expect: [
      {
        status: 'FAIL',
        messageId: 'partial',
        evidence: { partial: ['rate limiting: per-ip (rate-based: 2000 requests per 300 s by IP, scoped down, Block) inspects only requests its scope-down statement matches'] },
      },
    ],
  },
  {
    name: 'scope-down: a scoped login rate rule beside a global one passes',
    inventory: withAcl(acl([...PROTECTIVE, { ...scoped(rate(), 'RateBasedStatement'), Name: 'login', Priority: 3 }])),
    expect: [{ status: 'PASS', messageId: 'protective', evidence: { partial: [] } }],
  },
  {
    name: 'overrides: the SQLi group with SQLi_BODY overridden to Count no longer covers bodies: partial',
    inventory: withAcl(acl([common(), withOverrides(sqli(), { SQLi_BODY: 'Count' }), rate()])),
    expect: [
      {
        status: 'FAIL',
        messageId: 'partial',
        evidence: { partial: [`SQL injection protection: ${SQLI} has SQLi_BODY→Count overridden away from Block`], weakened: [`${SQLI}: SQLi_BODY→Count`] },
      },
    ],
  },
  {
    name: 'overrides: the core rule set with only SizeRestrictions_BODY in Count still protects',
    inventory: withAcl(acl([withOverrides(common(), { SizeRestrictions_BODY: 'Count' }), sqli(), rate()])),
    expect: [{ status: 'PASS', messageId: 'protective', evidence: { weakened: [`${COMMON}: SizeRestrictions_BODY→Count`], partial: [] } }],
  },
  {
    name: 'overrides: a managed rule overridden to Allow lets its matches past the groups after it',
    inventory: withAcl(acl([withOverrides(common(), { SizeRestrictions_BODY: 'Allow' }), sqli(), rate()])),
    expect: [
      {
        status: 'FAIL',
        messageId: 'partial',
        evidence: { bypasses: [{ rule: COMMON, scope: 'narrow (rules overridden to Allow: SizeRestrictions_BODY)', skips: [SQLI, RATE] }] },
      },
    ],
  },
  {
    name: 'non-terminating rules before the groups do not defeat them: a labels-only Count rule and a Challenge on every request',
    inventory: withAcl(
      acl([
        { Name: 'label-all', Priority: -2, Statement: pathMatch('/', 'STARTS_WITH'), Action: { Count: {} }, RuleLabels: [{ Name: 'app:seen' }] },
        { Name: 'challenge-all', Priority: -1, Statement: pathMatch('/', 'CONTAINS'), Action: { Challenge: {} } },
        ...PROTECTIVE,
      ]),
    ),
    expect: [{ status: 'PASS', messageId: 'protective', evidence: { defeated: [], bypasses: [] } }],
  },
  {
    name: 'Firewall Manager: an allow-everything ACL rule defeats the post-process groups, not the pre-process ones',
    inventory: withAcl(
      acl([allowAll(0), rate()], {
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
        status: 'FAIL',
        messageId: 'defeated',
        evidence: {
          commonRuleSet: ['Firewall Manager pre-process group fms-common (AWS/AWSManagedRulesCommonRuleSet)'],
          defeated: [RATE, 'Firewall Manager post-process group fms-sqli (AWS/AWSManagedRulesSQLiRuleSet)'],
          missing: [MISSING_SQLI, MISSING_RATE],
        },
      },
    ],
  },
  {
    name: 'default action: a default-Block web ACL whose first rule allows everything is a block-list in effect',
    inventory: withAcl(acl([allowAll(-1), ...PROTECTIVE], { DefaultAction: { Block: {} } })),
    expect: [{ status: 'FAIL', messageId: 'defeated', evidence: { defaultAction: 'Block', model: 'block-list', defeated: [COMMON, SQLI, RATE] } }],
  },
  {
    name: 'default action: narrow allows followed by a block-everything rule are an allow-list in effect',
    inventory: withAcl(acl([allowOffice(0), { Name: 'block-rest', Priority: 1, Statement: pathMatch('/', 'STARTS_WITH'), Action: { Block: {} } }])),
    expect: [{ status: 'PASS', messageId: 'allow-list', evidence: { defaultAction: 'Allow', model: 'allow-list' } }],
  },
  {
    name: 'default action: none readable and the rules alone fail is ERROR, not a guess',
    inventory: withAcl(acl([common()], { DefaultAction: undefined })),
    expect: [{ status: 'ERROR', messageId: 'invalid-data' }],
  },
  {
    name: 'default action: none readable but the rules alone protect is PASS (a Block default would pass too)',
    inventory: withAcl(acl(PROTECTIVE, { DefaultAction: undefined })),
    expect: [{ status: 'PASS', messageId: 'protective', evidence: { defaultAction: 'unknown' } }],
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
