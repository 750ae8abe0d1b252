import check from '../../../checks/identity/cognito-user-pool-waf.js';
import type { Collected, Inventory, ResourceWebAcl } from '../../../src/inventory/schema.js';
import { ACCOUNT, failed, userPool } from '../../fixtures/builders.js';
import { testCheck } from '../tester.js';
import { chain, POOL_ARN, poolNotFound, withJwtOnlyPool, withPool } from './pools.js';

const ACL = `arn:aws:wafv2:eu-west-1:${ACCOUNT}:regional/webacl/pool-acl/11111111-2222-3333-4444-555555555555`;

function withPoolAcl(answer: ResourceWebAcl | Collected<ResourceWebAcl> | undefined, base: Inventory = withPool(userPool())): Inventory {
  if (answer === undefined) return base;
  const slot: Collected<ResourceWebAcl> = 'ok' in answer ? answer : { ok: true, value: answer };
  return { ...base, shared: { ...base.shared, userPoolWebAcls: { [POOL_ARN]: slot } } };
}

testCheck(check, [
  {
    name: 'a pool with a web ACL passes',
    inventory: withPoolAcl({ associated: true, WebACLArn: ACL, Name: 'pool-acl' }),
    expect: [{ status: 'PASS', messageId: 'associated', resource: 'customers', evidence: { webAcl: ACL } }],
  },
  {
    name: 'a pool without one fails, with the chain to the API that trusts it',
    inventory: withPoolAcl({ associated: false }),
    expect: [
      { status: 'FAIL', messageId: 'not-associated', evidence: { webAcl: null, chain: [chain("no web ACL filters the pool's endpoints")] } },
    ],
  },
  {
    name: 'a pool of another account (a JWT issuer the account has no pool for) is not applicable',
    inventory: withJwtOnlyPool(poolNotFound),
    expect: [{ status: 'NOT_APPLICABLE', messageId: 'outside-scan' }],
  },
  {
    name: 'GetWebACLForResource denied is ERROR',
    inventory: withPoolAcl(failed('GetWebACLForResource')),
    expect: [{ status: 'ERROR', messageId: 'collection-gap', resource: 'customers' }],
  },
  {
    name: 'a snapshot that predates the association (no slot) is ERROR, never PASS',
    inventory: withPoolAcl(undefined),
    expect: [{ status: 'ERROR', messageId: 'collection-gap', resource: 'customers' }],
  },
]);

