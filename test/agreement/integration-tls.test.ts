/**
 * rest-integration-https and v2-integration-tls judge the same thing (is the hop from API Gateway
 * to an HTTP backend encrypted?), so equivalent configurations must get the same verdict from both.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import restCheck from '../../checks/rest/rest-integration-https.js';
import v2Check from '../../checks/v2/v2-integration-tls.js';
import type { Integration, V2Integration } from '../../src/inventory/schema.js';
import { resource, restApi, stage, v2Api, v2Stage, withRestApis, withV2Apis } from '../fixtures/builders.js';
import { evaluate } from '../checks/tester.js';

interface Variant {
  name: string;
  rest: Integration;
  v2: { protocol: 'HTTP' | 'WEBSOCKET'; integration: V2Integration };
  variables?: Record<string, Record<string, string>>;
  expected: 'PASS' | 'FAIL' | 'ERROR';
}

const ALB = 'arn:aws:elasticloadbalancing:eu-west-1:123456789012:listener/app/orders/50dc6c495c0c9188/0467ef3c8400ae65';
const restHttp = (uri: string, connectionType = 'INTERNET'): Integration => ({
  type: 'HTTP_PROXY',
  uri,
  connectionType,
  ...(connectionType === 'VPC_LINK' ? { connectionId: 'vl1' } : {}),
});
const v2Http = (IntegrationUri: string, ConnectionType = 'INTERNET', extra: Partial<V2Integration> = {}): V2Integration => ({
  IntegrationId: 'i1',
  IntegrationType: 'HTTP_PROXY',
  ConnectionType,
  IntegrationUri,
  ...extra,
});

const variants: Variant[] = [
  {
    name: 'http:// over the internet',
    rest: restHttp('http://orders.example.com/x'),
    v2: { protocol: 'HTTP', integration: v2Http('http://orders.example.com/x') },
    expected: 'FAIL',
  },
  {
    name: 'https:// over the internet',
    rest: restHttp('https://orders.example.com/x'),
    v2: { protocol: 'HTTP', integration: v2Http('https://orders.example.com/x') },
    expected: 'PASS',
  },
  {
    name: 'http:// through a VPC link (WebSocket private integrations use the URI too)',
    rest: restHttp('http://nlb.internal.example.com/x', 'VPC_LINK'),
    v2: { protocol: 'WEBSOCKET', integration: v2Http('http://nlb.internal.example.com/x', 'VPC_LINK') },
    expected: 'FAIL',
  },
  {
    name: 'plain HTTP through a VPC link (an HTTP API private integration without TLS configuration)',
    rest: restHttp('http://nlb.internal.example.com/x', 'VPC_LINK'),
    v2: { protocol: 'HTTP', integration: v2Http(ALB, 'VPC_LINK') },
    expected: 'FAIL',
  },
  {
    name: 'TLS through a VPC link',
    rest: restHttp('https://nlb.internal.example.com/x', 'VPC_LINK'),
    v2: { protocol: 'HTTP', integration: v2Http(ALB, 'VPC_LINK', { TlsConfig: { ServerNameToVerify: 'orders.internal.example.com' } }) },
    expected: 'PASS',
  },
  {
    name: 'a stage variable supplying http:// in one stage',
    rest: restHttp('${stageVariables.backend}/x'),
    v2: { protocol: 'HTTP', integration: v2Http('${stageVariables.backend}/x') },
    variables: { prod: { backend: 'https://orders.example.com' }, dev: { backend: 'http://orders-dev.example.com' } },
    expected: 'FAIL',
  },
  {
    name: 'a stage variable supplying the scheme, unset in one stage',
    rest: restHttp('${stageVariables.backend}/x'),
    v2: { protocol: 'HTTP', integration: v2Http('${stageVariables.backend}/x') },
    variables: { prod: { backend: 'https://orders.example.com' }, test: {} },
    expected: 'ERROR',
  },
];

/** One verdict for an API whether a check judges it whole or per stage: FAIL over ERROR over the rest. */
function verdict(results: readonly { status: string; message: string }[]): { status: string; message: string } | undefined {
  for (const status of ['FAIL', 'ERROR']) {
    const found = results.find((r) => r.status === status);
    if (found) return found;
  }
  return results[0];
}

describe('rest-integration-https and v2-integration-tls agree', () => {
  for (const variant of variants) {
    it(variant.name, () => {
      const stages = Object.entries(variant.variables ?? { prod: {} });
      const rest = verdict(evaluate(
        restCheck,
        withRestApis(
          restApi({
            resources: [resource('/x', { GET: { methodIntegration: variant.rest } })],
            stages: stages.map(([stageName, variables]) => stage({ stageName, variables })),
          }),
        ),
      ));
      const v2 = verdict(evaluate(
        v2Check,
        withV2Apis(
          v2Api({
            ProtocolType: variant.v2.protocol,
            integrations: [variant.v2.integration],
            stages: stages.map(([StageName, StageVariables]) => v2Stage({ StageName, StageVariables })),
          }),
        ),
      ));
      assert.equal(rest?.status, variant.expected, `rest-integration-https: ${rest?.message}`);
      assert.equal(v2?.status, variant.expected, `v2-integration-tls: ${v2?.message}`);
    });
  }
});
