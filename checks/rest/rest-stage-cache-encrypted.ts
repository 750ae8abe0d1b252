import { defineCheck } from '../../src/engine/define.js';
import { effectiveSetting, entrySetting, restMethods } from '../../src/inventory/method-settings.js';
import type { RestStageEntity } from '../../src/inventory/view.js';

export default defineCheck<RestStageEntity, 'encrypted' | 'unencrypted' | 'no-cache'>({
  id: 'rest-stage-cache-encrypted',
  title: 'REST API stage caches encrypt cached responses at rest',
  severity: 'medium',
  resourceType: 'rest-stage',
  rationale:
    'A stage cache holds integration responses, often personal or otherwise sensitive data, for ' +
    'up to an hour. Encryption at rest is a per-method setting that is off unless chosen, so a ' +
    'cache can hold plaintext copies of responses that the backend itself stores encrypted. ' +
    'Caching is resolved per method: the stage default (*/*) and per-method overrides both ' +
    'count, and with the stage cache on, GET methods cache unless told otherwise (the API ' +
    'Gateway default).',
  remediation: {
    text: 'Turn on cache encryption for the stage default and for every method override that enables caching.',
    cli: "aws apigateway update-stage --rest-api-id <api-id> --stage-name <stage> --patch-operations 'op=replace,path=/*/*/caching/dataEncrypted,value=true'",
    docs: 'https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-caching.html',
  },
  mappings: {
    securityHub: ['APIGateway.5'],
    awsConfig: ['api-gw-cache-enabled-and-encrypted'],
    owaspApi2023: ['API8'],
  },
  messages: {
    encrypted: 'Every caching method of stage {stage} encrypts its cache data ({cachingCount} checked).',
    unencrypted: 'Caching methods of stage {stage} that do not encrypt cache data ({unencryptedCount}): {unencrypted}.',
    'no-cache': 'Stage {stage} caches nothing.',
  },
  select: (view) => view.restStages(),
  evaluate: ({ stage, api }, outcome) => {
    const clusterEnabled = stage.cacheClusterEnabled === true;
    const anyEntryCaches = Object.keys(stage.methodSettings ?? {}).some(
      (key) => entrySetting(stage, key, 'cachingEnabled') === true,
    );
    if (!clusterEnabled && !anyEntryCaches) {
      return outcome.notApplicable('no-cache', { stage: stage.stageName, cacheClusterEnabled: false });
    }
    const resources = api.api.resources;
    if (!resources.ok) return outcome.gap(resources.error, { stage: stage.stageName });
    const methods = restMethods(resources.value);
    // Judge the stage default alone when the API has no methods.
    const targets = methods.length > 0 ? methods : [{ path: '/', httpMethod: '*', label: '*/*' }];
    const caching = targets.filter((m) => {
      const explicit = effectiveSetting(stage, m.path, m.httpMethod, 'cachingEnabled');
      if (explicit.value !== undefined) return explicit.value;
      return clusterEnabled && m.httpMethod === 'GET';
    });
    const evidence = { stage: stage.stageName, cacheClusterEnabled: clusterEnabled, cachingCount: caching.length };
    if (caching.length === 0) return outcome.notApplicable('no-cache', evidence);
    const unencrypted = caching
      .filter((m) => effectiveSetting(stage, m.path, m.httpMethod, 'cacheDataEncrypted').value !== true)
      .map((m) => m.label);
    if (unencrypted.length === 0) return outcome.pass('encrypted', { ...evidence, caching: caching.map((m) => m.label) });
    return outcome.fail('unencrypted', { ...evidence, unencryptedCount: unencrypted.length, unencrypted });
  },
});
