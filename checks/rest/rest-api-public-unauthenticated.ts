import { defineCheck } from '../../src/engine/define.js';
import {
  isUnauthenticated,
  restMethods,
  unknownAuthorizationReason,
  unknownAuthorizationTypes,
} from '../../src/inventory/method-settings.js';
import { analysePublicAccess, apiContext, methodArn, parsePolicy, type PolicyDocument } from '../../src/inventory/policy.js';
import type { RestApiEntity } from '../../src/inventory/view.js';

type MessageId =
  | 'open'
  | 'authenticated'
  | 'policy-restricts'
  | 'private'
  | 'not-deployed'
  | 'no-methods'
  | 'not-reachable';

function unique(values: string[]): string[] {
  return [...new Set(values)].sort();
}

export default defineCheck<RestApiEntity, MessageId>({
  id: 'rest-api-public-unauthenticated',
  title: 'No REST API method can be invoked by anyone on the internet without authentication',
  severity: 'critical',
  resourceType: 'rest-api',
  rationale:
    'This is the exposure the other REST checks add up to: a deployed, internet-facing API ' +
    '(edge-optimized or regional) with a method whose authorization type is NONE and no resource ' +
    'policy condition keeping anonymous callers out. Anyone who finds the URL, which is ' +
    'guessable and shows up in client code, logs and certificate transparency for custom ' +
    'domains, can call the method and reach the integration behind it. An API key does not ' +
    'change that: keys are for usage plans, not access control. Private APIs and APIs with no ' +
    'stage are out of scope, and so is an API whose default endpoint is disabled and that no ' +
    'public custom domain maps. CORS preflight OPTIONS methods are ignored.',
  remediation: {
    text:
      'Require authorization on the open methods (AWS_IAM, a Lambda authorizer or a Cognito user ' +
      'pool) and redeploy; if a method must stay public, restrict who can reach it with a resource ' +
      'policy condition (aws:SourceIp, aws:SourceVpce) or make the API private.',
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
    authenticated: 'Every method requires authorization (OPTIONS aside; {methodCount} checked).',
    'policy-restricts':
      'Methods without authorization ({unauthenticatedCount}) are closed to anonymous internet callers by ' +
      'the resource policy: {policy}.',
    private: 'Private API: not reachable from the internet.',
    'not-deployed': 'The API has no stage, so nothing is reachable.',
    'no-methods': 'The API has no methods (OPTIONS aside).',
    'not-reachable': 'The default execute-api endpoint is disabled and no public custom domain maps the API.',
  },
  select: (view) => view.restApis(),
  evaluate: ({ api, region }, outcome, view) => {
    const endpointTypes = api.endpointConfiguration?.types ?? [];
    const endpointType = endpointTypes.join(',') || 'unset';
    if (endpointTypes.includes('PRIVATE')) return outcome.notApplicable('private', { endpointType });
    if (!api.stages.ok) return outcome.gap(api.stages.error, { endpointType });
    const stages = api.stages.value.map((s) => s.stageName).sort();
    if (stages.length === 0) return outcome.notApplicable('not-deployed', { endpointType, stages });
    if (!api.resources.ok) return outcome.gap(api.resources.error, { endpointType });
    const judged = restMethods(api.resources.value).filter((m) => m.httpMethod !== 'OPTIONS');
    if (judged.length === 0) return outcome.notApplicable('no-methods', { endpointType, methodCount: 0 });
    const unauthenticated = judged.filter((m) => isUnauthenticated(m.method.authorizationType));
    // Methods of an authorization type this version does not know can be shown neither open nor closed.
    const unknown = unknownAuthorizationTypes(judged);
    if (unauthenticated.length === 0) {
      if (unknown.length) return outcome.invalid(unknownAuthorizationReason(unknown), { endpointType, methodCount: judged.length });
      return outcome.pass('authenticated', { endpointType, methodCount: judged.length });
    }

    // Does the resource policy keep anonymous callers away from each unauthenticated method?
    let document: PolicyDocument | undefined;
    if (api.policy?.trim()) {
      const parsed = parsePolicy(api.policy);
      if (!parsed.ok) return outcome.invalid(parsed.reason, { endpointType });
      document = parsed.document;
    }
    const ctx = apiContext(api, region.region, view);
    const openGrants: string[] = [];
    const keptOut: string[] = [];
    const open = unauthenticated.filter((m) => {
      if (!document) return true;
      const analysis = analysePublicAccess(document, ctx, {
        arns: stages.map((stage) => methodArn(ctx, stage, m.httpMethod, m.path)),
      });
      openGrants.push(...analysis.open.map((g) => g.statement));
      keptOut.push(
        ...analysis.restricted.map((r) => `${r.statement} restricted by ${r.restrictedBy.join('; ')}`),
        ...analysis.neutralised.map((n) => `${n.statement} denied by ${n.deniedBy}`),
      );
      return analysis.open.length > 0;
    });
    if (open.length === 0) {
      if (unknown.length) return outcome.invalid(unknownAuthorizationReason(unknown), { endpointType, methodCount: judged.length });
      const restrictions = unique(keptOut);
      return outcome.pass('policy-restricts', {
        endpointType,
        unauthenticatedCount: unauthenticated.length,
        unauthenticatedMethods: unauthenticated.map((m) => m.label),
        policy: restrictions.length > 0 ? restrictions : 'no statement allows anonymous callers',
      });
    }

    // Reachability: the default endpoint, or the public custom domains that map the API.
    let reachableVia: string[] = ['execute-api endpoint'];
    if (api.disableExecuteApiEndpoint === true) {
      const domains = region.apigateway.domainNames;
      if (!domains.ok) return outcome.gap(domains.error, { endpointType, disableExecuteApiEndpoint: true });
      reachableVia = [];
      for (const domain of domains.value) {
        if ((domain.endpointConfiguration?.types ?? []).includes('PRIVATE')) continue;
        if (!domain.basePathMappings.ok) {
          return outcome.gap(domain.basePathMappings.error, { endpointType, disableExecuteApiEndpoint: true });
        }
        if (domain.basePathMappings.value.some((m) => m.restApiId === api.id)) reachableVia.push(domain.domainName);
      }
      reachableVia.sort();
      if (reachableVia.length === 0) {
        return outcome.notApplicable('not-reachable', { endpointType, disableExecuteApiEndpoint: true });
      }
    }

    return outcome.fail('open', {
      endpointType,
      openCount: open.length,
      openMethods: open.map((m) => m.label),
      apiKeyOnly: open.filter((m) => m.method.apiKeyRequired === true).map((m) => m.label),
      policy: document
        ? `statements allow everyone without a restricting condition: ${unique(openGrants).join(', ')}`
        : 'no resource policy',
      reachableVia,
      stages,
    });
  },
});
