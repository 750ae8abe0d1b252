/**
 * What an API or a domain names (its stages' web ACLs with their logging, its authorizers' user
 * pools with their web ACLs, a domain's certificate) is read as soon as that API or domain is,
 * while the other APIs are still being read, each distinct resource once, and a denied read
 * lands in the same slot as when everything was read at the end.
 */
import assert from 'node:assert/strict';
import { after, beforeEach, describe, it } from 'node:test';
import { DescribeCertificateCommand } from '@aws-sdk/client-acm';
import { GetAuthorizersCommand, GetDomainNamesCommand, GetResourcesCommand, GetRestApisCommand, GetStagesCommand } from '@aws-sdk/client-api-gateway';
import { DescribeUserPoolCommand } from '@aws-sdk/client-cognito-identity-provider';
import { GetLoggingConfigurationCommand, GetWebACLCommand, GetWebACLForResourceCommand } from '@aws-sdk/client-wafv2';
import type { CollectProgress } from '../../src/collect/progress.js';
import type { Collected } from '../../src/inventory/schema.js';
import { ACCOUNT_ID, REGION, acm, apigateway, cognito, collect, regionOf, resetAws, restoreAws, value, wafv2 } from './mock-aws.js';

const ACL_ARN = `arn:aws:wafv2:${REGION}:${ACCOUNT_ID}:regional/webacl/api-acl/0f1e2d3c`;
const CERT_ARN = `arn:aws:acm:${REGION}:${ACCOUNT_ID}:certificate/regional-0001`;
const POOL_ID = `${REGION}_Pool1`;
const POOL_ARN = `arn:aws:cognito-idp:${REGION}:${ACCOUNT_ID}:userpool/${POOL_ID}`;
const LINKED_PHASES = ['web-acls', 'certificates', 'user-pools', 'user-pool-web-acls'];

const webAcl = {
  Name: 'api-acl',
  Id: '0f1e2d3c',
  ARN: ACL_ARN,
  DefaultAction: { Allow: {} },
  Rules: [],
  VisibilityConfig: { SampledRequestsEnabled: true, CloudWatchMetricsEnabled: true, MetricName: 'api-acl' },
};

function denied(action: string) {
  return Object.assign(new Error(`User is not authorized to perform: ${action}`), {
    name: 'AccessDeniedException',
    $fault: 'client',
    $metadata: { httpStatusCode: 400 },
  });
}

/**
 * Two REST APIs, both with a stage behind the same web ACL and a method behind the same user
 * pool, and a regional domain. The second API's stages are answered only once every linked read
 * has been asked for (or after 2 s: the old order, every linked read after every API). The
 * operations in `deny` answer AccessDenied.
 */
function accountWithLinks(order: string[], deny: readonly string[] = []): void {
  const linkedCalls = new Set<string>();
  let allAsked: () => void = () => {};
  const everyLinkedReadAsked = new Promise<void>((resolve) => (allAsked = resolve));
  const asked = (what: string) => {
    order.push(what);
    linkedCalls.add(what);
    if (['GetWebACL', 'GetLoggingConfiguration', 'DescribeCertificate', 'DescribeUserPool', 'GetWebACLForResource'].every((c) => linkedCalls.has(c))) allAsked();
    if (deny.includes(what)) throw denied(what);
  };
  apigateway.on(GetRestApisCommand).resolves({ items: [{ id: 'a1', name: 'orders' }, { id: 'b2', name: 'admin' }] });
  apigateway.on(GetResourcesCommand).resolves({
    items: [{ id: 'r', path: '/', resourceMethods: { GET: { httpMethod: 'GET', authorizationType: 'COGNITO_USER_POOLS', authorizerId: 'c1' } } }],
  });
  apigateway.on(GetAuthorizersCommand).resolves({ items: [{ id: 'c1', name: 'users', type: 'COGNITO_USER_POOLS', providerARNs: [POOL_ARN] }] });
  apigateway.on(GetStagesCommand, { restApiId: 'a1' }).resolves({ item: [{ stageName: 'prod', webAclArn: ACL_ARN }] });
  apigateway.on(GetStagesCommand, { restApiId: 'b2' }).callsFake(async () => {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([everyLinkedReadAsked, new Promise((resolve) => (timer = setTimeout(resolve, 2_000)))]);
    clearTimeout(timer);
    order.push('b2 GetStages answered');
    return { item: [{ stageName: 'prod', webAclArn: ACL_ARN }, { stageName: 'dev', webAclArn: ACL_ARN }] };
  });
  apigateway.on(GetDomainNamesCommand).resolves({
    items: [{ domainName: 'api.example.com', endpointConfiguration: { types: ['REGIONAL'] }, regionalCertificateArn: CERT_ARN }],
  });
  wafv2.on(GetWebACLCommand).callsFake(() => {
    asked('GetWebACL');
    return { WebACL: webAcl, LockToken: 'lock-1' };
  });
  wafv2.on(GetLoggingConfigurationCommand).callsFake(() => {
    asked('GetLoggingConfiguration');
    throw Object.assign(new Error('no logging'), { name: 'WAFNonexistentItemException', $fault: 'client', $metadata: { httpStatusCode: 400 } });
  });
  wafv2.on(GetWebACLForResourceCommand).callsFake(() => {
    asked('GetWebACLForResource');
    return {};
  });
  acm.on(DescribeCertificateCommand).callsFake(() => {
    asked('DescribeCertificate');
    return { Certificate: { CertificateArn: CERT_ARN, Status: 'ISSUED' } };
  });
  cognito.on(DescribeUserPoolCommand).callsFake(() => {
    asked('DescribeUserPool');
    return { UserPool: { Id: POOL_ID, Arn: POOL_ARN, Name: 'users', MfaConfiguration: 'ON' } };
  });
}

function errorCode(slot: Collected<unknown> | undefined): string | undefined {
  assert.ok(slot, 'slot present');
  return slot.ok ? undefined : slot.error.code;
}

describe('linked reads start with the first API or domain that names them', () => {
  beforeEach(resetAws);
  after(restoreAws);

  it('reads the web ACL, its logging, the certificate, the pool and its web ACL before the last API is read, each once', async () => {
    const order: string[] = [];
    accountWithLinks(order);
    const progress: CollectProgress[] = [];
    const result = await collect({ onProgress: (event) => LINKED_PHASES.includes(event.phase) && progress.push(event) });

    const answered = order.indexOf('b2 GetStages answered');
    for (const call of ['GetWebACL', 'GetLoggingConfiguration', 'DescribeCertificate', 'DescribeUserPool', 'GetWebACLForResource']) {
      assert.ok(order.indexOf(call) >= 0 && order.indexOf(call) < answered, `${call} before the last API is read: ${order.join(', ')}`);
    }
    // Three stages name the ACL, two APIs the pool: one read of each.
    assert.equal(wafv2.commandCalls(GetWebACLCommand).length, 1);
    assert.equal(wafv2.commandCalls(GetLoggingConfigurationCommand).length, 1);
    assert.equal(wafv2.commandCalls(GetWebACLForResourceCommand).length, 1);
    assert.equal(acm.commandCalls(DescribeCertificateCommand).length, 1);
    assert.equal(cognito.commandCalls(DescribeUserPoolCommand).length, 1);

    const region = regionOf(result);
    assert.deepEqual(region.webAcls, { [ACL_ARN]: { ok: true, value: webAcl } });
    assert.deepEqual(region.webAclLogging, { [ACL_ARN]: { ok: true, value: { enabled: false } } });
    assert.deepEqual(region.certificates, { [CERT_ARN]: { ok: true, value: { CertificateArn: CERT_ARN, Status: 'ISSUED' } } });
    assert.equal(value(result.inventory.shared.userPools[POOL_ARN]).Name, 'users');
    assert.deepEqual(result.inventory.shared.userPoolWebAcls, { [POOL_ARN]: { ok: true, value: { associated: false } } });
    assert.deepEqual(result.inventory.errors, []);

    // Each phase is under way while more can be named, and done once, at the end.
    for (const phase of LINKED_PHASES) {
      const events = progress.filter((event) => event.phase === phase);
      assert.ok(events.slice(0, -1).every((event) => event.done < event.total), `${phase}: ${JSON.stringify(events)}`);
      assert.deepEqual(events.at(-1), { region: phase.startsWith('user-pool') ? 'global' : REGION, phase, done: 1, total: 1 });
    }
  });

  it('a denied linked read started early is an error in its own slot, recorded once, never a value', async () => {
    const order: string[] = [];
    accountWithLinks(order, ['GetWebACL', 'DescribeCertificate', 'GetWebACLForResource']);
    const result = await collect();

    const answered = order.indexOf('b2 GetStages answered');
    for (const call of ['GetWebACL', 'DescribeCertificate', 'GetWebACLForResource']) {
      assert.ok(order.indexOf(call) >= 0 && order.indexOf(call) < answered, `${call} before the last API is read: ${order.join(', ')}`);
    }
    const region = regionOf(result);
    assert.equal(errorCode(region.webAcls[ACL_ARN]), 'AccessDeniedException');
    // The logging configuration is its own call and its own slot: not failed by the ACL's denial.
    assert.deepEqual(region.webAclLogging?.[ACL_ARN], { ok: true, value: { enabled: false } });
    assert.equal(errorCode(region.certificates[CERT_ARN]), 'AccessDeniedException');
    assert.equal(errorCode(result.inventory.shared.userPoolWebAcls?.[POOL_ARN]), 'AccessDeniedException');
    assert.ok(result.inventory.shared.userPools[POOL_ARN]?.ok, 'the pool itself is read');
    assert.deepEqual(
      result.inventory.errors.map((e) => [e.service, e.operation, e.resource, e.code]),
      [
        ['acm', 'DescribeCertificate', CERT_ARN, 'AccessDeniedException'],
        ['wafv2', 'GetWebACL', ACL_ARN, 'AccessDeniedException'],
        ['wafv2', 'GetWebACLForResource', POOL_ARN, 'AccessDeniedException'],
      ],
    );
  });
});
