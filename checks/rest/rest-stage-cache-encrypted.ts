import { defineCheck } from '../../src/engine/define.js';
import { cacheClusterOn, methodCaches } from '../../src/analysis/cache.js';
import { DEFAULT_KEY, describeSettingKey, effectiveSetting, resolvedEntrySetting, restMethods } from '../../src/analysis/method-settings.js';
import type { Stage } from '../../src/inventory/schema.js';
import type { RestStageEntity } from '../../src/inventory/view.js';

/** Settings keys, the stage default first. */
function settingKeys(stage: Stage): string[] {
  return Object.keys(stage.methodSettings ?? {}).sort((a, b) => (a === DEFAULT_KEY ? -1 : b === DEFAULT_KEY ? 1 : a.localeCompare(b)));
}


export default defineCheck<RestStageEntity, 'encrypted' | 'unencrypted' | 'no-cache' | 'cluster-off'>({
  id: 'rest-stage-cache-encrypted',
  title: 'REST API stage caches encrypt cached responses at rest',
  severity: 'medium',
  resourceTypes: ['rest-stage'],
  reads: ['rest-resources', 'rest-stages'],
  rationale:
    'A stage cache holds integration responses, often personal or otherwise sensitive data, for ' +
    'up to an hour. Encryption at rest is a per-method setting that is off unless chosen, so a ' +
    'cache can hold plaintext copies of responses that the backend itself stores encrypted. ' +
    'Caching is resolved per method: the stage default (*/*) and per-method overrides both ' +
    'count, GET methods cache unless told otherwise, and a TTL of 0 disables caching (Developer ' +
    'Guide, "Cache settings for REST APIs"). Nothing is cached unless the stage\'s cache cluster ' +
    'is provisioned (cacheClusterEnabled): with the cluster off the result is NOT_APPLICABLE ' +
    'whatever the method settings say, and the evidence names the entries that would cache ' +
    'unencrypted data once it is turned on. Security Hub control APIGateway.5 fails a stage when ' +
    'a method is configured to cache and the cache is not encrypted; its AWS Config rule ' +
    '(api-gw-cache-enabled-and-encrypted) reads method settings and also fails methods that do ' +
    'not cache at all, so Security Hub may report stages FAILED that this check, judging only ' +
    'data that is actually cached, reports NOT_APPLICABLE.',
  remediation: {
    text: 'Turn on cache encryption for the stage default and for every method override that enables caching.',
    cli: "aws apigateway update-stage --rest-api-id <api-id> --stage-name <stage> --patch-operations 'op=replace,path=/*/*/caching/dataEncrypted,value=true'",
    docs: 'https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-caching.html',
  },
  mappings: {
    securityHub: ['APIGateway.5'],
    awsConfig: ['api-gw-cache-enabled-and-encrypted'],
    owaspApi2023: ['API8'],
    nist80053r5: ['CA-9(1)', 'CM-3(6)', 'SC-13', 'SC-28', 'SC-28(1)', 'SC-7(10)', 'SI-7(6)'],
  },
  messages: {
    encrypted: 'Every caching method of stage {stage} encrypts its cache data ({cachingCount} checked).',
    unencrypted: 'Caching methods of stage {stage} that do not encrypt cache data ({unencryptedCount}): {unencrypted}.',
    'no-cache': 'Stage {stage} caches nothing.',
    'cluster-off': 'Stage {stage} has no cache cluster, so nothing is cached, though its method settings enable caching.',
  },
  select: (view) => view.restStages(),
  evaluate: ({ stage, api }, outcome) => {
    if (!cacheClusterOn(stage)) {
      const cachingEntries = settingKeys(stage).filter((key) => resolvedEntrySetting(stage, key, 'cachingEnabled') === true);
      if (cachingEntries.length === 0) return outcome.notApplicable('no-cache', { stage: stage.stageName, cacheClusterEnabled: false });
      const dormantUnencrypted = cachingEntries
        .filter((key) => resolvedEntrySetting(stage, key, 'cacheDataEncrypted') !== true)
        .map(describeSettingKey);
      return outcome.notApplicable('cluster-off', { stage: stage.stageName, cacheClusterEnabled: false, dormantUnencrypted });
    }
    const resources = api.api.resources;
    if (!resources.ok) return outcome.gap(resources.error, { stage: stage.stageName });
    const methods = restMethods(resources.value);
    // Judge the stage default alone when the API has no methods.
    const targets = methods.length > 0 ? methods : [{ path: '/', httpMethod: '*', label: DEFAULT_KEY }];
    const caching = targets.filter((m) => methodCaches(stage, m.path, m.httpMethod));
    const evidence = { stage: stage.stageName, cacheClusterEnabled: true, cachingCount: caching.length };
    if (caching.length === 0) return outcome.notApplicable('no-cache', evidence);
    const unencrypted = caching
      .filter((m) => effectiveSetting(stage, m.path, m.httpMethod, 'cacheDataEncrypted').value !== true)
      .map((m) => m.label);
    if (unencrypted.length === 0) return outcome.pass('encrypted', { ...evidence, caching: caching.map((m) => m.label) });
    return outcome.fail('unencrypted', { ...evidence, unencryptedCount: unencrypted.length, unencrypted });
  },
});
