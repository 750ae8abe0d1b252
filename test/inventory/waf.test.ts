import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { WebAcl } from '../../src/inventory/schema.js';
import { actionOf, analyseWebAcl, MANAGED_GROUP_RULES, SQLI_RULE_SET, webAclEntries } from '../../src/inventory/waf.js';

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

  it('reads the default action and allow rules', () => {
    const a = analyseWebAcl(acl([{ Name: 'office', Priority: 0, Statement: { IPSetReferenceStatement: { ARN: 'arn:ipset' } }, Action: { Allow: {} } }], { DefaultAction: { Block: {} } }));
    assert.equal(a.defaultAction, 'Block');
    assert.deepEqual(a.allowRules, ['office (Allow)']);
    assert.equal(analyseWebAcl(acl([], { DefaultAction: undefined })).defaultAction, 'unknown');
  });
});
