import { defineCheck } from '../../src/engine/define.js';
import { readSchemes, redactUri, type VariableScope } from '../../src/inventory/rest-integrations.js';
import { isWebSocketApi } from '../../src/inventory/v2.js';
import type { V2Integration } from '../../src/inventory/schema.js';
import type { V2ApiEntity } from '../../src/inventory/view.js';

const HTTP_TYPES = new Set(['HTTP', 'HTTP_PROXY']);

function label(integration: V2Integration): string {
  return `${integration.IntegrationId ?? '(no id)'} → ${redactUri(integration.IntegrationUri?.trim() ?? '') || '(no URI)'}`;
}

const isPrivate = (i: V2Integration) => i.ConnectionType?.trim().toUpperCase() === 'VPC_LINK';

export default defineCheck<V2ApiEntity, 'encrypted' | 'plaintext' | 'no-http-integrations'>({
  id: 'v2-integration-tls',
  title: 'HTTP and WebSocket API integrations reach HTTP backends over TLS, private integrations included',
  severity: 'medium',
  resourceTypes: ['http-api', 'websocket-api'],
  rationale:
    'Between API Gateway and an HTTP backend travel the callers\' requests: tokens, personal ' +
    'data, whatever the API carries. A private integration (a VPC link to a load balancer or a ' +
    'Cloud Map service) keeps that traffic off the internet but not unencrypted: without a TLS ' +
    'configuration an HTTP API sends it as plain HTTP through the VPC ("If you specify a TLS ' +
    'configuration, private integration traffic uses the HTTPS protocol", API reference, ' +
    'TlsConfig), readable by anything that can capture traffic there. WebSocket private ' +
    'integrations use TLS only when their URI is https://. Integrations over the internet to an ' +
    'http:// URL send the same data across the internet in the clear. Where a stage variable ' +
    'supplies the scheme (${stageVariables.url}), each stage\'s value is checked; a stage where it ' +
    'is unset, or a URI with no readable scheme, is reported as an error, never a pass. ' +
    'rest-integration-https judges REST integrations the same way. The v2 TLS configuration has no ' +
    'switch to skip certificate checks; one without ServerNameToVerify is recorded, since API ' +
    'Gateway then has no host name to verify. Lambda and AWS service integrations are not judged: ' +
    'they always use AWS\'s own TLS endpoints.',
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
    const judged = api.integrations.value.filter(
      (i) => isPrivate(i) || HTTP_TYPES.has(i.IntegrationType?.trim().toUpperCase() ?? ''),
    );
    if (judged.length === 0) {
      return outcome.notApplicable('no-http-integrations', { integrationCount: 0, privateCount: 0 });
    }
    const scopes: VariableScope[] | undefined = api.stages.ok
      ? [...api.stages.value]
          .sort((a, b) => a.StageName.localeCompare(b.StageName))
          .map((stage) => ({ name: `stage ${stage.StageName}`, variables: stage.StageVariables }))
      : undefined;
    const plaintext: string[] = [];
    const unresolved: string[] = [];
    const withoutServerName: string[] = [];
    let stagesNeeded = false;
    for (const integration of judged) {
      if (isPrivate(integration) && !websocket) {
        // HTTP API private integrations name a listener or Cloud Map service ARN: TlsConfig decides.
        if (!integration.TlsConfig) plaintext.push(`${label(integration)} (private, no TLS configuration)`);
        else if (!integration.TlsConfig.ServerNameToVerify?.trim()) withoutServerName.push(label(integration));
        continue;
      }
      const where = isPrivate(integration) ? 'private, not https' : 'internet';
      for (const reading of readSchemes(integration.IntegrationUri, scopes)) {
        const head = `${integration.IntegrationId ?? '(no id)'} → ${reading.uri}`;
        if (reading.scheme === 'http') {
          plaintext.push(`${head} (${where}${reading.scope ? `; ${reading.scope}` : ''})`);
        } else if (reading.scheme !== 'https') {
          stagesNeeded ||= reading.unresolved === 'stage variables not available';
          const why = [reading.scope, reading.unresolved].filter(Boolean).join(': ');
          unresolved.push(why ? `${head} (${why})` : head);
        }
      }
    }
    const evidence = {
      protocol: api.ProtocolType,
      integrationCount: judged.length,
      privateCount: judged.filter(isPrivate).length,
      withoutServerName,
      unresolved,
    };
    if (plaintext.length > 0) return outcome.fail('plaintext', { ...evidence, plaintextCount: plaintext.length, plaintext });
    if (stagesNeeded && !api.stages.ok) return outcome.gap(api.stages.error, evidence);
    if (unresolved.length > 0) {
      return outcome.invalid(`the scheme of ${unresolved.length} integration URI(s) cannot be read: ${unresolved.join('; ')}`, evidence);
    }
    return outcome.pass('encrypted', evidence);
  },
});
