import check from '../../../checks/identity/cognito-deletion-protection.js';
import { userPool } from '../../fixtures/builders.js';
import { testCheck } from '../tester.js';
import { chain, POOL_ID, poolDenied, poolMissing, withPool } from './pools.js';

testCheck(check, [
  {
    name: 'ACTIVE passes',
    inventory: withPool(userPool()),
    expect: [
      { status: 'PASS', messageId: 'active', resource: 'customers', evidence: { deletionProtection: 'ACTIVE', chain: [chain('deletion protection is ACTIVE')] } },
    ],
  },
  {
    name: 'INACTIVE fails',
    inventory: withPool(userPool({ DeletionProtection: 'INACTIVE' })),
    expect: [
      { status: 'FAIL', messageId: 'inactive', evidence: { deletionProtection: 'INACTIVE', chain: [chain('deletion protection is INACTIVE')] } },
    ],
  },
  {
    name: 'a pool that reports no setting fails as INACTIVE (the API default)',
    inventory: withPool(userPool({ DeletionProtection: undefined })),
    expect: [{ status: 'FAIL', messageId: 'inactive', evidence: { deletionProtection: 'INACTIVE (not set)' } }],
  },
  {
    name: 'DescribeUserPool denied is an ERROR',
    inventory: withPool(poolDenied),
    expect: [{ status: 'ERROR', messageId: 'collection-gap', resource: POOL_ID }],
  },
  {
    name: 'a trusted pool missing from the snapshot is an ERROR',
    inventory: poolMissing(),
    expect: [{ status: 'ERROR', messageId: 'collection-gap' }],
  },
]);
