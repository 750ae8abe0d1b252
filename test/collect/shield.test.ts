/**
 * AWS Shield Advanced, once per scan: the subscription state; only while it is ACTIVE, every
 * page of the protections (NextToken) and of the CloudFront distributions (Marker/NextMarker).
 * Not subscribed is an answer (NOT_APPLICABLE), AccessDenied a gap the Shield check reports as
 * ERROR, throttling is retried.
 */
import assert from 'node:assert/strict';
import { after, beforeEach, describe, it } from 'node:test';
import { GetRestApisCommand } from '@aws-sdk/client-api-gateway';
import { ListDistributionsCommand, type DistributionSummary } from '@aws-sdk/client-cloudfront';
import { GetSubscriptionStateCommand, ListProtectionsCommand, ShieldServiceException } from '@aws-sdk/client-shield';
import shieldCheck from '../../checks/edge/api-shield-advanced.js';
import { runChecks } from '../../src/engine/runner.js';
import { ALL_EVIDENCE_ITEMS } from '../../src/engine/evidence-bounds.js';
import { collectInventory } from '../../src/collect/index.js';
import { parseInventory } from '../../src/inventory/io.js';
import { inventory as fixtureInventory, ok, region as fixtureRegion, restApi, shared } from '../fixtures/builders.js';
import { startFakeAws } from '../support/fake-aws.js';
import { ACCOUNT_ID, REGION, apigateway, cloudfront, collect, resetAws, restoreAws, shield, value } from './mock-aws.js';

const API_HOST = `a1b2c3d4e5.execute-api.${REGION}.amazonaws.com`;
const distributionArn = (id: string) => `arn:aws:cloudfront::${ACCOUNT_ID}:distribution/${id}`;

function shieldError(name: string, status: number, message: string): ShieldServiceException {
  return new ShieldServiceException({ name, $fault: 'client', $metadata: { httpStatusCode: status }, message });
}

/** A distribution summary with the members the collector reads (a real one carries its whole configuration). */
function summary(id: string, origin: string): DistributionSummary {
  const origins = { Quantity: 1, Items: [{ Id: 'api', DomainName: origin }] };
  return { Id: id, ARN: distributionArn(id), DomainName: `${id.toLowerCase()}.cloudfront.net`, Enabled: true, Origins: origins } as DistributionSummary;
}

const protection = (id: string, resourceArn: string) => ({ Id: id, Name: id, ResourceArn: resourceArn, ProtectionArn: `arn:aws:shield::${ACCOUNT_ID}:protection/${id}` });

/** One Regional REST API on its default endpoint. */
function oneRestApi(): void {
  apigateway.on(GetRestApisCommand).resolves({ items: [{ id: 'a1b2c3d4e5', name: 'orders', endpointConfiguration: { types: ['REGIONAL'] } }] });
}

describe('Shield Advanced collection', () => {
  beforeEach(resetAws);
  after(restoreAws);

  it('reads only the subscription state when the account does not subscribe', async () => {
    oneRestApi();
    const result = await collect();
    assert.deepEqual(value(result.inventory.shared.shield?.subscription), { SubscriptionState: 'INACTIVE' });
    assert.equal(result.inventory.shared.shield?.protections, undefined);
    assert.equal(shield.commandCalls(ListProtectionsCommand).length, 0);
    assert.equal(cloudfront.calls().length, 0);
    // Shield is global: its API answers in us-east-1, whatever the scanned region.
    assert.equal(await shield.commandCalls(GetSubscriptionStateCommand)[0]!.thisValue.config.region(), 'us-east-1');
    assert.deepEqual(runChecks([shieldCheck], result.inventory).map((r) => [r.status, r.messageId]), [['NOT_APPLICABLE', 'not-subscribed']]);
  });

  it('records ResourceNotFoundException on the subscription as not subscribed, not as a failure', async () => {
    shield.on(GetSubscriptionStateCommand).rejects(shieldError('ResourceNotFoundException', 400, 'no subscription'));
    const result = await collect();
    assert.deepEqual(value(result.inventory.shared.shield?.subscription), { SubscriptionState: 'INACTIVE' });
    assert.ok(!result.inventory.errors.some((e) => e.service === 'shield'));
  });

  it('pages every protection and distribution while subscribed, and judges the API by them', async () => {
    oneRestApi();
    shield.on(GetSubscriptionStateCommand).resolves({ SubscriptionState: 'ACTIVE' });
    shield
      .on(ListProtectionsCommand, { NextToken: undefined })
      .resolves({ Protections: [protection('p1', distributionArn('EOTHER'))], NextToken: 't2' })
      .on(ListProtectionsCommand, { NextToken: 't2' })
      .resolves({ Protections: [protection('p2', distributionArn('EAPI'))] });
    cloudfront
      .on(ListDistributionsCommand, { Marker: undefined })
      .resolves({ DistributionList: { Marker: '', MaxItems: 100, IsTruncated: true, NextMarker: 'EOTHER', Quantity: 1, Items: [summary('EOTHER', 'www.example.org')] } })
      .on(ListDistributionsCommand, { Marker: 'EOTHER' })
      .resolves({ DistributionList: { Marker: 'EOTHER', MaxItems: 100, IsTruncated: false, Quantity: 1, Items: [summary('EAPI', API_HOST)] } });
    const result = await collect({ regions: [REGION, 'us-west-2'] });
    const shieldInventory = result.inventory.shared.shield;
    assert.deepEqual(value(shieldInventory?.protections).map((p) => p.Id), ['p1', 'p2']);
    assert.deepEqual(value(shieldInventory?.distributions).map((d) => [d.Id, d.originDomainNames]), [
      ['EOTHER', ['www.example.org']],
      ['EAPI', [API_HOST]],
    ]);
    // Once per scan, whatever the number of regions.
    assert.equal(shield.commandCalls(GetSubscriptionStateCommand).length, 1);
    assert.equal(shield.commandCalls(ListProtectionsCommand).length, 2);
    assert.equal(cloudfront.commandCalls(ListDistributionsCommand).length, 2);
    const parsed = parseInventory(JSON.parse(JSON.stringify(result.inventory)), 'test');
    assert.equal(value(parsed.shared.shield?.distributions).length, 2);
    // The check's whole evidence, not the report's bound (a passing result keeps only list counts there; its message names them).
    const results = runChecks([shieldCheck], result.inventory, { evidenceItems: ALL_EVIDENCE_ITEMS }).filter((r) => r.resource.region === REGION);
    assert.deepEqual(results.map((r) => [r.status, r.messageId, r.evidence.protectedDistributions]), [['PASS', 'protected', [distributionArn('EAPI')]]]);
    const [reported] = runChecks([shieldCheck], result.inventory).filter((r) => r.resource.region === REGION);
    assert.match(reported?.message ?? '', new RegExp(`protects ${distributionArn('EAPI')}`));
  });

  it('reads no protection as an empty list (Shield answers ResourceNotFoundException)', async () => {
    oneRestApi();
    shield.on(GetSubscriptionStateCommand).resolves({ SubscriptionState: 'ACTIVE' });
    shield.on(ListProtectionsCommand).rejects(shieldError('ResourceNotFoundException', 400, 'no protections'));
    cloudfront.on(ListDistributionsCommand).resolves({ DistributionList: { Marker: '', MaxItems: 100, IsTruncated: false, Quantity: 0 } });
    const result = await collect();
    assert.deepEqual(value(result.inventory.shared.shield?.protections), []);
    assert.deepEqual(runChecks([shieldCheck], result.inventory).map((r) => [r.status, r.messageId]), [['FAIL', 'not-fronted']]);
  });

  it('turns AccessDenied into gaps the Shield check reports as ERROR, never PASS', async () => {
    oneRestApi();
    shield.on(GetSubscriptionStateCommand).rejects(shieldError('AccessDeniedException', 403, 'not authorized to perform: shield:GetSubscriptionState'));
    const denied = await collect();
    const slot = denied.inventory.shared.shield?.subscription;
    assert.ok(slot && !slot.ok);
    assert.deepEqual([slot.error.service, slot.error.operation, slot.error.code], ['shield', 'GetSubscriptionState', 'AccessDeniedException']);
    assert.deepEqual(runChecks([shieldCheck], denied.inventory).map((r) => [r.status, r.error?.kind]), [['ERROR', 'collection-gap']]);

    resetAws();
    oneRestApi();
    shield.on(GetSubscriptionStateCommand).resolves({ SubscriptionState: 'ACTIVE' });
    shield.on(ListProtectionsCommand).resolves({ Protections: [] });
    cloudfront.on(ListDistributionsCommand).rejects(shieldError('AccessDenied', 403, 'not authorized to perform: cloudfront:ListDistributions'));
    const deniedDistributions = await collect();
    assert.ok(deniedDistributions.inventory.errors.some((e) => e.service === 'cloudfront' && e.operation === 'ListDistributions'));
    assert.deepEqual(runChecks([shieldCheck], deniedDistributions.inventory).map((r) => [r.status, r.error?.kind]), [['ERROR', 'collection-gap']]);
  });

  it('retries Shield throttling through callAws', async () => {
    shield
      .on(GetSubscriptionStateCommand)
      .rejectsOnce(shieldError('ThrottlingException', 400, 'Rate exceeded'))
      .resolves({ SubscriptionState: 'ACTIVE' });
    shield.on(ListProtectionsCommand).rejectsOnce(shieldError('ThrottlingException', 400, 'Rate exceeded')).resolves({ Protections: [] });
    cloudfront.on(ListDistributionsCommand).resolves({ DistributionList: { Marker: '', MaxItems: 100, IsTruncated: false, Quantity: 0 } });
    const result = await collect();
    assert.deepEqual(value(result.inventory.shared.shield?.subscription), { SubscriptionState: 'ACTIVE' });
    assert.equal(shield.commandCalls(GetSubscriptionStateCommand).length, 2);
    assert.equal(shield.commandCalls(ListProtectionsCommand).length, 2);
    assert.ok(!result.inventory.errors.some((e) => e.service === 'shield'));
  });

  it('makes no Shield call when no selected check reads it', async () => {
    const result = await collect({ parts: new Set(['rest-apis']) });
    assert.equal(shield.calls().length, 0);
    const slot = result.inventory.shared.shield?.subscription;
    assert.ok(slot && !slot.ok && slot.error.code === 'NotSelected');
  });
});

describe('Shield Advanced through the AWS look-alike', () => {
  it('collects a subscribed account\'s protections and distributions, every page, over the wire', async () => {
    const protections = [protection('p1', distributionArn('EAPI')), protection('p2', distributionArn('EOTHER')), protection('p3', distributionArn('ETHIRD'))];
    const distributions = ['EAPI', 'EOTHER', 'ETHIRD'].map((id) => ({
      Id: id,
      ARN: distributionArn(id),
      DomainName: `${id.toLowerCase()}.cloudfront.net`,
      Enabled: true,
      originDomainNames: [id === 'EAPI' ? API_HOST : 'www.example.org'],
    }));
    const truth = fixtureInventory({
      regions: [fixtureRegion({ restApis: [restApi({ name: 'orders' })] })],
      shared: { ...shared(), shield: { subscription: ok({ SubscriptionState: 'ACTIVE' }), protections: ok(protections), distributions: ok(distributions) } },
    });
    const fake = await startFakeAws({ inventory: truth, maxPageSize: 2 });
    try {
      const result = await collectInventory({
        regions: [REGION],
        endpointUrl: fake.url,
        credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'x' },
        rateScale: 1000,
      });
      assert.deepEqual(result.inventory.shared.shield, truth.shared.shield);
      assert.deepEqual(
        fake.requests.filter((r) => r.service === 'shield' || r.service === 'cloudfront').map((r) => `${r.service}:${r.operation}`).sort(),
        ['cloudfront:ListDistributions', 'cloudfront:ListDistributions', 'shield:GetSubscriptionState', 'shield:ListProtections', 'shield:ListProtections'],
      );
    } finally {
      await fake.close();
    }
  });
});
