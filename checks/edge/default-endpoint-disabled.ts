import { defineCheck, type Outcome, type OutcomeBuilders } from '../../src/engine/define.js';
import { domainIndex } from '../../src/analysis/domains.js';
import { v2StageServes } from '../../src/analysis/deployed.js';
import { defaultEndpointState, restServedViews } from '../../src/analysis/served.js';
import type { RestApiEntity, Selection, V2ApiEntity } from '../../src/inventory/view.js';

type ApiEntity = RestApiEntity | V2ApiEntity;
type MessageId = 'disabled' | 'enabled' | 'not-mapped';

/**
 * A mapped REST API: the switch as the stages serve it. It counts as off only when the working
 * copy and every served deployment say so (see `defaultEndpointState`).
 */
function judgeRest(
  { api }: RestApiEntity,
  outcome: OutcomeBuilders<MessageId>,
  evidence: { domains: string[]; defaultEndpoint: string; endpointState: string },
): Outcome {
  if (api.disableExecuteApiEndpoint === true && !api.stages.ok) return outcome.gap(api.stages.error, evidence);
  const views = api.stages.ok ? restServedViews(api, api.stages.value) : [];
  const state = defaultEndpointState(api, views);
  switch (state.state) {
    case 'enabled':
      return outcome.fail('enabled', { ...evidence, endpointState: 'enabled', enabledIn: state.because, stages: state.stages });
    case 'gap':
      return outcome.gap(state.error, { ...evidence, stages: state.stages });
    case 'unknown':
      return outcome.invalid(state.reason, { ...evidence, endpointState: 'unknown', stages: state.unstated });
    case 'disabled':
      return outcome.pass('disabled', { ...evidence, judgedOn: ['working copy', ...views.map((v) => v.judgedOn)] });
  }
}

/**
 * What an HTTP or WebSocket API's switch was judged on, per stage. Without automatic deployment
 * a change takes effect only when deployed (Developer Guide: "Disable the default endpoint for
 * HTTP APIs"), and no stage view shows the switch: the finding says so rather than guess.
 */
function v2JudgedOn({ api }: V2ApiEntity): string[] {
  if (!api.stages.ok) return ['latest configuration (the stages were not read)'];
  return api.stages.value.map((stage) => {
    const serves = v2StageServes(api, stage);
    if (serves.kind === 'latest') return `stage ${stage.StageName}: latest configuration (AutoDeploy)`;
    if (serves.kind === 'unknown') return `stage ${stage.StageName}: ${serves.reason}`;
    return `stage ${stage.StageName}: latest configuration (the stage's export does not show the default-endpoint switch)`;
  });
}

/** Stages without AutoDeploy (all of them when the stages could not be read). */
function handDeployedStages({ api }: V2ApiEntity): string[] {
  if (!api.stages.ok) return ['(stages not read)'];
  return api.stages.value.filter((stage) => stage.AutoDeploy !== true).map((stage) => stage.StageName);
}

export default defineCheck<ApiEntity, MessageId>({
  id: 'default-endpoint-disabled',
  title: 'APIs served through a custom domain have the default execute-api endpoint disabled',
  severity: 'medium',
  resourceTypes: ['rest-api', 'http-api', 'websocket-api'],
  reads: ['rest-stages', 'rest-deployments', 'v2-stages', 'domains'],
  rationale:
    'Every REST, HTTP and WebSocket API also answers on its default endpoint, ' +
    'https://{api-id}.execute-api.{region}.amazonaws.com, unless that endpoint is disabled. An API ' +
    'published through a custom domain is meant to be reached there, where the domain enforces ' +
    'its security policy, mutual TLS and base-path routing, and where CloudFront or firewall ' +
    'rules placed in front of the domain apply. The default endpoint skips all of these: a client ' +
    'without a certificate can bypass mutual TLS, a TLS 1.0 client may be accepted again (the ' +
    'default endpoint of a REST API uses TLS_1_0 unless the API sets its own security policy), ' +
    'and anything the domain layer filters reaches the API ' +
    'directly. Stage-level protections (an AWS WAF web ACL on a REST stage, authorizers, resource ' +
    'policies) apply on both endpoints. APIs that no custom domain serves are not applicable; when ' +
    'a domain list or mapping list of the region was not collected, an unmapped API is an ERROR, ' +
    'since the missing list could map it. For a REST API the switch is judged as its stages serve ' +
    'it: it is API-wide and "takes effect when you update any setting on any stage, such as ' +
    'updating the deployment on the stage" (Developer Guide: "Disable the default endpoint for REST ' +
    'APIs"), so it counts as disabled only when the working copy and every deployment a stage or ' +
    'canary serves say so. A deployment that shows it enabled fails, naming the stage; an enabled ' +
    'working copy fails even if the deployments show it disabled, since the next stage update ' +
    'applies it; a deployment whose view does not show the switch, or could not be read, is an ' +
    'ERROR. HTTP and WebSocket APIs are judged on their latest configuration, which a stage serves only ' +
    'when it deploys automatically: disabled there with a stage that deploys by hand is ERROR, never PASS ' +
    '(Developer Guide: Disable the default endpoint for HTTP APIs).',
  remediation: {
    text:
      'Disable the default endpoint once every client uses the custom domain. REST APIs need a ' +
      'new deployment for it to take effect; for HTTP and WebSocket APIs use `aws apigatewayv2 ' +
      'update-api --api-id <api-id> --disable-execute-api-endpoint`.',
    cli: "aws apigateway update-rest-api --rest-api-id <api-id> --patch-operations op=replace,path=/disableExecuteApiEndpoint,value='True' && aws apigateway create-deployment --rest-api-id <api-id> --stage-name <stage>",
    docs: 'https://docs.aws.amazon.com/apigateway/latest/developerguide/rest-api-disable-default-endpoint.html',
  },
  mappings: {
    owaspApi2023: ['API8'],
  },
  messages: {
    disabled: 'Served through {domains}; the default execute-api endpoint is disabled.',
    enabled: 'Served through {domains}, but the default endpoint {defaultEndpoint} still answers (enabled in {enabledIn}) and bypasses the domain.',
    'not-mapped': 'No custom domain serves this API (default endpoint {endpointState}).',
  },
  select: (view): Selection<ApiEntity> => {
    const rest = view.restApis();
    const v2 = view.v2Apis();
    return { targets: [...rest.targets, ...v2.targets], gaps: [...rest.gaps, ...v2.gaps] };
  },
  evaluate: (target, outcome, view) => {
    const disabled =
      target.kind === 'rest-api' ? target.api.disableExecuteApiEndpoint === true : target.api.DisableExecuteApiEndpoint === true;
    const apiId = target.kind === 'rest-api' ? target.api.id : target.api.ApiId;
    const defaultEndpoint =
      target.kind === 'v2-api' && target.api.ApiEndpoint
        ? target.api.ApiEndpoint
        : `https://${apiId}.execute-api.${target.region.region}.amazonaws.com`;
    const endpointState = disabled ? 'disabled' : 'enabled';
    const index = domainIndex(view);
    const domains = (index.byApi.get(target.ref.arn) ?? []).map((d) => d.name);
    if (domains.length) {
      const evidence = { domains, defaultEndpoint, endpointState };
      if (target.kind === 'rest-api') return judgeRest(target, outcome, evidence);
      const judged = { ...evidence, judgedOn: v2JudgedOn(target) };
      if (!disabled) return outcome.fail('enabled', { ...judged, enabledIn: 'latest configuration' });
      // Disabled in the latest configuration takes effect only once deployed: a stage that
      // deploys by hand may still answer on the default endpoint, and no stage view shows it.
      const byHand = handDeployedStages(target);
      if (byHand.length > 0) {
        return outcome.invalid(
          `the default endpoint is disabled in the latest configuration, but stage(s) ${byHand.join(', ')} deploy by hand and whether that change was deployed cannot be read`,
          { ...judged, handDeployedStages: byHand },
        );
      }
      return outcome.pass('disabled', judged);
    }
    const gaps = index.gapsByRegion.get(target.region.region) ?? [];
    if (gaps.length) return outcome.gap(gaps[0]!, { endpointState });
    return outcome.notApplicable('not-mapped', { endpointState });
  },
});
