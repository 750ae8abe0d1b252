import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { WebAcl } from '../../src/inventory/schema.js';
import { actionOf, analyseWebAcl, MANAGED_GROUP_RULES, SQLI_RULE_SET, statementScope, webAclEntries } from '../../src/analysis/waf.js';

const ARN = 'arn:aws:wafv2:eu-west-1:123456789012:regional/webacl/api/11111111-2222-3333-4444-555555555555';

function acl(rules: Array<Record<string, unknown>>, extra: Partial<WebAcl> = {}): WebAcl {
  return { ARN, Name: 'api', DefaultAction: { Allow: {} }, Rules: rules as WebAcl['Rules'], ...extra };
}

function managed(name: string, priority: number, group: string, override: 'None' | 'Count' = 'None', statement: Record<string, unknown> = {}) {
  return {
    Name: name,
    Priority: priority,
    Statement: { ManagedRuleGroupStatement: { VendorName: 'AWS', Name: group, ...statement } },
    OverrideAction: { [override]: {} },
  };
}

const rate = (action = 'Block') => ({
  Name: 'per-ip',
  Priority: 9,
  Statement: { RateBasedStatement: { Limit: 1000, AggregateKeyType: 'IP', EvaluationWindowSec: 60 } },
  Action: { [action]: {} },
});

describe('actionOf', () => {
  it('reads the action key, unknown otherwise', () => {
    assert.equal(actionOf({ Block: {} }), 'Block');
    assert.equal(actionOf({ Count: { CustomRequestHandling: {} } }), 'Count');
    assert.equal(actionOf({ None: {} }), 'unknown');
    assert.equal(actionOf(undefined), 'unknown');
  });
});

const TRANSFORMS = [{ Priority: 0, Type: 'NONE' }];
const bytes = (search: string, position: string, field: Record<string, unknown> = { UriPath: {} }, transforms = TRANSFORMS) => ({
  ByteMatchStatement: { SearchString: Buffer.from(search).toString('base64'), FieldToMatch: field, PositionalConstraint: position, TextTransformations: transforms },
});
const size = (operator: string, bytes: number, field: Record<string, unknown> = { UriPath: {} }) => ({
  SizeConstraintStatement: { FieldToMatch: field, ComparisonOperator: operator, Size: bytes, TextTransformations: TRANSFORMS },
});
const not = (statement: unknown) => ({ NotStatement: { Statement: statement } });
const and = (...statements: unknown[]) => ({ AndStatement: { Statements: statements } });
const or = (...statements: unknown[]) => ({ OrStatement: { Statements: statements } });

describe('statementScope', () => {
  const scope = (statement: unknown) => statementScope(statement).scope;

  it('proves a match on every request only for shapes every request has', () => {
    assert.equal(scope(bytes('/', 'STARTS_WITH')), 'all');
    assert.equal(scope(bytes('/', 'CONTAINS', { UriPath: {} }, [{ Priority: 0, Type: 'URL_DECODE' }])), 'all');
    assert.equal(scope(size('GE', 0, { Method: {} })), 'all');
    assert.equal(scope({ RegexMatchStatement: { RegexString: '.*', FieldToMatch: { UriPath: {} }, TextTransformations: TRANSFORMS } }), 'all');
    assert.equal(scope(not(size('LT', 0, { Body: {} }))), 'all', 'NOT of something never true');
    assert.equal(scope(or(bytes('/admin', 'STARTS_WITH'), bytes('/', 'STARTS_WITH'))), 'all');
    assert.equal(scope(and(bytes('/', 'STARTS_WITH'), size('GE', 0, { Method: {} }))), 'all');
  });

  it('proves a match on no request', () => {
    assert.equal(scope(size('LT', 0, { SingleHeader: { Name: 'x' } })), 'none');
    assert.equal(scope(not(bytes('/', 'STARTS_WITH'))), 'none');
    assert.equal(scope(and(bytes('/health', 'EXACTLY'), size('LT', 0))), 'none');
  });

  it('takes everything else as narrow', () => {
    assert.equal(scope(bytes('/health', 'EXACTLY')), 'narrow');
    assert.equal(scope(bytes('/', 'ENDS_WITH')), 'narrow');
    assert.equal(scope(bytes('/', 'STARTS_WITH', { UriPath: {} }, [{ Priority: 0, Type: 'BASE64_DECODE' }])), 'narrow', 'a transformation may drop the slash');
    assert.equal(scope(bytes('/', 'STARTS_WITH', { SingleHeader: { Name: 'referer' } })), 'narrow', 'a header may be absent');
    assert.equal(scope(size('GE', 0, { Body: {} })), 'narrow', 'a body may be absent');
    assert.equal(scope(not(bytes('/health', 'EXACTLY'))), 'narrow');
    assert.equal(scope({ GeoMatchStatement: { CountryCodes: ['DE'] } }), 'narrow');
  });

  it('names what GetWebACL does not show', () => {
    assert.deepEqual(statementScope(or({ IPSetReferenceStatement: { ARN: 'arn:ipset' } }, { LabelMatchStatement: { Scope: 'LABEL', Key: 'app:trusted' } })), {
      scope: 'narrow',
      undetermined: ['IP set arn:ipset not inspected', 'label app:trusted depends on earlier rules'],
    });
    assert.deepEqual(statementScope(not({ RegexPatternSetReferenceStatement: { ARN: 'arn:regex' } })).undetermined, ['regex pattern set arn:regex not inspected']);
    assert.deepEqual(statementScope({ FutureStatement: {} }).undetermined, ['FutureStatement not judged']);
  });
});

describe('analyseWebAcl', () => {
  it('finds the core rule set, SQLi group and a blocking rate-based rule', () => {
    const a = analyseWebAcl(acl([managed('common', 0, 'AWSManagedRulesCommonRuleSet'), managed('sqli', 1, SQLI_RULE_SET), rate()]));
    assert.equal(a.defaultAction, 'Allow');
    assert.deepEqual(a.commonRuleSet, ['common (AWS/AWSManagedRulesCommonRuleSet)']);
    assert.deepEqual(a.sqlInjection, ['sqli (AWS/AWSManagedRulesSQLiRuleSet)']);
    assert.deepEqual(a.rateBased, ['per-ip (rate-based: 1000 requests per 60 s by IP, Block)']);
    assert.equal(a.blocking.length, 3);
    assert.deepEqual(a.countOnly, []);
  });

  it('a group with OverrideAction Count only counts', () => {
    const a = analyseWebAcl(acl([managed('common', 0, 'AWSManagedRulesCommonRuleSet', 'Count')]));
    assert.deepEqual(a.blocking, []);
    assert.deepEqual(a.commonRuleSet, []);
    assert.deepEqual(a.countOnly, ['common (AWS/AWSManagedRulesCommonRuleSet, OverrideAction Count)']);
  });

  it('a known group whose every rule is overridden (RuleActionOverrides and ExcludedRules) only counts', () => {
    const rules = MANAGED_GROUP_RULES[SQLI_RULE_SET]!;
    const a = analyseWebAcl(
      acl([
        managed('sqli', 0, SQLI_RULE_SET, 'None', {
          ExcludedRules: [{ Name: rules[0] }],
          RuleActionOverrides: rules.slice(1).map((Name) => ({ Name, ActionToUse: { Count: {} } })),
        }),
      ]),
    );
    assert.deepEqual(a.sqlInjection, []);
    assert.deepEqual(a.countOnly, ['sqli (AWS/AWSManagedRulesSQLiRuleSet, every rule overridden to a non-blocking action)']);
  });

  it('a group with some rules overridden still blocks and is listed as weakened', () => {
    const a = analyseWebAcl(
      acl([
        managed('common', 0, 'AWSManagedRulesCommonRuleSet', 'None', {
          RuleActionOverrides: [
            { Name: 'SizeRestrictions_BODY', ActionToUse: { Count: {} } },
            { Name: 'NoUserAgent_HEADER', ActionToUse: { Block: {} } },
            { Name: 'GenericRFI_BODY', ActionToUse: { Allow: {} } },
          ],
        }),
      ]),
    );
    assert.equal(a.commonRuleSet.length, 1);
    assert.deepEqual(a.weakened, ['common (AWS/AWSManagedRulesCommonRuleSet): GenericRFI_BODY→Allow, SizeRestrictions_BODY→Count']);
    // GenericRFI_BODY is an attack signature (a key rule); SizeRestrictions_BODY is not.
    assert.deepEqual(a.protections.common, {
      coverage: 'partial',
      providers: ['common (AWS/AWSManagedRulesCommonRuleSet)'],
      gaps: ['common (AWS/AWSManagedRulesCommonRuleSet) has GenericRFI_BODY→Allow overridden away from Block'],
    });
  });

  it('an unknown group with overrides is taken to still block', () => {
    const a = analyseWebAcl(
      acl([{ Name: 'vendor', Priority: 0, Statement: { ManagedRuleGroupStatement: { VendorName: 'F5', Name: 'OWASP', ExcludedRules: [{ Name: 'x' }] } }, OverrideAction: { None: {} } }]),
    );
    assert.deepEqual(a.blocking, ['vendor (F5/OWASP)']);
    assert.deepEqual(a.commonRuleSet, []);
  });

  it('rule group references are unverified, not protections', () => {
    const groupArn = 'arn:aws:wafv2:eu-west-1:123456789012:regional/rulegroup/team/abc';
    const a = analyseWebAcl(acl([{ Name: 'team', Priority: 0, Statement: { RuleGroupReferenceStatement: { ARN: groupArn } }, OverrideAction: { None: {} } }]));
    assert.deepEqual(a.blocking, []);
    assert.deepEqual(a.unverified, [`team (rule group ${groupArn}, contents not inspected)`]);
  });

  it('a blocking SqliMatchStatement rule (inside Or) counts as SQL injection protection; under Not it does not', () => {
    const sqli = { SqliMatchStatement: { FieldToMatch: { Body: {} }, TextTransformations: [{ Priority: 0, Type: 'URL_DECODE' }] } };
    const a = analyseWebAcl(
      acl([
        { Name: 'custom-sqli', Priority: 0, Statement: { OrStatement: { Statements: [sqli, { XssMatchStatement: {} }] } }, Action: { Block: {} } },
        { Name: 'not-sqli', Priority: 1, Statement: { NotStatement: { Statement: sqli } }, Action: { Block: {} } },
      ]),
    );
    assert.deepEqual(a.sqlInjection, ['custom-sqli (Block)']);
  });

  it('a blocking label rule after a counted AWS group acts on its matches', () => {
    const a = analyseWebAcl(
      acl([
        managed('sqli', 0, SQLI_RULE_SET, 'Count'),
        { Name: 'block-sqli-body', Priority: 1, Statement: { LabelMatchStatement: { Scope: 'LABEL', Key: 'awswaf:managed:aws:sql-database:SQLi_Body' } }, Action: { Block: {} } },
        { Name: 'label-before-group', Priority: -1, Statement: { LabelMatchStatement: { Scope: 'NAMESPACE', Key: 'awswaf:managed:aws:core-rule-set:' } }, Action: { Block: {} } },
        managed('common', 2, 'AWSManagedRulesCommonRuleSet', 'Count'),
      ]),
    );
    assert.deepEqual(a.sqlInjection, ['block-sqli-body (Block)']);
    assert.deepEqual(a.commonRuleSet, [], 'a label rule evaluated before the group sees no labels');
  });

  it('rate-based rules that count or challenge do not limit the rate', () => {
    for (const action of ['Count', 'Challenge', 'Captcha']) {
      const a = analyseWebAcl(acl([rate(action)]));
      assert.deepEqual(a.rateBased, [], action);
      assert.deepEqual(a.blocking, [], action);
    }
    assert.equal(analyseWebAcl(acl([rate('Challenge')])).challengeRules.length, 1);
  });

  it('reads Firewall Manager pre- and post-process groups, in evaluation order', () => {
    const fmsAcl = acl([rate()], {
      PreProcessFirewallManagerRuleGroups: [
        {
          Name: 'fms-common',
          Priority: 1,
          FirewallManagerStatement: { ManagedRuleGroupStatement: { VendorName: 'AWS', Name: 'AWSManagedRulesCommonRuleSet' } },
          OverrideAction: { None: {} },
        },
      ],
      PostProcessFirewallManagerRuleGroups: [
        { Name: 'fms-team', Priority: 1, FirewallManagerStatement: { RuleGroupReferenceStatement: { ARN: 'arn:x' } }, OverrideAction: { Count: {} } },
      ],
    });
    assert.deepEqual(
      webAclEntries(fmsAcl).map((e) => [e.source, e.name, e.effect]),
      [
        ['fms-pre', 'fms-common', 'blocks'],
        ['rule', 'per-ip', 'blocks'],
        ['fms-post', 'fms-team', 'counts'],
      ],
    );
    const a = analyseWebAcl(fmsAcl);
    assert.deepEqual(a.commonRuleSet, ['Firewall Manager pre-process group fms-common (AWS/AWSManagedRulesCommonRuleSet)']);
    assert.deepEqual(a.countOnly, ['Firewall Manager post-process group fms-team (rule group arn:x, OverrideAction Count)']);
  });

  it('a label rule acting on a counted group: partial when combined with other conditions or when the group is scoped down', () => {
    const labelRule = (statement: Record<string, unknown>) => ({ Name: 'block-sqli', Priority: 1, Statement: statement, Action: { Block: {} } });
    const sqliLabel = { LabelMatchStatement: { Scope: 'NAMESPACE', Key: 'awswaf:managed:aws:sql-database:' } };
    assert.equal(analyseWebAcl(acl([managed('sqli', 0, SQLI_RULE_SET, 'Count'), labelRule(sqliLabel)])).protections.sqlInjection.coverage, 'full');
    assert.equal(analyseWebAcl(acl([managed('sqli', 0, SQLI_RULE_SET, 'Count'), labelRule(or(sqliLabel, bytes('/x', 'EXACTLY')))])).protections.sqlInjection.coverage, 'full');
    assert.deepEqual(analyseWebAcl(acl([managed('sqli', 0, SQLI_RULE_SET, 'Count'), labelRule(and(sqliLabel, bytes('/x', 'EXACTLY')))])).protections.sqlInjection, {
      coverage: 'partial',
      providers: ['block-sqli (Block)'],
      gaps: ['block-sqli (Block) matches the labels only together with other conditions'],
    });
    const scopedGroup = managed('sqli', 0, SQLI_RULE_SET, 'Count', { ScopeDownStatement: bytes('/api', 'STARTS_WITH') });
    assert.deepEqual(analyseWebAcl(acl([scopedGroup, labelRule(sqliLabel)])).protections.sqlInjection.gaps, [
      'block-sqli (Block) acts on labels of sqli (AWS/AWSManagedRulesSQLiRuleSet, OverrideAction Count, scoped down), which is scoped down',
    ]);
  });

  it('a customer rule group with a rule overridden to Allow bypasses the entries after it; with OverrideAction Count it does not', () => {
    const team = (override: string) => ({
      Name: 'team',
      Priority: 0,
      Statement: { RuleGroupReferenceStatement: { ARN: 'arn:group', RuleActionOverrides: [{ Name: 'trusted', ActionToUse: { Allow: {} } }] } },
      OverrideAction: { [override]: {} },
    });
    assert.deepEqual(analyseWebAcl(acl([team('None'), rate()])).bypasses, [
      { rule: 'team (rule group arn:group, contents not inspected)', scope: 'narrow (rules overridden to Allow: trusted)', skips: ['per-ip (rate-based: 1000 requests per 60 s by IP, Block)'] },
    ]);
    assert.deepEqual(analyseWebAcl(acl([team('Count'), rate()])).bypasses, []);
  });

  it('a scope-down that matches every request does not narrow; one that matches none switches the group off', () => {
    const wide = analyseWebAcl(acl([managed('common', 0, 'AWSManagedRulesCommonRuleSet', 'None', { ScopeDownStatement: bytes('/', 'STARTS_WITH') })]));
    assert.equal(wide.protections.common.coverage, 'full');
    const none = analyseWebAcl(acl([managed('common', 0, 'AWSManagedRulesCommonRuleSet', 'None', { ScopeDownStatement: size('LT', 0) })]));
    assert.equal(none.protections.common.coverage, 'missing');
    assert.deepEqual(none.blocking, []);
  });

  it('the first rule matching every request sets what happens to the rest; entries after it are defeated', () => {
    const allowAll = { Name: 'open', Priority: 0, Statement: bytes('/', 'STARTS_WITH'), Action: { Allow: {} } };
    const a = analyseWebAcl(acl([allowAll, managed('common', 1, 'AWSManagedRulesCommonRuleSet'), rate()], { DefaultAction: { Block: {} } }));
    assert.equal(a.effectiveDefault, 'Allow');
    assert.equal(a.defeatedBy, 'open (Allow; matches every request)');
    assert.deepEqual(a.defeated, ['common (AWS/AWSManagedRulesCommonRuleSet)', 'per-ip (rate-based: 1000 requests per 60 s by IP, Block)']);
    assert.deepEqual([a.blocking, a.filtering, a.commonRuleSet, a.rateBased], [[], [], [], []]);
  });

  it('reads the default action and allow rules', () => {
    const a = analyseWebAcl(acl([{ Name: 'office', Priority: 0, Statement: { IPSetReferenceStatement: { ARN: 'arn:ipset' } }, Action: { Allow: {} } }], { DefaultAction: { Block: {} } }));
    assert.equal(a.defaultAction, 'Block');
    assert.deepEqual(a.allowRules, ['office (Allow)']);
    assert.equal(analyseWebAcl(acl([], { DefaultAction: undefined })).defaultAction, 'unknown');
  });
});
