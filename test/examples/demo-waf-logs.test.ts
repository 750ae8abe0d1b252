import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import cognitoUserPoolWaf from '../../checks/identity/cognito-user-pool-waf.js';
import accessLogApiKey from '../../checks/monitoring/access-log-api-key.js';
import accessLogFields from '../../checks/monitoring/access-log-fields.js';
import wafLogGroup from '../../checks/monitoring/waf-log-group.js';
import wafRuleMetrics from '../../checks/monitoring/waf-rule-metrics.js';
import wafWebAclLogging from '../../checks/monitoring/waf-web-acl-logging.js';
import restExecutionLogGroup from '../../checks/rest/rest-execution-log-group.js';
import { runChecks } from '../../src/engine/runner.js';
import { parseInventory } from '../../src/inventory/io.js';
import { addWafAndLogs } from '../../examples/demo/waf-logs.js';

const committed = readFileSync(new URL('../../examples/demo-inventory.json', import.meta.url), 'utf8');

describe('the demo WAF logging, metrics and log formats', () => {
  const inventory = parseInventory(JSON.parse(committed), 'demo');
  const results = runChecks(
    [wafWebAclLogging, wafRuleMetrics, wafLogGroup, restExecutionLogGroup, accessLogApiKey, accessLogFields, cognitoUserPoolWaf],
    inventory,
  );
  const outcome = (checkId: string, resource: string) =>
    results.filter((r) => r.checkId === checkId && r.resource.name === resource).map((r) => `${r.status} ${r.messageId}`);

  it('fail legacy-count-only: no logging, and a rule without metrics; pass api-protection, linked to the APIs it protects', () => {
    assert.deepEqual(outcome('waf-web-acl-logging', 'legacy-count-only'), ['FAIL not-logging']);
    assert.deepEqual(outcome('waf-rule-metrics', 'legacy-count-only'), ['FAIL metrics-off']);
    assert.deepEqual(outcome('waf-web-acl-logging', 'api-protection'), ['PASS logging']);
    assert.deepEqual(outcome('waf-rule-metrics', 'api-protection'), ['PASS all-metrics']);
    const protection = results.find((r) => r.checkId === 'waf-web-acl-logging' && r.resource.name === 'api-protection');
    assert.equal(protection?.resource.type, 'web-acl');
    assert.ok((protection?.resource.linkedApiArns ?? []).includes('arn:aws:apigateway:eu-west-1::/restapis/k3x9ord01a'));
  });

  it('judge the WAF log groups like access-log groups (one weak, one kept a year under a key), and report the denied web ACL as ERROR', () => {
    assert.deepEqual(outcome('waf-log-group', 'api-protection'), ['FAIL weak-group']);
    assert.deepEqual(outcome('waf-log-group', 'edge-apis'), ['PASS kept'], 'kept a year under a KMS key');
    assert.deepEqual(outcome('waf-rule-metrics', 'edge-apis'), ['ERROR collection-gap']);
  });

  it('fail the execution-log groups API Gateway created (no KMS key), pass the one given a key and a retention', () => {
    assert.deepEqual(outcome('rest-execution-log-group', 'orders-api/prod'), ['PASS kept']);
    assert.deepEqual(outcome('rest-execution-log-group', 'payments-api/prod'), ['FAIL weak-group']);
  });

  it('fail the access-log format that writes the API key, and the one lacking source IP and caller', () => {
    assert.deepEqual(outcome('access-log-api-key', 'inventory-sync/prod'), ['FAIL logs-api-key']);
    assert.deepEqual(outcome('access-log-api-key', 'orders-api/prod'), ['PASS no-api-key']);
    assert.deepEqual(outcome('access-log-fields', 'webhooks-ingest/dev'), ['FAIL missing-fields']);
    assert.deepEqual(outcome('access-log-fields', 'orders-api/prod'), ['PASS complete']);
  });

  it('fail mobile-users, the pool without a web ACL, and pass the pools behind cognito-protection', () => {
    assert.deepEqual(outcome('cognito-user-pool-waf', 'mobile-users'), ['FAIL not-associated']);
    assert.deepEqual(outcome('cognito-user-pool-waf', 'customers'), ['PASS associated']);
  });

  it('applying the module twice gives the same snapshot', () => {
    const once = parseInventory(JSON.parse(committed), 'demo');
    addWafAndLogs(once);
    const twice = structuredClone(once);
    addWafAndLogs(twice);
    assert.deepEqual(twice, once);
  });
});
