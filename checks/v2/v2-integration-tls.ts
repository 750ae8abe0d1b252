import { defineCheck } from '../../src/engine/define.js';
import { isWebSocketApi } from '../../src/inventory/v2.js';
import type { V2Integration } from '../../src/inventory/schema.js';
import type { V2ApiEntity } from '../../src/inventory/view.js';

const HTTP_TYPES = new Set(['HTTP', 'HTTP_PROXY']);

function label(integration: V2Integration): string {
  return `${integration.IntegrationId ?? '(no id)'} → ${integration.IntegrationUri?.trim() || '(no URI)'}`;
}

const plainHttp = (uri: string | undefined) => /^http:\/\//i.test(uri?.trim() ?? '');
const https = (uri: string | undefined) => /^https:\/\//i.test(uri?.trim() ?? '');

export default defineCheck<V2ApiEntity, 'encrypted' | 'plaintext' | 'no-http-integrations'>({
  id: 'v2-integration-tls',
  title: 'HTTP and WebSocket API integrations reach HTTP backends over TLS, private integrations included',
  severity: 'medium',
  resourceType: 'http-api',
  rationale:
    'Between API Gateway and an HTTP backend travel the callers\' requests: tokens, personal ' +
    'data, whatever the API carries. A private integration (a VPC link to a load balancer or a ' +
    'Cloud Map service) keeps that traffic off the internet but not unencrypted: without a TLS ' +
    'configuration an HTTP API sends it as plain HTTP through the VPC, readable by anything that ' +
    'can capture traffic there. WebSocket private integrations use TLS only when their URI is ' +
    'https://. Integrations over the internet to an http:// URL send the same data across the ' +
    'internet in the clear. Lambda and AWS service integrations are not judged: they always use ' +
    'AWS\'s own TLS endpoints.',
  remediation: {
    text:
      'Give every HTTP API private integration a TLS configuration (ServerNameToVerify set to the ' +
      'host name on the backend\'s certificate) with an HTTPS listener behind it; change http:// ' +
      'integration URIs to https://.',
    cli: 'aws apigatewayv2 update-integration --api-id <api-id> --integration-id <integration-id> --tls-config ServerNameToVerify=<backend-host-name>',
    docs: 'https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-private.html',
  },
  mappings: {
    securityHub: ['APIGateway.10'],
    awsConfig: ['apigatewayv2-integration-private-https-enabled'],
    owaspApi2023: ['API8'],
  },
  messages: {
    encrypted: 'Every HTTP integration uses TLS ({integrationCount} checked; {privateCount} private).',
    plaintext: 'Integrations that send traffic unencrypted ({plaintextCount} of {integrationCount}): {plaintext}.',
    'no-http-integrations': 'The API has no private or HTTP integrations.',
  },
  select: (view) => view.v2Apis(),
  evaluate: ({ api }, outcome) => {
    if (!api.integrations.ok) return outcome.gap(api.integrations.error);
    const websocket = isWebSocketApi(api);
    const isPrivate = (i: V2Integration) => i.ConnectionType?.trim().toUpperCase() === 'VPC_LINK';
    const judged = api.integrations.value.filter(
      (i) => isPrivate(i) || HTTP_TYPES.has(i.IntegrationType?.trim().toUpperCase() ?? ''),
    );
    if (judged.length === 0) {
      return outcome.notApplicable('no-http-integrations', { integrationCount: 0, privateCount: 0 });
    }
    const plaintext: string[] = [];
    const withoutServerName: string[] = [];
    for (const integration of judged) {
      const uri = integration.IntegrationUri;
      if (isPrivate(integration) && !websocket) {
        // HTTP API private integrations name a listener or Cloud Map service ARN: TlsConfig decides.
        if (!integration.TlsConfig) plaintext.push(`${label(integration)} (private, no TLS configuration)`);
        else if (!integration.TlsConfig.ServerNameToVerify?.trim()) withoutServerName.push(label(integration));
      } else if (isPrivate(integration)) {
        if (!https(uri)) plaintext.push(`${label(integration)} (private, not https)`);
      } else if (plainHttp(uri)) {
        plaintext.push(`${label(integration)} (internet)`);
      }
    }
    const evidence = {
      protocol: api.ProtocolType,
      integrationCount: judged.length,
      privateCount: judged.filter(isPrivate).length,
      withoutServerName,
    };
    if (plaintext.length === 0) return outcome.pass('encrypted', evidence);
    return outcome.fail('plaintext', { ...evidence, plaintextCount: plaintext.length, plaintext });
  },
});
