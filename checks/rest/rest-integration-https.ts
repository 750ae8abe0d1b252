import { CheckRunMemo } from '../../src/engine/check-run-memo.js';
import { defineCheck } from '../../src/engine/define.js';
import { canonicalMethods, compareMethods, methodLabel } from '../../src/analysis/method-settings.js';
import { schemeFromStageVariable, schemeReader, type SchemeReading } from '../../src/analysis/rest-integrations.js';
import type { DeployedMethod } from '../../src/inventory/schema.js';
import { describeUnjudged, judgedOnOf, exportedView, servedParts, unjudgedOutcome, type ServedPart, type Unjudged } from '../../src/analysis/stage-serves.js';
import type { InventoryView, RestStageEntity } from '../../src/inventory/view.js';

type MessageId = 'https' | 'vpc-link-http' | 'plain-http' | 'tls-unverified' | 'no-http-integrations';

const HTTP_TYPES = new Set(['HTTP', 'HTTP_PROXY']);
const OTHER_TYPES = new Set(['AWS', 'AWS_PROXY', 'MOCK']);

interface Reading extends SchemeReading {
  connectionType: string;
  skipsVerification: boolean;
  /** `POST /prices → http://prices.example.com/prices`, `(canary)` for the canary's share. */
  label: string;
  /** Same deployment, method, URI and TLS: the canary's reading repeats the stage's. */
  key: string;
}

interface PartIntegrations {
  readings: Reading[];
  /** Methods served without integration data. */
  unknown: string[];
  total: number;
}

export default defineCheck<RestStageEntity, MessageId>({
  id: 'rest-integration-https',
  title: 'REST API HTTP integrations call their backends over HTTPS',
  severity: 'high',
  resourceTypes: ['rest-stage'],
  reads: ['rest-stages', 'rest-deployments'],
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
    'attacks; it fails too. Each stage is judged on the integrations its deployment serves: an ' +
    'integration change reaches a stage only when deployed to it (Developer Guide, "Updates to ' +
    'REST APIs that require redeployment"), so a fix waiting in the draft does not pass and an ' +
    'http:// URI only in the draft does not fail (rest-deployment-drift reports both). Where a ' +
    'stage variable supplies the scheme (${stageVariables.url}), it is resolved with the stage\'s ' +
    'variables, and for a canary with its overrides on the canary\'s deployment, since they apply ' +
    'to its share of the traffic (API reference, CanarySettings). A stage whose deployment could ' +
    'not be read, a canary deployment known only from its API summary (which carries no ' +
    'integrations), a stage where the scheme variable is unset, or a URI with no readable scheme ' +
    'cannot be judged: the check reports an error rather than passing. Methods served without ' +
    'integration data are listed as unknown; if none has any, the check reports an error.',
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
    https: 'Every HTTP integration stage {stage} serves calls its backend over HTTPS ({httpIntegrationCount} checked).',
    'vpc-link-http':
      'Stage {stage} serves integrations that send requests in plain HTTP through a VPC link ({vpcLinkHttpCount}), unencrypted inside the network: {vpcLinkHttp}.',
    'plain-http': 'Stage {stage} serves integrations that send requests to their backends over plain HTTP ({plainHttpCount}): {plainHttp}.',
    'tls-unverified':
      'Stage {stage} serves integrations that call HTTPS backends without verifying their certificates (insecureSkipVerification, {tlsVerificationSkippedCount}): {tlsVerificationSkipped}.',
    'no-http-integrations': 'Stage {stage} serves no HTTP or HTTP_PROXY integrations.',
  },
  select: (view) => view.restStages(),
  evaluate: ({ stage, api: { api } }, outcome, inventoryView) => {
    const parts = servedParts(api, stage);
    const readSchemes = readerOf(inventoryView);
    const unjudged: Unjudged[] = [];
    const { readingCount, plainHttp, vpcLinkHttp, tlsVerificationSkipped, unresolved, unknownIntegrations } =
      stageAloneLists(parts, readSchemes, unjudged) ?? partsLists(parts, readSchemes, unjudged);
    const evidence = {
      stage: stage.stageName,
      judgedOn: judgedOnOf(parts),
      httpIntegrationCount: readingCount,
      vpcLinkHttpCount: vpcLinkHttp.length,
      vpcLinkHttp,
      tlsVerificationSkippedCount: tlsVerificationSkipped.length,
      tlsVerificationSkipped,
      unresolved,
      unknownIntegrations,
      unjudged: describeUnjudged(unjudged),
    };
    if (plainHttp.length > 0) return outcome.fail('plain-http', { ...evidence, plainHttpCount: plainHttp.length, plainHttp });
    if (vpcLinkHttp.length > 0) return outcome.fail('vpc-link-http', evidence);
    if (tlsVerificationSkipped.length > 0) return outcome.fail('tls-unverified', evidence);
    if (unjudged.length > 0) return unjudgedOutcome(outcome, unjudged, evidence);
    if (unresolved.length > 0) {
      return outcome.invalid(`the scheme of ${unresolved.length} integration URI(s) cannot be read: ${unresolved.join('; ')}`, evidence);
    }
    if (readingCount === 0) return outcome.notApplicable('no-http-integrations', evidence);
    return outcome.pass('https', evidence);
  },
});

type SchemeReader = ReturnType<typeof schemeReader>;

/** What a stage's result lists of the integrations it serves. */
interface ServedLists {
  /** Distinct readings. */
  readingCount: number;
  plainHttp: readonly string[];
  vpcLinkHttp: readonly string[];
  tlsVerificationSkipped: readonly string[];
  unresolved: readonly string[];
  unknownIntegrations: readonly string[];
}

/** The readings of every part, a canary's reading dropped when it repeats its stage's; unjudged parts added to `unjudged`. */
function partsLists(parts: readonly ServedPart[], readSchemes: SchemeReader, unjudged: Unjudged[]): ServedLists {
  const readings: Reading[] = [];
  const unknownIntegrations: string[] = [];
  const seen = new Set<string>();
  for (const part of parts) {
    const view = exportedView(part, 'integrations');
    if ('unjudged' in view) {
      unjudged.push(view.unjudged);
      continue;
    }
    const served = integrationsOf(part, view.config.deploymentId, view.config.methods, readSchemes);
    if (served.total > 0 && served.unknown.length === served.total) unjudged.push(allUnknown(part));
    if (part.role === 'stage') unknownIntegrations.push(...served.unknown);
    for (const reading of served.readings) {
      if (seen.has(reading.key)) continue;
      seen.add(reading.key);
      readings.push(reading);
    }
  }
  const labels = (keep: (r: Reading) => boolean) => readings.filter(keep).map((r) => r.label);
  return {
    readingCount: readings.length,
    plainHttp: labels((r) => r.scheme === 'http' && r.connectionType !== 'VPC_LINK'),
    vpcLinkHttp: labels((r) => r.scheme === 'http' && r.connectionType === 'VPC_LINK'),
    tlsVerificationSkipped: labels((r) => r.scheme === 'https' && r.skipsVerification),
    unresolved: labels((r) => r.scheme === 'unknown' || r.scheme === 'other'),
    unknownIntegrations,
  };
}

function allUnknown(part: ServedPart): Unjudged {
  return { judgedOn: part.judgedOn, reason: `no method of ${part.judgedOn} has integration data, so its backends are unknown` };
}

/** A stage alone's lists by its list of methods (`null`: a stage variable decides a scheme, so the lists are the stage's own). */
const stageAlone = new CheckRunMemo<readonly DeployedMethod[], { lists: ServedLists; allUnknown: boolean } | null>();

/**
 * The lists of a stage that serves its deployment alone (no canary), when no stage variable
 * decides a scheme: they depend on the methods only, so every such stage serving equal methods
 * shares them (frozen). `undefined` when that does not hold.
 */
function stageAloneLists(parts: readonly ServedPart[], readSchemes: SchemeReader, unjudged: Unjudged[]): ServedLists | undefined {
  const part = parts.length === 1 ? parts[0]! : undefined;
  if (part === undefined || part.role !== 'stage') return undefined;
  const view = exportedView(part, 'integrations');
  if ('unjudged' in view) return undefined;
  const known = stageAlone.of(canonicalMethods(view.config.methods), (methods) => {
    const variable = methods.some((m) => m.integration?.uri !== undefined && schemeFromStageVariable(m.integration.uri));
    if (variable) return null;
    const found: Unjudged[] = [];
    const lists = partsLists([part], readSchemes, found);
    return {
      lists: Object.freeze({
        readingCount: lists.readingCount,
        plainHttp: Object.freeze(lists.plainHttp),
        vpcLinkHttp: Object.freeze(lists.vpcLinkHttp),
        tlsVerificationSkipped: Object.freeze(lists.tlsVerificationSkipped),
        unresolved: Object.freeze(lists.unresolved),
        unknownIntegrations: Object.freeze(lists.unknownIntegrations),
      }),
      allUnknown: found.length > 0,
    };
  });
  if (known === null) return undefined;
  if (known.allUnknown) unjudged.push(allUnknown(part));
  return known.lists;
}

/** One URI reader per run: every stage reads the same few backends. */
const readers = new WeakMap<InventoryView, SchemeReader>();

function readerOf(view: InventoryView): SchemeReader {
  let reader = readers.get(view);
  if (!reader) readers.set(view, (reader = schemeReader()));
  return reader;
}

/** The HTTP integrations one part serves, each URI read with the part's stage variables. */
function integrationsOf(part: ServedPart, deploymentId: string, methods: readonly DeployedMethod[], readSchemes: SchemeReader): PartIntegrations {
  const out: PartIntegrations = { readings: [], unknown: [], total: methods.length };
  // Only HTTP integrations and unknown ones are listed: the rest is skipped before sorting (a stable sort keeps their order).
  const listed = methods.filter((m) => {
    // Types as AWS spells them are read without normalising them first.
    if (m.integration?.type !== undefined && OTHER_TYPES.has(m.integration.type)) return false;
    const type = m.integration?.type?.trim().toUpperCase();
    return !m.integration || !type || HTTP_TYPES.has(type);
  });
  const scopes = [{ name: part.judgedOn, variables: part.variables }];
  for (const method of listed.sort(compareMethods)) {
    const label = methodLabel(method.httpMethod, method.path);
    if (!method.integration?.type?.trim()) {
      out.unknown.push(label);
      continue;
    }
    const connectionType = method.integration.connectionType?.trim().toUpperCase() || 'INTERNET';
    const skipsVerification = method.integration.tlsConfig?.insecureSkipVerification === true;
    for (const reading of readSchemes(method.integration.uri, scopes)) {
      const notes = [...(part.role === 'canary' ? ['canary'] : []), ...(reading.unresolved === undefined ? [] : [reading.unresolved])];
      out.readings.push({
        uri: reading.uri,
        scheme: reading.scheme,
        connectionType,
        skipsVerification,
        label: `${label} → ${reading.uri}${notes.length > 0 ? ` (${notes.join(': ')})` : ''}`,
        key: [deploymentId, label, reading.uri, reading.scheme, connectionType, skipsVerification].join('\n'),
      });
    }
  }
  return out;
}
