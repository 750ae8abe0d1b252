import { defineCheck } from '../../src/engine/define.js';
import {
  readSchemes,
  restIntegrations,
  restVariableScopes,
  type HttpIntegrationRef,
  type SchemeReading,
} from '../../src/inventory/rest-integrations.js';
import type { RestApiEntity } from '../../src/inventory/view.js';

type MessageId = 'https' | 'vpc-link-http' | 'plain-http' | 'tls-unverified' | 'no-http-integrations';

interface Reading extends SchemeReading {
  ref: HttpIntegrationRef;
  /** `POST /prices → http://prices.example.com/prices`, with the stage when a variable supplies the scheme. */
  label: string;
}

export default defineCheck<RestApiEntity, MessageId>({
  id: 'rest-integration-https',
  title: 'REST API HTTP integrations call their backends over HTTPS',
  severity: 'high',
  resourceTypes: ['rest-api'],
  rationale:
    'API Gateway terminates TLS from clients, but an HTTP or HTTP_PROXY integration whose URI is ' +
    'http:// sends every request on to the backend in clear text: request bodies, the ' +
    'Authorization header and whatever the integration maps in (API keys, user identity, stage ' +
    'variables) can be read and altered by anyone on the path. That holds through a VPC link too ' +
    '(connection type VPC_LINK): the link keeps the traffic off the internet, not unencrypted, so ' +
    'http:// there is plaintext inside the network and fails, as v2-integration-tls judges HTTP ' +
    'and WebSocket private integrations. An https:// integration with ' +
    'tlsConfig.insecureSkipVerification accepts a backend certificate from any issuer, self-signed ' +
    'included, which the API reference (TlsConfig) warns increases the risk of man-in-the-middle ' +
    'attacks; it fails too. Where a stage variable supplies the scheme (${stageVariables.url}), ' +
    'each stage\'s value is checked, and so is each canary\'s, since a canary\'s stage variable ' +
    'overrides apply to its share of the traffic (API reference, CanarySettings). A stage where ' +
    'that variable is unset, or a URI with no readable scheme, cannot be judged: the check reports ' +
    'an error rather than passing. Methods whose integration was not returned are listed as ' +
    'unknown; if no method has integration data the check reports an error rather than passing.',
  remediation: {
    text:
      'Serve the backend over HTTPS with a certificate from a trusted CA, behind a VPC link too; ' +
      'change the integration URI (or the stage and canary variables that supply it) to https://, ' +
      'turn insecureSkipVerification off, then redeploy the stages.',
    cli: "aws apigateway update-integration --rest-api-id <api-id> --resource-id <resource-id> --http-method <METHOD> --patch-operations 'op=replace,path=/uri,value=https://<backend-host>/<path>' && aws apigateway create-deployment --rest-api-id <api-id> --stage-name <stage>",
    docs: 'https://docs.aws.amazon.com/apigateway/latest/developerguide/setup-http-integrations.html',
  },
  mappings: {
    owaspApi2023: ['API8', 'API10'],
  },
  messages: {
    https: 'Every HTTP integration calls its backend over HTTPS ({httpIntegrationCount} checked).',
    'vpc-link-http':
      'Integrations send requests in plain HTTP through a VPC link ({vpcLinkHttpCount}), unencrypted inside the network: {vpcLinkHttp}.',
    'plain-http': 'Integrations send requests to their backends over plain HTTP ({plainHttpCount}): {plainHttp}.',
    'tls-unverified':
      'Integrations call HTTPS backends without verifying their certificates (insecureSkipVerification, {tlsVerificationSkippedCount}): {tlsVerificationSkipped}.',
    'no-http-integrations': 'The API has no HTTP or HTTP_PROXY integrations.',
  },
  select: (view) => view.restApis(),
  evaluate: ({ api }, outcome) => {
    if (!api.resources.ok) return outcome.gap(api.resources.error);
    const integrations = restIntegrations(api.resources.value);
    const unknownIntegrations = integrations.unknown.map((m) => m.label);
    const total = integrations.http.length + integrations.other.length + integrations.unknown.length;
    if (total > 0 && unknownIntegrations.length === total) {
      return outcome.invalid('no method of the API has integration data, so its backends are unknown', {
        unknownIntegrations,
      });
    }
    if (integrations.http.length === 0) return outcome.notApplicable('no-http-integrations', { unknownIntegrations });

    const scopes = api.stages.ok ? restVariableScopes(api.stages.value) : undefined;
    const readings = integrations.http.flatMap((ref) => read(ref, scopes));
    const labels = (keep: (r: Reading) => boolean) => readings.filter(keep).map((r) => r.label);
    const plainHttp = labels((r) => r.scheme === 'http' && r.ref.connectionType !== 'VPC_LINK');
    const vpcLinkHttp = labels((r) => r.scheme === 'http' && r.ref.connectionType === 'VPC_LINK');
    const tlsVerificationSkipped = labels((r) => r.scheme === 'https' && r.ref.integration.tlsConfig?.insecureSkipVerification === true);
    const unresolved = labels((r) => r.scheme === 'unknown' || r.scheme === 'other');
    const evidence = {
      httpIntegrationCount: integrations.http.length,
      vpcLinkHttpCount: vpcLinkHttp.length,
      vpcLinkHttp,
      tlsVerificationSkippedCount: tlsVerificationSkipped.length,
      tlsVerificationSkipped,
      unresolved,
      unknownIntegrations,
    };
    if (plainHttp.length > 0) return outcome.fail('plain-http', { ...evidence, plainHttpCount: plainHttp.length, plainHttp });
    if (vpcLinkHttp.length > 0) return outcome.fail('vpc-link-http', evidence);
    if (tlsVerificationSkipped.length > 0) return outcome.fail('tls-unverified', evidence);
    if (unresolved.length > 0) {
      if (!api.stages.ok && readings.some((r) => r.unresolved === 'stage variables not available')) {
        return outcome.gap(api.stages.error, evidence);
      }
      return outcome.invalid(`the scheme of ${unresolved.length} integration URI(s) cannot be read: ${unresolved.join('; ')}`, evidence);
    }
    return outcome.pass('https', evidence);
  },
});

/** One integration's schemes: from its URI, or per stage and canary when a stage variable supplies it. */
function read(ref: HttpIntegrationRef, scopes: Parameters<typeof readSchemes>[1]): Reading[] {
  return readSchemes(ref.uri, scopes).map((reading) => {
    const note = reading.unresolved
      ? reading.scope
        ? ` (${reading.scope}: ${reading.unresolved})`
        : ` (${reading.unresolved})`
      : reading.scope
        ? ` (${reading.scope})`
        : '';
    return { ...reading, ref, label: `${ref.label} → ${reading.uri}${note}` };
  });
}
