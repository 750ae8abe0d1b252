import check from '../../../checks/rest/rest-stage-waf.js';
import type { WebAcl } from '../../../src/inventory/schema.js';
import { failed, inventory, region, restApi, stage, withRestApis } from '../../fixtures/builders.js';
import { testCheck } from '../tester.js';

const ACL = 'arn:aws:wafv2:eu-west-1:123456789012:regional/webacl/api/11111111-2222-3333-4444-555555555555';

const common = (override = 'None') => ({
  Name: 'aws-common',
  Priority: 1,
  Statement: { ManagedRuleGroupStatement: { VendorName: 'AWS', Name: 'AWSManagedRulesCommonRuleSet' } },
  OverrideAction: { [override]: {} },
});
const allowAll = {
  Name: 'allow-all',
  Priority: 0,
  Statement: { ByteMatchStatement: { SearchString: Buffer.from('/').toString('base64'), FieldToMatch: { UriPath: {} }, PositionalConstraint: 'STARTS_WITH', TextTransformations: [{ Priority: 0, Type: 'NONE' }] } },
  Action: { Allow: {} },
};

function acl(rules: Array<Record<string, unknown>>, extra: Partial<WebAcl> = {}): WebAcl {
  return { ARN: ACL, Name: 'api', DefaultAction: { Allow: {} }, Rules: rules as WebAcl['Rules'], ...extra };
}

function withAcl(webAcl: WebAcl | ReturnType<typeof failed<WebAcl>>) {
  return inventory({ regions: [region({ restApis: [restApi({ stages: [stage({ webAclArn: ACL })] })], webAcls: { [ACL]: webAcl } })] });
}

testCheck(check, [
  {
    name: 'a web ACL that blocks something passes',
    inventory: withAcl(acl([common()])),
    expect: [{ status: 'PASS', messageId: 'associated', resource: 'api-a1b2c3d4e5/prod', evidence: { webAclArn: ACL, filtering: ['aws-common (AWS/AWSManagedRulesCommonRuleSet)'] } }],
  },
  {
    name: 'no web ACL fails',
    inventory: withRestApis(restApi({ stages: [stage({})] })),
    expect: [{ status: 'FAIL', messageId: 'not-associated', evidence: { endpointTypes: ['REGIONAL'] } }],
  },
  {
    name: 'private APIs are still judged',
    inventory: withRestApis(restApi({ endpointConfiguration: { types: ['PRIVATE'] }, stages: [stage({ webAclArn: '' })] })),
    expect: [{ status: 'FAIL', evidence: { endpointTypes: ['PRIVATE'] } }],
  },
  {
    name: 'a default-Allow web ACL whose only group counts filters nothing',
    inventory: withAcl(acl([common('Count')])),
    expect: [{ status: 'FAIL', messageId: 'filters-nothing', evidence: { webAclArn: ACL, defaultAction: 'Allow', ruleCount: 1, filtering: [] } }],
  },
  {
    name: 'a default-Allow web ACL with no rules filters nothing',
    inventory: withAcl(acl([])),
    expect: [{ status: 'FAIL', messageId: 'filters-nothing', evidence: { ruleCount: 0 } }],
  },
  {
    name: 'an allow-everything rule before the blocking group: the ACL filters nothing',
    inventory: withAcl(acl([allowAll, common()])),
    expect: [{ status: 'FAIL', messageId: 'filters-nothing', evidence: { defeatedBy: 'allow-all (Allow; matches every request)', defeated: ['aws-common (AWS/AWSManagedRulesCommonRuleSet)'] } }],
  },
  {
    name: 'the same rule after the blocking group is harmless',
    inventory: withAcl(acl([{ ...allowAll, Priority: 2 }, common()])),
    expect: [{ status: 'PASS', messageId: 'associated' }],
  },
  {
    name: 'a default-Block web ACL without rules filters everything',
    inventory: withAcl(acl([], { DefaultAction: { Block: {} } })),
    expect: [{ status: 'PASS', messageId: 'associated', evidence: { defaultAction: 'Block' } }],
  },
  {
    name: 'a web ACL without a readable default action cannot be shown to filter nothing: the association stands',
    inventory: withAcl(acl([], { DefaultAction: undefined })),
    expect: [{ status: 'PASS', messageId: 'associated', evidence: { defaultAction: 'unknown', filtering: [] } }],
  },
  {
    name: 'an unreadable web ACL is ERROR: whether it filters anything is not known',
    inventory: withAcl(failed<WebAcl>('GetWebACL', 'AccessDeniedException', { service: 'wafv2', resource: ACL })),
    expect: [{ status: 'ERROR', messageId: 'collection-gap', evidence: { webAclArn: ACL } }],
  },
  {
    name: 'a web ACL missing from the snapshot is ERROR',
    inventory: withRestApis(restApi({ stages: [stage({ webAclArn: ACL })] })),
    expect: [{ status: 'ERROR', messageId: 'collection-gap' }],
  },
  {
    name: 'GetStages denied is ERROR on the API',
    inventory: withRestApis(restApi({ stages: failed('GetStages') })),
    expect: [{ status: 'ERROR', messageId: 'collection-gap' }],
  },
]);
