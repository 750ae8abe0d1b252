import assert from 'node:assert/strict';
import { after, beforeEach, describe, it } from 'node:test';
import { DescribeCertificateCommand } from '@aws-sdk/client-acm';
import {
  GetApiKeysCommand,
  GetBasePathMappingsCommand,
  GetClientCertificatesCommand,
  GetDomainNamesCommand,
  GetRestApisCommand,
  GetStagesCommand,
} from '@aws-sdk/client-api-gateway';
import { GetWebACLCommand } from '@aws-sdk/client-wafv2';
import { accessDenied, acm, apigateway, collect, regionOf, resetAws, restoreAws, value, wafv2 } from './mock-aws.js';

const ACL_ARN = 'arn:aws:wafv2:eu-west-1:123456789012:regional/webacl/api-acl/0f1e2d3c';
const EDGE_CERT = 'arn:aws:acm:us-east-1:123456789012:certificate/edge-0001';
const REGIONAL_CERT = 'arn:aws:acm:eu-west-1:123456789012:certificate/regional-0002';

describe('account-wide REST resources', () => {
  beforeEach(resetAws);
  after(restoreAws);

  it('never asks for API key values and drops any that come back', async () => {
    apigateway.on(GetApiKeysCommand).resolves({
      items: [
        {
          id: 'k1',
          name: 'partner',
          enabled: true,
          value: 'sEcReTkEyVaLuE0123456789',
          stageKeys: ['a1/prod'],
          createdDate: new Date('2025-02-03T04:05:06Z'),
        },
      ],
    });
    const result = await collect();

    assert.deepEqual(
      apigateway.commandCalls(GetApiKeysCommand).map((call) => call.args[0].input),
      [{ limit: 500, position: undefined }],
    );
    assert.deepEqual(value(regionOf(result).apigateway.apiKeys), [
      { id: 'k1', name: 'partner', enabled: true, stageKeys: ['a1/prod'], createdDate: '2025-02-03T04:05:06.000Z' },
    ]);
    assert.ok(!JSON.stringify(result.inventory).includes('sEcReTkEyVaLuE'));
  });

  it('drops the PEM of client certificates and keeps their expiry', async () => {
    apigateway.on(GetClientCertificatesCommand).resolves({
      items: [
        {
          clientCertificateId: 'cc1',
          pemEncodedCertificate: '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----',
          createdDate: new Date('2025-01-01T00:00:00Z'),
          expirationDate: new Date('2026-01-01T00:00:00Z'),
          tags: { team: 'edge' },
        },
      ],
    });
    const result = await collect();

    assert.deepEqual(value(regionOf(result).apigateway.clientCertificates), [
      {
        clientCertificateId: 'cc1',
        createdDate: '2025-01-01T00:00:00.000Z',
        expirationDate: '2026-01-01T00:00:00.000Z',
        tags: { team: 'edge' },
      },
    ]);
  });

  it('calls GetWebACL once for two stages that share a web ACL, and none for stages without one', async () => {
    apigateway.on(GetRestApisCommand).resolves({ items: [{ id: 'a1' }, { id: 'b2' }] });
    apigateway.on(GetStagesCommand, { restApiId: 'a1' }).resolves({
      item: [
        { stageName: 'prod', webAclArn: ACL_ARN },
        { stageName: 'dev', webAclArn: ACL_ARN },
      ],
    });
    apigateway.on(GetStagesCommand, { restApiId: 'b2' }).resolves({ item: [{ stageName: 'prod' }] });
    const webAcl = {
      Name: 'api-acl',
      Id: '0f1e2d3c',
      ARN: ACL_ARN,
      DefaultAction: { Allow: {} },
      Rules: [{ Name: 'common', Priority: 0, Statement: { ManagedRuleGroupStatement: { VendorName: 'AWS', Name: 'AWSManagedRulesCommonRuleSet' } }, OverrideAction: { None: {} }, VisibilityConfig: { SampledRequestsEnabled: true, CloudWatchMetricsEnabled: true, MetricName: 'common' } }],
      Capacity: 700,
      VisibilityConfig: { SampledRequestsEnabled: true, CloudWatchMetricsEnabled: true, MetricName: 'api-acl' },
    };
    wafv2.on(GetWebACLCommand).resolves({ WebACL: webAcl, LockToken: 'lock-1' });
    const result = await collect();

    const calls = wafv2.commandCalls(GetWebACLCommand);
    assert.deepEqual(
      calls.map((call) => call.args[0].input),
      [{ ARN: ACL_ARN }],
    );
    assert.deepEqual(regionOf(result).webAcls, { [ACL_ARN]: { ok: true, value: webAcl } });
  });

  it('records a WAF Classic web ACL as not collectable instead of calling WAFv2', async () => {
    const classic = 'arn:aws:waf-regional:eu-west-1:123456789012:webacl/1234';
    apigateway.on(GetRestApisCommand).resolves({ items: [{ id: 'a1' }] });
    apigateway.on(GetStagesCommand).resolves({ item: [{ stageName: 'prod', webAclArn: classic }] });
    const result = await collect();

    assert.equal(wafv2.commandCalls(GetWebACLCommand).length, 0);
    const acl = regionOf(result).webAcls[classic];
    assert.equal(acl && !acl.ok && acl.error.code, 'UnsupportedWebAcl');
    assert.equal(result.inventory.errors.length, 1);
  });

  it('collects domains with their base path mappings; a denied mapping fails only its domain', async () => {
    apigateway.on(GetDomainNamesCommand).resolves({
      items: [
        { domainName: 'api.example.com', endpointConfiguration: { types: ['REGIONAL'] }, regionalCertificateArn: REGIONAL_CERT, securityPolicy: 'TLS_1_2' },
        { domainName: 'old.example.com', endpointConfiguration: { types: ['EDGE'] }, certificateArn: EDGE_CERT, securityPolicy: 'TLS_1_0' },
      ],
    });
    apigateway
      .on(GetBasePathMappingsCommand, { domainName: 'api.example.com' })
      .resolves({ items: [{ basePath: '(none)', restApiId: 'a1', stage: 'prod' }] });
    apigateway.on(GetBasePathMappingsCommand, { domainName: 'old.example.com' }).rejects(accessDenied());
    acm.on(DescribeCertificateCommand).callsFake((input: { CertificateArn: string }) => ({
      Certificate: { CertificateArn: input.CertificateArn, Status: 'ISSUED', NotAfter: new Date('2026-06-01T00:00:00Z') },
    }));
    const result = await collect();

    assert.deepEqual(
      apigateway.commandCalls(GetBasePathMappingsCommand).map((call) => call.args[0].input),
      [
        { domainName: 'api.example.com', limit: 500, position: undefined },
        { domainName: 'old.example.com', limit: 500, position: undefined },
      ],
    );
    const [regional, edge] = value(regionOf(result).apigateway.domainNames);
    assert.deepEqual(regional?.basePathMappings, { ok: true, value: [{ basePath: '(none)', restApiId: 'a1', stage: 'prod' }] });
    assert.equal(edge?.basePathMappings.ok, false);
    assert.deepEqual(
      result.inventory.errors.map((e) => [e.operation, e.resource]),
      [['GetBasePathMappings', 'arn:aws:apigateway:eu-west-1::/domainnames/old.example.com']],
    );
  });

  it('describes an edge domain’s certificate with a us-east-1 client and a regional one in the region', async () => {
    apigateway.on(GetDomainNamesCommand).resolves({
      items: [
        { domainName: 'edge.example.com', endpointConfiguration: { types: ['EDGE'] }, certificateArn: EDGE_CERT },
        { domainName: 'api.example.com', endpointConfiguration: { types: ['REGIONAL'] }, regionalCertificateArn: REGIONAL_CERT },
      ],
    });
    const clientRegions: Record<string, string> = {};
    acm.on(DescribeCertificateCommand).callsFake(async (input: { CertificateArn: string }, getClient) => {
      clientRegions[input.CertificateArn] = await getClient().config.region();
      return {
        Certificate: {
          CertificateArn: input.CertificateArn,
          Status: 'ISSUED',
          KeyAlgorithm: 'RSA_2048',
          NotAfter: new Date('2026-06-01T00:00:00Z'),
          InUseBy: ['arn:aws:cloudfront::123456789012:distribution/E1'],
        },
      };
    });
    const result = await collect();

    assert.deepEqual(clientRegions, { [EDGE_CERT]: 'us-east-1', [REGIONAL_CERT]: 'eu-west-1' });
    const certificates = regionOf(result).certificates;
    assert.deepEqual(Object.keys(certificates).sort(), [REGIONAL_CERT, EDGE_CERT].sort());
    assert.deepEqual(value(certificates[EDGE_CERT]), {
      CertificateArn: EDGE_CERT,
      Status: 'ISSUED',
      KeyAlgorithm: 'RSA_2048',
      NotAfter: '2026-06-01T00:00:00.000Z',
      InUseBy: ['arn:aws:cloudfront::123456789012:distribution/E1'],
    });
  });

  it('describes an edge certificate shared by domains in two regions once', async () => {
    apigateway.on(GetDomainNamesCommand).resolves({
      items: [{ domainName: 'edge.example.com', endpointConfiguration: { types: ['EDGE'] }, certificateArn: EDGE_CERT }],
    });
    acm.on(DescribeCertificateCommand).resolves({ Certificate: { CertificateArn: EDGE_CERT, Status: 'ISSUED' } });
    const result = await collect({ regions: ['eu-west-1', 'ap-southeast-2'] });

    assert.equal(acm.commandCalls(DescribeCertificateCommand).length, 1);
    for (const region of ['eu-west-1', 'ap-southeast-2']) {
      assert.deepEqual(regionOf(result, region).certificates[EDGE_CERT], {
        ok: true,
        value: { CertificateArn: EDGE_CERT, Status: 'ISSUED' },
      });
    }
  });
});
