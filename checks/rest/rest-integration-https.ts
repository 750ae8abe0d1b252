import { defineCheck } from '../../src/engine/define.js';
import {
  leadingStageVariable,
  redactUri,
  resolveStageVariables,
  restIntegrations,
  schemeOf,
  type HttpIntegrationRef,
  type UriScheme,
} from '../../src/inventory/rest-integrations.js';
import type { RestApiEntity } from '../../src/inventory/view.js';

type MessageId = 'https' | 'vpc-link-http' | 'plain-http' | 'no-http-integrations';

interface Judged {
  ref: HttpIntegrationRef;
  /** `POST /prices → http://prices.example.com/prices`, with the stage when a variable supplies the scheme. */
  labels: string[];
  schemes: UriScheme[];
}

export default defineCheck<RestApiEntity, MessageId>({
  id: 'rest-integration-https',
  title: 'REST API HTTP integrations call their backends over HTTPS',
  severity: 'high',
  resourceType: 'rest-api',
  rationale:
    'API Gateway terminates TLS from clients, but an HTTP or HTTP_PROXY integration whose URI is ' +
    'http:// sends every request on to the backend in clear text across the internet: request ' +
    'bodies, the Authorization header and whatever the integration maps in (API keys, user ' +
    'identity, stage variables) can be read and altered by anyone on the path. Private ' +
    'integrations (connection type VPC_LINK) use HTTP by default and stay inside the VPC link ' +
    'to the load balancer; they are listed in the evidence but do not fail the check. Where ' +
    'the scheme comes from a stage variable (${stageVariables.url}), each stage\'s value is ' +
    'checked. Methods whose integration was not returned are listed as unknown; if no method ' +
    'has integration data the check reports an error rather than passing.',
  remediation: {
    text:
      'Serve the backend over HTTPS with a certificate from a trusted CA and change the ' +
      'integration URI to https://, then redeploy the stages.',
    cli: "aws apigateway update-integration --rest-api-id <api-id> --resource-id <resource-id> --http-method <METHOD> --patch-operations 'op=replace,path=/uri,value=https://<backend-host>/<path>' && aws apigateway create-deployment --rest-api-id <api-id> --stage-name <stage>",
    docs: 'https://docs.aws.amazon.com/apigateway/latest/developerguide/setup-http-integrations.html',
  },
  mappings: {
    owaspApi2023: ['API8', 'API10'],
  },
  messages: {
    https: 'Every HTTP integration calls its backend over HTTPS ({httpIntegrationCount} checked).',
    'vpc-link-http':
      'No integration sends plain HTTP across the internet; {vpcLinkHttpCount} use http:// through a VPC link, ' +
      'so their traffic stays inside it: {vpcLinkHttp}.',
    'plain-http': 'Integrations send requests to their backends over plain HTTP ({plainHttpCount}): {plainHttp}.',
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

    const judged = integrations.http.map((ref) => judge(ref, api.stages));
    const select = (scheme: UriScheme, vpcLink: boolean) =>
      judged
        .filter((j) => (j.ref.connectionType === 'VPC_LINK') === vpcLink)
        .flatMap((j) => j.labels.filter((_, i) => j.schemes[i] === scheme));
    const plainHttp = select('http', false);
    const vpcLinkHttp = select('http', true);
    const unresolved = judged.flatMap((j) => j.labels.filter((_, i) => j.schemes[i] === 'unknown' || j.schemes[i] === 'other'));
    const tlsVerificationSkipped = integrations.http
      .filter((m) => m.integration.tlsConfig?.insecureSkipVerification === true)
      .map((m) => m.label);
    const evidence = {
      httpIntegrationCount: integrations.http.length,
      vpcLinkHttpCount: vpcLinkHttp.length,
      vpcLinkHttp,
      unresolved,
      tlsVerificationSkipped,
      unknownIntegrations,
    };
    if (plainHttp.length > 0) {
      return outcome.fail('plain-http', { ...evidence, plainHttpCount: plainHttp.length, plainHttp });
    }
    return outcome.pass(vpcLinkHttp.length > 0 ? 'vpc-link-http' : 'https', evidence);
  },
});

/** The scheme of one integration: from its URI, or per stage when a stage variable supplies it. */
function judge(ref: HttpIntegrationRef, stages: RestApiEntity['api']['stages']): Judged {
  const head = `${ref.label} → `;
  const uri = ref.uri;
  if (uri === undefined || uri.trim() === '') return { ref, labels: [`${head}(no URI)`], schemes: ['unknown'] };
  if (leadingStageVariable(uri) === undefined) return { ref, labels: [head + redactUri(uri)], schemes: [schemeOf(uri)] };
  if (!stages.ok || stages.value.length === 0) {
    return { ref, labels: [`${head}${uri} (stage variables not available)`], schemes: ['unknown'] };
  }
  const labels: string[] = [];
  const schemes: UriScheme[] = [];
  for (const stage of [...stages.value].sort((a, b) => a.stageName.localeCompare(b.stageName))) {
    const resolved = resolveStageVariables(uri, stage);
    labels.push(
      resolved === undefined
        ? `${head}${uri} (stage ${stage.stageName}: stage variable unset)`
        : `${head}${redactUri(resolved)} (stage ${stage.stageName})`,
    );
    schemes.push(resolved === undefined ? 'unknown' : schemeOf(resolved));
  }
  return { ref, labels, schemes };
}
