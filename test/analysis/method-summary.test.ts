import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { restMethods, unknownAuthorizationTypes, type RestMethodRef } from '../../src/analysis/method-settings.js';
import { distinctMethodCount, unknownTypesOf } from '../../src/analysis/method-summary.js';
import { uniqueMethods } from '../../src/analysis/served.js';
import { resource } from '../fixtures/builders.js';

const methods = (paths: string[], authorizationType = 'NONE'): readonly RestMethodRef[] =>
  restMethods(paths.map((p) => resource(p, { GET: { authorizationType }, POST: { authorizationType } })));

describe('distinctMethodCount', () => {
  it('counts what uniqueMethods keeps: one list, the same labels in several lists, and lists that differ', () => {
    const a = methods(['/a', '/b']);
    const same = methods(['/a', '/b']);
    const other = methods(['/b', '/c', '/d']);
    const cases: (readonly RestMethodRef[])[][] = [[], [a], [a, a, a], [a, same], [a, other], [other, a, same], [[]], [a, []]];
    for (const lists of cases) assert.equal(distinctMethodCount(lists), uniqueMethods(lists.flat()).length);
    assert.equal(distinctMethodCount([a, other]), 8);
  });

  it('counts a label twice in one list once, sorted or not, and labels that are not VERB /path by themselves', () => {
    const doubled = [...methods(['/a']), ...methods(['/a'])];
    assert.equal(distinctMethodCount([doubled]), 2);
    const sorted = [...doubled].sort((x, y) => (x.path === y.path ? x.httpMethod.localeCompare(y.httpMethod) : x.path < y.path ? -1 : 1));
    assert.equal(distinctMethodCount([sorted]), 2);
    const odd = [
      { path: '/a', httpMethod: 'GET', label: 'same', method: {} },
      { path: '/b', httpMethod: 'GET', label: 'other', method: {} },
      { path: '/c', httpMethod: 'GET', label: 'same', method: {} },
    ] as RestMethodRef[];
    assert.equal(distinctMethodCount([odd]), uniqueMethods(odd).length);
  });

  it('remembers the count for the same lists, and counts again for others', () => {
    const a = methods(['/a', '/b']);
    const other = methods(['/c']);
    assert.equal(distinctMethodCount([a, a]), 4);
    assert.equal(distinctMethodCount([a, other]), 6);
    assert.equal(distinctMethodCount([a]), 4);
  });
});

describe('unknownTypesOf', () => {
  it('agrees with unknownAuthorizationTypes on spelled, odd and missing types', () => {
    const lists = [
      methods(['/a'], 'AWS_IAM'),
      methods(['/a'], 'NONE'),
      methods(['/a'], 'aws_iam'),
      methods(['/a'], ' CUSTOM '),
      methods(['/a'], 'MAGIC'),
      methods(['/a'], ''),
      restMethods([resource('/x', { GET: {} }), resource('/y', { GET: { authorizationType: 'COGNITO_USER_POOLS' } })]),
    ];
    for (const list of lists) assert.deepEqual(unknownTypesOf(list), unknownAuthorizationTypes(list));
    assert.deepEqual(unknownTypesOf(methods(['/a'], 'MAGIC')), ['GET /a (MAGIC)', 'POST /a (MAGIC)']);
  });
});
