import check from '../../../checks/rest/rest-stage-waf.js';
import { failed, restApi, stage, withRestApis } from '../../fixtures/builders.js';
import { testCheck } from '../tester.js';

const ACL = 'arn:aws:wafv2:eu-west-1:123456789012:regional/webacl/api/11111111-2222-3333-4444-555555555555';

testCheck(check, [
  {
    name: 'a web ACL passes',
    inventory: withRestApis(restApi({ stages: [stage({ webAclArn: ACL })] })),
    expect: [{ status: 'PASS', messageId: 'associated', resource: 'api-a1b2c3d4e5/prod', evidence: { webAclArn: ACL } }],
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
    name: 'GetStages denied is ERROR on the API',
    inventory: withRestApis(restApi({ stages: failed('GetStages') })),
    expect: [{ status: 'ERROR', messageId: 'collection-gap' }],
  },
]);
