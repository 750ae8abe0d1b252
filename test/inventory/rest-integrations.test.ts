import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  leadingStageVariable,
  redactUri,
  resolveStageVariables,
  restIntegrations,
  schemeOf,
} from '../../src/inventory/rest-integrations.js';
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
});

describe('URIs', () => {
  it('redactUri hides user info and query strings', () => {
    assert.equal(redactUri('https://svc:s3cret@backend.example.com/x?key=abc#top'), 'https://…@backend.example.com/x?…#top');
    assert.equal(redactUri('http://backend.example.com/x'), 'http://backend.example.com/x');
  });

  it('schemeOf', () => {
    assert.equal(schemeOf('HTTP://x.example.com'), 'http');
    assert.equal(schemeOf('https://x.example.com'), 'https');
    assert.equal(schemeOf('ftp://x.example.com'), 'other');
    assert.equal(schemeOf('${stageVariables.url}/x'), 'unknown');
    assert.equal(schemeOf(undefined), 'unknown');
  });

  it('resolves stage variables, undefined when one is unset', () => {
    assert.equal(leadingStageVariable('${stageVariables.backend}/x'), 'backend');
    assert.equal(leadingStageVariable('https://${stageVariables.host}/x'), undefined);
    const s = stage({ variables: { backend: 'http://b.example.com', host: 'h.example.com' } });
    assert.equal(resolveStageVariables('${stageVariables.backend}/x/${stageVariables.host}', s), 'http://b.example.com/x/h.example.com');
    assert.equal(resolveStageVariables('${stageVariables.missing}/x', s), undefined);
  });
});
