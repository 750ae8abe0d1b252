/** User-pool link helpers: pool ARNs from JWT issuers, and when a trusted pool is outside the scan. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { outsideScanReason, userPoolArnFromIssuer, userPoolUses, type PoolUse } from '../../src/inventory/links.js';
import { restApi, withRestApis } from '../fixtures/builders.js';
import type { CollectionError } from '../../src/inventory/schema.js';

const ARN = 'arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_Ab12Cd34E';
const use = (via: PoolUse['via']): PoolUse => ({ apiArn: 'arn:aws:apigateway:eu-west-1::/apis/h1', apiName: 'shop', authorizerName: 'jwt', via });
const error = (code: string, operation = 'DescribeUserPool'): CollectionError => ({
  service: 'cognito-idp',
  operation,
  region: 'eu-west-1',
  resource: ARN,
  code,
  message: 'm',
});

describe('userPoolArnFromIssuer', () => {
  it('reads the region and pool id of a Cognito issuer, in the scanned account', () => {
    assert.equal(userPoolArnFromIssuer('https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Ab12Cd34E', '123456789012'), ARN);
  });

  it('reads a China-region issuer (amazonaws.com.cn) in the aws-cn partition', () => {
    assert.equal(
      userPoolArnFromIssuer('https://cognito-idp.cn-north-1.amazonaws.com.cn/cn-north-1_Ab12Cd34E', '123456789012', 'aws-cn'),
      'arn:aws-cn:cognito-idp:cn-north-1:123456789012:userpool/cn-north-1_Ab12Cd34E',
    );
  });

  it('ignores issuers that are not Cognito user pools', () => {
    assert.equal(userPoolArnFromIssuer('https://sso.example.com/realms/x', '123456789012'), undefined);
    assert.equal(userPoolArnFromIssuer('http://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Ab12Cd34E', '123456789012'), undefined);
  });
});

describe('userPoolUses', () => {
  it('lists every authorizer that trusts a shared pool, in API order (appended, not copied per use)', () => {
    const apis = Array.from({ length: 3000 }, (_, i) =>
      restApi({ id: `api${i}`, name: `api-${i}`, authorizers: [{ id: `au${i}`, name: `pool-${i}`, type: 'COGNITO_USER_POOLS', providerARNs: [ARN] }] }),
    );
    const uses = userPoolUses(withRestApis(...apis));
    assert.deepEqual([...uses.keys()], [ARN]);
    assert.equal(uses.get(ARN)?.length, 3000);
    assert.deepEqual(uses.get(ARN)?.slice(0, 2).map((u) => [u.apiName, u.authorizerName, u.via]), [
      ['api-0', 'pool-0', 'provider-arn'],
      ['api-1', 'pool-1', 'provider-arn'],
    ]);
  });
});

describe('outsideScanReason', () => {
  it('a pool not found behind a JWT issuer is another account’s', () => {
    assert.match(outsideScanReason(error('ResourceNotFoundException'), [use('jwt-issuer')]) ?? '', /pool of another account/);
  });

  it('a pool not found behind a provider ARN of the scanned account was deleted', () => {
    assert.match(outsideScanReason(error('ResourceNotFoundException'), [use('jwt-issuer'), use('provider-arn')]) ?? '', /no longer exists/);
  });

  it('a provider ARN of another account keeps the collector’s reason', () => {
    assert.equal(outsideScanReason({ ...error('CrossAccount'), message: 'belongs to account 9' }, [use('provider-arn')]), 'belongs to account 9');
  });

  it('denied, throttled or not-found on another call stays a gap', () => {
    assert.equal(outsideScanReason(error('AccessDeniedException'), [use('jwt-issuer')]), undefined);
    assert.equal(outsideScanReason(error('TooManyRequestsException'), [use('jwt-issuer')]), undefined);
    assert.equal(outsideScanReason(error('ResourceNotFoundException', 'GetUserPoolMfaConfig'), [use('jwt-issuer')]), undefined);
  });
});
