import { defineCheck } from '../../src/engine/define.js';
import { redactUri } from '../../src/util/redact.js';
import { readSchemes, type VariableScope } from '../../src/analysis/rest-integrations.js';
import { isWebSocketApi, perStage, servedIntegrations, type ServedIntegration } from '../../src/analysis/v2.js';
import type { V2Integration } from '../../src/inventory/schema.js';
import type { V2ApiEntity } from '../../src/inventory/view.js';

const HTTP_TYPES = new Set(['HTTP', 'HTTP_PROXY']);

function label({ label, integration }: ServedIntegration): string {
  return `${label} → ${redactUri(integration.IntegrationUri?.trim() ?? '') || '(no URI)'}`;
}

const isPrivate = (i: V2Integration) => i.ConnectionType?.trim().toUpperCase() === 'VPC_LINK';
const isJudged = ({ integration: i }: ServedIntegration) => isPrivate(i) || HTTP_TYPES.has(i.IntegrationType?.trim().toUpperCase() ?? '');

/**
 * Integrations the same configuration serves to some stages: the latest configuration (shared by
 * every stage with AutoDeploy, and by WebSocket stages), or one stage's export.
 */
interface Group {
  integrations: ServedIntegration[];
  stages: string[];
  /** Each stage's variables, for URIs whose scheme a stage variable supplies. */
  scopes: VariableScope[];
  /** Names the stage in every finding: set for a stage export, whose content is that stage's alone. */
  exportOf?: string;
}

export default defineCheck<V2ApiEntity, 'encrypted' | 'plaintext' | 'no-http-integrations' | 'not-deployed'>({
  id: 'v2-integration-tls',
  title: 'HTTP and WebSocket API integrations reach HTTP backends over TLS, private integrations included',
  severity: 'medium',
  resourceTypes: ['http-api', 'websocket-api'],
  reads: ['v2-stages', 'v2-integrations', 'v2-exports'],
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
    'they always use AWS\'s own TLS endpoints. Each stage is judged on the integrations it serves ' +
    '("You must deploy an API for changes to take effect. If you enable automatic deployments, ' +
    'changes to an API are automatically released for you": Developer Guide, "Stages for HTTP APIs ' +
    'in API Gateway"): a stage with AutoDeploy on the latest configuration, an HTTP API stage ' +
    'without it on its export (ExportApi for that stage; its integrations are named by the routes ' +
    'using them, and a private one exported without a server name to verify reads as having no TLS ' +
    'configuration). A stage export that could not be read is an error, never a pass. WebSocket ' +
    'APIs cannot be exported: their stages are judged on the latest configuration and the evidence ' +
    '(judgedOn) says so. An API with no stage calls no backend.',
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
    'not-deployed': 'The API has no stage, so it calls no backend.',
  },
  select: (view) => view.v2Apis(),
  evaluate: ({ api }, outcome) => {
    if (!api.stages.ok) return outcome.gap(api.stages.error);
    if (api.stages.value.length === 0) return outcome.notApplicable('not-deployed', { stages: [] });
    const websocket = isWebSocketApi(api);
    const served = perStage(api.stages.value, (stage) => servedIntegrations(api, stage));
    const variables = new Map(api.stages.value.map((stage) => [stage.StageName, stage.StageVariables]));
    const scope = (stage: string): VariableScope => ({ name: `stage ${stage}`, variables: variables.get(stage) });
    const latest = served.read.filter((r) => r.latest);
    const groups: Group[] = [
      ...(latest.length > 0
        ? [{ integrations: latest[0]!.value, stages: latest.map((r) => r.stageName), scopes: latest.map((r) => scope(r.stageName)) }]
        : []),
      ...served.read
        .filter((r) => !r.latest)
        .map((r) => ({ integrations: r.value, stages: [r.stageName], scopes: [scope(r.stageName)], exportOf: r.stageName })),
    ];
    const base = { protocol: api.ProtocolType, judgedOn: served.judgedOn, unjudgedStages: served.gaps.map((g) => g.stageName) };
    const judgedCount = groups.reduce((n, g) => n + g.integrations.filter(isJudged).length, 0);
    if (judgedCount === 0) {
      if (served.gaps.length > 0) return outcome.gap(served.gaps[0]!.error, base);
      return outcome.notApplicable('no-http-integrations', { ...base, integrationCount: 0, privateCount: 0 });
    }
    const plaintext: string[] = [];
    const unresolved: string[] = [];
    const withoutServerName: string[] = [];
    const plaintextStages = new Set<string>();
    for (const group of groups) {
      const stageOf = new Map(group.scopes.map((s, i) => [s.name, group.stages[i]!]));
      // A stage export's findings name its stage; a scheme from a stage variable names it anyway.
      const suffix = (readingScope?: string) => (group.exportOf !== undefined && readingScope === undefined ? `; stage ${group.exportOf}` : '');
      for (const served of group.integrations.filter(isJudged)) {
        const { integration } = served;
        if (isPrivate(integration) && !websocket) {
          // HTTP API private integrations name a listener or Cloud Map service ARN: TlsConfig decides.
          if (!integration.TlsConfig) {
            plaintext.push(`${label(served)} (private, no TLS configuration${suffix()})`);
            group.stages.forEach((s) => plaintextStages.add(s));
          } else if (!integration.TlsConfig.ServerNameToVerify?.trim()) withoutServerName.push(label(served));
          continue;
        }
        const where = isPrivate(integration) ? 'private, not https' : 'internet';
        for (const reading of readSchemes(integration.IntegrationUri, group.scopes)) {
          const head = `${served.label} → ${reading.uri}`;
          if (reading.scheme === 'http') {
            plaintext.push(`${head} (${where}${reading.scope ? `; ${reading.scope}` : ''}${suffix(reading.scope)})`);
            (reading.scope ? [stageOf.get(reading.scope)!] : group.stages).forEach((s) => plaintextStages.add(s));
          } else if (reading.scheme !== 'https') {
            const why = [reading.scope ?? (group.exportOf !== undefined ? `stage ${group.exportOf}` : undefined), reading.unresolved]
              .filter(Boolean)
              .join(': ');
            unresolved.push(why ? `${head} (${why})` : head);
          }
        }
      }
    }
    const evidence = {
      ...base,
      integrationCount: judgedCount,
      privateCount: groups.reduce((n, g) => n + g.integrations.filter(isJudged).filter((i) => isPrivate(i.integration)).length, 0),
      withoutServerName,
      unresolved,
    };
    if (plaintext.length > 0) {
      const stages = [...plaintextStages].sort();
      return outcome.fail('plaintext', { ...evidence, plaintextCount: plaintext.length, plaintext, stages });
    }
    if (served.gaps.length > 0) return outcome.gap(served.gaps[0]!.error, evidence);
    if (unresolved.length > 0) {
      return outcome.invalid(`the scheme of ${unresolved.length} integration URI(s) cannot be read: ${unresolved.join('; ')}`, evidence);
    }
    return outcome.pass('encrypted', evidence);
  },
});
