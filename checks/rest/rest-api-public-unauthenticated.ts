import { defineCheck } from '../../src/engine/define.js';
import { domainMutualTls } from '../../src/inventory/domains.js';
import {
  isUnauthenticated,
  judgedMethods,
  restMethods,
  unknownAuthorizationReason,
  unknownAuthorizationTypes,
  unknownPreflightReason,
  type RestMethodRef,
} from '../../src/inventory/method-settings.js';
import {
  analysePublicAccess,
  apiContext,
  endpointFamilies,
  methodTarget,
  parsePolicy,
  type PolicyDocument,
  type PublicAccessAnalysis,
} from '../../src/inventory/policy.js';
import type { Collected, DomainName } from '../../src/inventory/schema.js';
import type { InventoryView, RestApiEntity } from '../../src/inventory/view.js';

type MessageId =
  | 'open'
  | 'open-any-vpce'
  | 'authenticated'
  | 'policy-restricts'
  | 'mtls-only'
  | 'private-no-policy'
  | 'not-deployed'
  | 'no-methods'
  | 'not-reachable';

const ANY_VPCE_EXPOSURE = 'reachable from any VPC endpoint in any AWS account';
const MTLS_REASON = 'reachable only by holders of a client certificate trusted by the truststore';

function unique(values: string[]): string[] {
  return [...new Set(values)].sort();
}

/** Why the resource policy keeps the caller from a method, for evidence. */
function keptOutBy(analysis: PublicAccessAnalysis): string[] {
  return [
    ...analysis.restricted.map((r) => `${r.statement} restricted by ${r.restrictedBy.join('; ')}`),
    ...analysis.neutralised.map((n) => `${n.statement} denied by ${n.deniedBy}`),
    ...analysis.elsewhere.map((e) => `${e} does not reach these methods (implicit deny)`),
  ];
}

interface Reach {
  /** Custom domains (or the default endpoint) through which anyone can call. */
  open: string[];
  /** Custom domains that require a client certificate. */
  mtls: string[];
}

/**
 * With the default endpoint disabled, an API is reachable only through the custom domains that
 * map it: public domains for a public API, private domains for a private one. A domain with
 * mutual TLS admits only holders of a trusted client certificate (Developer Guide: "Configuring
 * mutual TLS authentication for a REST API"; mutual TLS is not supported for private APIs).
 */
function domainReach(view: InventoryView, entity: RestApiEntity, isPrivate: boolean): Collected<Reach> {
  const domains = entity.region.apigateway.domainNames;
  if (!domains.ok) return domains;
  const reach: Reach = { open: [], mtls: [] };
  for (const domain of domains.value) {
    if ((domain.endpointConfiguration?.types ?? []).includes('PRIVATE') !== isPrivate) continue;
    if (!domain.basePathMappings.ok) return domain.basePathMappings;
    if (!domain.basePathMappings.value.some((m) => m.restApiId === entity.api.id)) continue;
    (requiresClientCertificate(view, entity, domain) ? reach.mtls : reach.open).push(domain.domainName);
  }
  return { ok: true, value: { open: reach.open.sort(), mtls: reach.mtls.sort() } };
}

function requiresClientCertificate(view: InventoryView, entity: RestApiEntity, domain: DomainName): boolean {
  const joined = view.domains().targets.find((d) => d.region === entity.region && d.name === domain.domainName);
  return joined ? domainMutualTls(joined) !== undefined : Boolean(domain.mutualTlsAuthentication?.truststoreUri?.trim());
}

export default defineCheck<RestApiEntity, MessageId>({
  id: 'rest-api-public-unauthenticated',
  title: 'No REST API method can be invoked without authentication by anyone on the internet (private APIs: by any VPC endpoint)',
  severity: 'critical',
  resourceTypes: ['rest-api'],
  rationale:
    'This is the exposure the other REST checks add up to: a deployed API with a method whose ' +
    'authorization type is NONE that a caller the owner does not control can reach. For an ' +
    'internet-facing API (edge-optimized or regional) that is anyone on the internet; for a private ' +
    'API it is anyone with an execute-api VPC endpoint in any AWS account, unless the resource ' +
    'policy pins the endpoints, VPCs or organisation allowed (Developer Guide: "Private REST APIs in ' +
    'API Gateway", "Create a resource policy for a private API"); a private API without a policy ' +
    'admits no one. An API key changes nothing: keys are for usage plans, not access control. ' +
    'With a resource policy, a method is open only if an Allow to everyone reaches it (its ' +
    'Resource or NotResource, stage, verb and path) with conditions an outsider can satisfy and no ' +
    'Deny for everyone covers it: anything else is implicitly denied (Developer Guide: "How API ' +
    'Gateway resource policies affect authorization workflow"). Conditions are judged as IAM ' +
    'evaluates them: a key the caller lacks makes a positive operator false and a negated one true ' +
    '(IAM User Guide: "Condition operators"), and values that match every value of their kind ' +
    '(vpce-*, o-*, *, address ranges covering a whole family) pin nothing. An API whose default ' +
    'endpoint is disabled is reached only through the custom domains mapping it; a domain requiring ' +
    'mutual TLS admits only holders of a client certificate its truststore trusts, so it does not ' +
    'count as anonymous exposure. OPTIONS methods are exempt only as CORS preflights with a MOCK ' +
    'integration; one that reaches a backend is judged like any other method.',
  remediation: {
    text:
      'Require authorization on the open methods (AWS_IAM, a Lambda authorizer or a Cognito user ' +
      'pool) and redeploy; if a method must stay public, restrict who can reach it with a resource ' +
      'policy condition (aws:SourceIp, aws:SourceVpce) or make the API private. For a private API, ' +
      'pin the resource policy to your VPC endpoints (aws:SourceVpce with their ids) or your organisation.',
    cli: 'aws apigateway update-method --rest-api-id <api-id> --resource-id <resource-id> --http-method <METHOD> --patch-operations op=replace,path=/authorizationType,value=AWS_IAM && aws apigateway create-deployment --rest-api-id <api-id> --stage-name <stage>',
    docs: 'https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-control-access-to-api.html',
  },
  mappings: {
    owaspApi2023: ['API2', 'API5'],
  },
  messages: {
    open:
      'Anyone on the internet can invoke these methods without authentication ({openCount}): {openMethods} ' +
      '(endpoint {endpointType}; {policy}).',
    'open-any-vpce':
      'Anyone with a VPC endpoint for execute-api, in any AWS account, can invoke these methods without ' +
      'authentication ({openCount}): {openMethods} (private API; {policy}).',
    authenticated: 'Every method requires authorization (MOCK CORS preflights aside; {methodCount} checked).',
    'policy-restricts':
      'Methods without authorization ({unauthenticatedCount}) are closed to outside callers by ' +
      'the resource policy: {policy}.',
    'mtls-only':
      'Methods without authorization ({unauthenticatedCount}) are reachable only through custom domains ' +
      'that require mutual TLS ({mtlsDomains}): {reason}.',
    'private-no-policy': 'Private API without a resource policy: API Gateway admits no caller until a policy grants access.',
    'not-deployed': 'The API has no stage, so nothing is reachable.',
    'no-methods': 'The API has no methods (MOCK CORS preflights aside).',
    'not-reachable': 'The default execute-api endpoint is disabled and no custom domain maps the API.',
  },
  select: (view) => view.restApis(),
  evaluate: (entity, outcome, view) => {
    const { api, region } = entity;
    const endpointTypes = api.endpointConfiguration?.types ?? [];
    const endpointType = endpointTypes.join(',') || 'unset';
    const isPrivate = endpointTypes.includes('PRIVATE');
    if (!api.stages.ok) return outcome.gap(api.stages.error, { endpointType });
    const stages = api.stages.value.map((s) => s.stageName).sort();
    if (stages.length === 0) return outcome.notApplicable('not-deployed', { endpointType, stages });
    if (!api.resources.ok) return outcome.gap(api.resources.error, { endpointType });
    const { judged, integrationUnknown } = judgedMethods(restMethods(api.resources.value));
    if (judged.length + integrationUnknown.length === 0) {
      return outcome.notApplicable('no-methods', { endpointType, methodCount: 0 });
    }
    const unauthenticated = judged.filter((m) => isUnauthenticated(m.method.authorizationType));
    // Methods of an authorization type this version does not know can be shown neither open nor closed.
    const unknown = unknownAuthorizationTypes(judged);
    const unknownOptions = integrationUnknown.map((m) => m.label);
    const base = { endpointType, ...(unknownOptions.length ? { optionsIntegrationUnknown: unknownOptions } : {}) };
    if (unauthenticated.length + integrationUnknown.length === 0) {
      if (unknown.length) return outcome.invalid(unknownAuthorizationReason(unknown), { ...base, methodCount: judged.length });
      return outcome.pass('authenticated', { ...base, methodCount: judged.length });
    }
    if (isPrivate && !api.policy?.trim()) return outcome.notApplicable('private-no-policy', base);

    // Does the resource policy keep outside callers away from each unauthenticated method?
    let document: PolicyDocument | undefined;
    if (api.policy?.trim()) {
      const parsed = parsePolicy(api.policy);
      if (!parsed.ok) return outcome.invalid(parsed.reason, base);
      document = parsed.document;
    }
    const ctx = apiContext(api, region.region, view);
    const callerOptions = {
      caller: isPrivate ? ('any-vpc-endpoint' as const) : ('internet' as const),
      families: endpointFamilies(api.endpointConfiguration?.ipAddressType),
    };
    const openGrants: string[] = [];
    const keptOut: string[] = [];
    const isOpen = (m: RestMethodRef) => {
      if (!document) return true;
      const targets = stages.map((stage) => methodTarget(ctx, stage, m.httpMethod, m.path));
      const analysis = analysePublicAccess(document, ctx, { ...callerOptions, targets });
      openGrants.push(...analysis.open.map((g) => g.statement));
      keptOut.push(...keptOutBy(analysis));
      return analysis.open.length > 0;
    };
    const open = unauthenticated.filter(isOpen);
    const openUnknown = integrationUnknown.filter(isOpen);
    if (open.length + openUnknown.length === 0) {
      if (unknown.length) return outcome.invalid(unknownAuthorizationReason(unknown), { ...base, methodCount: judged.length });
      const restrictions = unique(keptOut);
      return outcome.pass('policy-restricts', {
        ...base,
        unauthenticatedCount: unauthenticated.length + integrationUnknown.length,
        unauthenticatedMethods: [...unauthenticated, ...integrationUnknown].map((m) => m.label),
        policy: restrictions.length > 0 ? restrictions : 'no statement allows anonymous callers',
      });
    }

    // Reachability: the default endpoint, or the custom domains that map the API.
    let reachableVia: string[] = ['execute-api endpoint'];
    let mtlsDomains: string[] = [];
    if (api.disableExecuteApiEndpoint === true) {
      const reach = domainReach(view, entity, isPrivate);
      if (!reach.ok) return outcome.gap(reach.error, { ...base, disableExecuteApiEndpoint: true });
      reachableVia = reach.value.open;
      mtlsDomains = reach.value.mtls;
      if (reachableVia.length === 0 && mtlsDomains.length === 0) {
        return outcome.notApplicable('not-reachable', { ...base, disableExecuteApiEndpoint: true });
      }
      if (reachableVia.length === 0) {
        return outcome.pass('mtls-only', {
          ...base,
          disableExecuteApiEndpoint: true,
          mtlsDomains,
          unauthenticatedCount: open.length + openUnknown.length,
          unauthenticatedMethods: [...open, ...openUnknown].map((m) => m.label),
          reason: MTLS_REASON,
        });
      }
    }
    if (open.length === 0) return outcome.invalid(unknownPreflightReason(unknownOptions), base);

    return outcome.fail(isPrivate ? 'open-any-vpce' : 'open', {
      ...base,
      ...(isPrivate ? { exposure: ANY_VPCE_EXPOSURE } : {}),
      openCount: open.length,
      openMethods: open.map((m) => m.label),
      apiKeyOnly: open.filter((m) => m.method.apiKeyRequired === true).map((m) => m.label),
      policy: document
        ? `statements allow everyone without a restricting condition: ${unique(openGrants).join(', ')}`
        : 'no resource policy',
      reachableVia,
      ...(mtlsDomains.length ? { mtlsDomains } : {}),
      stages,
    });
  },
});
