import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  integrationSummary,
  readSchemes,
  schemeReader,
  restIntegrations,
  restVariableScopes,
  schemeFromStageVariable,
  schemeOf,
  substituteStageVariables,
  type VariableScope,
} from '../../src/analysis/rest-integrations.js';
import { redactUri } from '../../src/util/redact.js';
import { resource, stage } from '../fixtures/builders.js';

describe('restIntegrations', () => {
  it('sorts methods into HTTP, other and unknown integrations', () => {
    const result = restIntegrations([
      resource('/a', {
        GET: { methodIntegration: { type: 'http_proxy', uri: 'https://a.example.com' } },
        POST: { methodIntegration: { type: 'HTTP', uri: 'http://b.example.com', connectionType: 'VPC_LINK' } },
        PUT: { methodIntegration: undefined },
        DELETE: { methodIntegration: { uri: 'https://typeless.example.com' } },
      }),
      resource('/b', { GET: {} }),
    ]);
    assert.deepEqual(
      result.http.map((m) => [m.label, m.type, m.connectionType]),
      [
        ['GET /a', 'HTTP_PROXY', 'INTERNET'],
        ['POST /a', 'HTTP', 'VPC_LINK'],
      ],
    );
    assert.deepEqual(result.other.map((m) => m.label), ['GET /b']);
    assert.deepEqual(result.unknown.map((m) => m.label), ['DELETE /a', 'PUT /a']);
  });

  it('labels the integrations once for every stage that shows them, URIs redacted', () => {
    const resources = [
      resource('/a', {
        GET: { methodIntegration: { type: 'HTTP', uri: 'https://u:pw@a.example.com/x?token=t' } },
        POST: { methodIntegration: { type: 'HTTP_PROXY' } },
        PUT: { methodIntegration: undefined },
      }),
    ];
    const labels = integrationSummary(resources).labels;
    assert.deepEqual(labels, {
      http: [`GET /a → ${redactUri('https://u:pw@a.example.com/x?token=t')}`, 'POST /a → (no URI)'],
      unknown: ['PUT /a'],
    });
    assert.ok(!labels.http[0]!.includes('pw'));
    assert.equal(integrationSummary(resources).labels, labels);
  });
});

describe('URIs', () => {
  it('schemeOf', () => {
    assert.equal(schemeOf('HTTP://x.example.com'), 'http');
    assert.equal(schemeOf('https://x.example.com'), 'https');
    assert.equal(schemeOf('ftp://x.example.com'), 'other');
    assert.equal(schemeOf('${stageVariables.url}/x'), 'unknown');
    assert.equal(schemeOf(undefined), 'unknown');
  });

  it('knows when a stage variable decides the scheme', () => {
    assert.equal(schemeFromStageVariable('${stageVariables.backend}/x'), true);
    assert.equal(schemeFromStageVariable('http${stageVariables.s}://x.example.com'), true);
    assert.equal(schemeFromStageVariable('https://${stageVariables.host}/x'), false);
    assert.equal(schemeFromStageVariable('https://x.example.com'), false);
  });

  it('substitutes stage variables, leaving unset ones as written', () => {
    const variables = { backend: 'http://b.example.com', host: 'h.example.com' };
    assert.equal(substituteStageVariables('${stageVariables.backend}/x/${stageVariables.host}', variables), 'http://b.example.com/x/h.example.com');
    assert.equal(substituteStageVariables('${stageVariables.missing}/x', variables), '${stageVariables.missing}/x');
    assert.equal(substituteStageVariables('${stageVariables.toString}/x', {}), '${stageVariables.toString}/x');
  });

  it('lists each stage, then its canary with the overrides applied', () => {
    const scopes = restVariableScopes([
      stage({ stageName: 'prod', variables: { a: '1', b: '2' }, canarySettings: { stageVariableOverrides: { b: '3' } } }),
      stage({ stageName: 'dev', variables: { a: '0' } }),
    ]);
    assert.deepEqual(scopes, [
      { name: 'stage dev', variables: { a: '0' } },
      { name: 'stage prod', variables: { a: '1', b: '2' } },
      { name: 'stage prod, canary', variables: { a: '1', b: '3' } },
    ]);
  });

  it('a reader remembers URIs no stage variable enters, and resolves the others per scope each time', () => {
    const read = schemeReader();
    const prod: VariableScope[] = [{ name: 'stage prod', variables: { url: 'https://p.example.com' } }];
    const test: VariableScope[] = [{ name: 'stage test', variables: { url: 'http://t.example.com' } }];
    for (const uri of ['https://u:pw@h.example.com/x?key=k', ' http://h.example.com ', 'ftp://h.example.com/']) {
      assert.deepEqual(read(uri, prod), readSchemes(uri, prod));
      assert.equal(read(uri, test), read(uri, prod), 'the same answer, read once');
    }
    assert.deepEqual(read('${stageVariables.url}/x', prod), readSchemes('${stageVariables.url}/x', prod));
    assert.deepEqual(read('${stageVariables.url}/x', test), [{ uri: 'http://t.example.com/x', scheme: 'http', scope: 'stage test' }]);
    assert.deepEqual(read('${stageVariables.url}/x', undefined), readSchemes('${stageVariables.url}/x', undefined));
    assert.deepEqual(read(undefined, prod), [{ uri: '(no URI)', scheme: 'unknown' }]);
    assert.deepEqual(read(' ', prod), [{ uri: '(no URI)', scheme: 'unknown' }]);
  });

  it('reads schemes per scope when a variable decides them, and says why one cannot be read', () => {
    const scopes: VariableScope[] = [
      { name: 'stage prod', variables: { url: 'https://p.example.com' } },
      { name: 'stage test', variables: {} },
    ];
    assert.deepEqual(readSchemes('${stageVariables.url}/x', scopes), [
      { uri: 'https://p.example.com/x', scheme: 'https', scope: 'stage prod' },
      { uri: '${stageVariables.url}/x', scheme: 'unknown', scope: 'stage test', unresolved: 'stage variable unset' },
    ]);
    assert.deepEqual(readSchemes('https://${stageVariables.host}/x', scopes), [{ uri: 'https://${stageVariables.host}/x', scheme: 'https' }]);
    assert.deepEqual(readSchemes('${stageVariables.url}', undefined), [
      { uri: '${stageVariables.url}', scheme: 'unknown', unresolved: 'stage variables not available' },
    ]);
    assert.deepEqual(readSchemes(' ', scopes), [{ uri: '(no URI)', scheme: 'unknown' }]);
  });

  it('redacts credentials in every reading: as written, resolved, unresolved and without stages', () => {
    const scopes: VariableScope[] = [
      { name: 'stage prod', variables: { url: 'http://u:pw@p.example.com', s: 's' } },
      { name: 'stage test', variables: {} },
    ];
    assert.deepEqual(readSchemes('https://u:pw@h.example.com/x?key=k', scopes), [
      { uri: 'https://[redacted]@h.example.com/x?key=[redacted]', scheme: 'https' },
    ]);
    assert.deepEqual(readSchemes('${stageVariables.url}/x?token=t', scopes), [
      { uri: 'http://[redacted]@p.example.com/x?token=[redacted]', scheme: 'http', scope: 'stage prod' },
      { uri: '${stageVariables.url}/x?token=[redacted]', scheme: 'unknown', scope: 'stage test', unresolved: 'stage variable unset' },
    ]);
    assert.deepEqual(readSchemes('http${stageVariables.s}://admin:pw@h.example.com/', scopes), [
      { uri: 'https://[redacted]@h.example.com/', scheme: 'https', scope: 'stage prod' },
      { uri: 'http${stageVariables.s}://[redacted]@h.example.com/', scheme: 'unknown', scope: 'stage test', unresolved: 'stage variable unset' },
    ]);
    assert.deepEqual(readSchemes('${stageVariables.url}?k=v', undefined), [
      { uri: '${stageVariables.url}?k=[redacted]', scheme: 'unknown', unresolved: 'stage variables not available' },
    ]);
    assert.deepEqual(readSchemes('${stageVariables.url}?k=v', []), [
      { uri: '${stageVariables.url}?k=[redacted]', scheme: 'unknown', unresolved: 'no stage sets stage variables' },
    ]);
  });
});
