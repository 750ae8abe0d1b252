/**
 * The service descriptors are the one list of what apiposture calls: every operation they list
 * must be paced (a forgotten rate rule would leave a service silently unpaced), and the rule
 * table refuses descriptors that would.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RatedService } from '../../src/aws/descriptor.js';
import { RateLimits, rateRulesOf } from '../../src/aws/rate-limiter.js';
import { AWS_SERVICES, descriptorOf, operationsOf } from '../../src/aws/services.js';

const service = (overrides: Partial<RatedService>): RatedService => ({
  id: 'example',
  operations: { ListThings: { iamAction: 'example:ListThings', iamResources: ['*'] }, GetThing: { iamAction: 'example:GetThing', iamResources: ['*'] } },
  rates: [{ name: 'example', rate: { ratePerSecond: 5, burst: 5 } }],
  ...overrides,
});

describe('service descriptors', () => {
  it('every operation of every descriptor has at least one rate bucket', () => {
    const limits = new RateLimits();
    let operations = 0;
    for (const descriptor of AWS_SERVICES) {
      for (const operation of Object.keys(descriptor.operations)) {
        operations += 1;
        const buckets = limits.bucketsFor(descriptor.id, operation, 'eu-west-1');
        assert.ok(buckets.length > 0, `${descriptor.id}:${operation} has no rate rule`);
      }
    }
    assert.ok(operations >= 45, `walked ${operations} operations`);
  });

  it('service ids are unique, and every operation names its IAM action and resources', () => {
    assert.equal(new Set(AWS_SERVICES.map((d) => d.id)).size, AWS_SERVICES.length);
    for (const descriptor of AWS_SERVICES) {
      for (const op of operationsOf(descriptor.id)) {
        assert.match(op.iamAction, /^[a-z0-9-]+:[A-Za-z]+$/, `${op.service}:${op.operation}`);
        assert.ok(op.iamResources.length > 0, `${op.service}:${op.operation} has IAM resources`);
      }
    }
  });

  it('lists the operations of a service, or the named ones in order, and refuses an unknown one', () => {
    assert.deepEqual(
      operationsOf('securityhub').map((op) => op.operation),
      ['BatchImportFindings', 'GetFindings'],
    );
    assert.deepEqual(operationsOf('s3', ['ListObjectsV2', 'GetObject']).map((op) => op.iamAction), ['s3:ListBucket', 's3:GetObject']);
    assert.throws(() => operationsOf('s3', ['HeadObject' as 'GetObject']), /s3 has no operation HeadObject/);
    assert.equal(descriptorOf('apigatewayv2').id, 'apigatewayv2');
  });

  it('API Gateway v1 and v2 share one management bucket per region', () => {
    const limits = new RateLimits();
    assert.equal(limits.bucketsFor('apigateway', 'GetExport', 'eu-west-1').at(-1), limits.bucketsFor('apigatewayv2', 'ExportApi', 'eu-west-1')[0]);
  });
});

describe('rateRulesOf', () => {
  it('derives one rule per rate of each service, applying only to that service\'s listed operations', () => {
    const rules = rateRulesOf([
      service({
        rates: [
          { name: 'example:GetThing', rate: { ratePerSecond: 1, burst: 1 }, operations: ['GetThing'] },
          { name: 'example', rate: { ratePerSecond: 5, burst: 5 } },
        ],
      }),
    ]);
    assert.deepEqual(rules.map((r) => r.name), ['example:GetThing', 'example']);
    assert.deepEqual(rules.filter((r) => r.applies('example' as never, 'GetThing')).map((r) => r.name), ['example:GetThing', 'example']);
    assert.deepEqual(rules.filter((r) => r.applies('example' as never, 'ListThings')).map((r) => r.name), ['example']);
    assert.equal(rules.some((r) => r.applies('example' as never, 'DeleteThing')), false, 'an operation the descriptor does not list');
    assert.equal(rules.some((r) => r.applies('apigateway', 'GetThing')), false, 'another service');
  });

  it('refuses a service with an operation no rule paces', () => {
    assert.throws(
      () => rateRulesOf([service({ rates: [{ name: 'example:GetThing', rate: { ratePerSecond: 1, burst: 1 }, operations: ['GetThing'] }] })]),
      /example operations without a rate rule: ListThings/,
    );
    assert.throws(() => rateRulesOf([service({ rates: [] })]), /without a rate rule: ListThings, GetThing/);
  });

  it('refuses a rule naming an operation its service does not list (a typo would leave it unpaced)', () => {
    assert.throws(
      () => rateRulesOf([service({ rates: [{ name: 'example', rate: { ratePerSecond: 5, burst: 5 } }, { name: 'x', rate: { ratePerSecond: 1, burst: 1 }, operations: ['GetThings'] }] })]),
      /rate rule x names operations example does not list: GetThings/,
    );
  });

  it('refuses two rules of one name (one bucket) with different rates', () => {
    const shared = (ratePerSecond: number) => ({ name: 'shared', rate: { ratePerSecond, burst: 5 } });
    assert.doesNotThrow(() => rateRulesOf([service({ rates: [shared(5)] }), service({ id: 'other', rates: [shared(5)] })]));
    assert.throws(() => rateRulesOf([service({ rates: [shared(5)] }), service({ id: 'other', rates: [shared(10)] })]), /rate rules named shared disagree/);
  });
});
