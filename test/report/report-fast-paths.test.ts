/**
 * The report's fast paths give what the plain ways give: the counting sort of results, the
 * compliance roll-up's shared counts, the result rows written as text, the finding-id test,
 * the failure tally and the escaping shortcut. No timing: each is held to its slow equivalent.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CheckResult, ResourceRef } from '../../src/engine/types.js';
import { findingId } from '../../src/model/finding-id.js';
import { rollUpCompliance, type RollUpResult } from '../../src/report/compliance.js';
import { FailureTally } from '../../src/report/html-checks.js';
import { escapeHtml } from '../../src/report/html-safe.js';
import { FileTables, isFindingIdOf } from '../../src/report/json-form.js';
import { buildReport, sortResults } from '../../src/report/model.js';
import { reportJsonChunks } from '../../src/report/write.js';
import { htmlPieces, MAX_API_SECTIONS, renderHtml } from '../../src/report/html.js';
import { REPORT_FORMATS } from '../../src/report/formats.js';
import { runChecks } from '../../src/engine/runner.js';
import { givenEvidenceOf } from '../../src/engine/evidence-bounds.js';
import { CHECKS, cleanInventory, hostileInventory, hostileReport, reportFor } from './fixture.js';

const ACCOUNT = '123456789012';
const api = (id: string) => `arn:aws:apigateway:eu-west-1::/restapis/${id}`;

function ref(arn: string, extra: Partial<ResourceRef> = {}): ResourceRef {
  return { arn, type: 'rest-api', name: arn.split('/').pop()!, account: ACCOUNT, region: 'eu-west-1', ...extra };
}

function result(checkId: string, resource: ResourceRef, message = 'm', extra: Partial<CheckResult> = {}): CheckResult {
  return { checkId, status: 'PASS', severity: 'medium', resource, messageId: 'pass', message, evidence: {}, ...extra };
}

/** The order buildReport promised before the fast path: a stable sort by API ARN, check id, resource ARN, message id, message. */
function slowSort(results: readonly CheckResult[]): CheckResult[] {
  const text = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return [...results].sort(
    (a, b) =>
      text(a.resource.apiArn ?? '', b.resource.apiArn ?? '') ||
      text(a.checkId, b.checkId) ||
      text(a.resource.arn, b.resource.arn) ||
      text(a.messageId, b.messageId) ||
      text(a.message, b.message),
  );
}

describe('sortResults', () => {
  it('orders as the comparison sort does: account-level first, then API, check, resource, message; full ties keep their order', () => {
    const [a, b] = [api('a'), api('b')];
    const stageB = ref(`${b}/stages/prod`, { apiArn: b, type: 'rest-stage' });
    const stageA = ref(`${a}/stages/dev`, { apiArn: a, type: 'rest-stage' });
    const pool = ref(`arn:aws:cognito-idp:eu-west-1:${ACCOUNT}:userpool/p`, { type: 'user-pool', linkedApiArns: [b] });
    const account = ref(`arn:aws:iam::${ACCOUNT}:root`, { type: 'account' });
    const tieOne = result('c-check', stageA, 'same', { evidence: { n: 1 } });
    const tieTwo = result('c-check', stageA, 'same', { evidence: { n: 2 } });
    const results = [
      result('z-check', stageB),
      tieOne,
      result('c-check', stageA, 'b-message'),
      result('a-check', stageB),
      result('c-check', stageA, 'a-message'),
      result('a-check', pool),
      tieTwo,
      result('c-check', ref(`${a}`, { apiArn: a }), 'x'),
      result('b-check', account),
      result('a-check', account, 'fail', { messageId: 'fail' }),
    ];
    const sorted = sortResults(results);
    assert.deepEqual(sorted, slowSort(results));
    assert.ok(sorted.indexOf(tieOne) < sorted.indexOf(tieTwo));
    assert.deepEqual(sortResults([...results].reverse()), slowSort([...results].reverse()));
  });

  it('sorts nothing', () => {
    assert.deepEqual(sortResults([]), []);
  });
});

describe('rollUpCompliance fast path', () => {
  const r = (checkId: string, arn: string, status: RollUpResult['status'], account = ACCOUNT): RollUpResult => ({
    checkId,
    status,
    resource: { arn, account },
  });

  it('counts a resource once under its worst state across checks, whichever object names it, per account', () => {
    const results = [r('c1', 'arn:x', 'PASS'), r('c2', 'arn:x', 'FAIL'), r('c1', 'arn:x', 'PASS', '999999999999'), r('c2', 'arn:y', 'ERROR'), r('c1', 'arn:y', 'PASS')];
    const checks = [
      { id: 'c1', mappings: { owaspApi2023: ['API1', 'API2'] } },
      { id: 'c2', mappings: { owaspApi2023: ['API1', 'API2'] } },
    ];
    const owasp = rollUpCompliance(results, checks).frameworks.find((f) => f.id === 'owaspApi2023')!;
    const [api1, api2] = ['API1', 'API2'].map((id) => owasp.requirements.find((q) => q.id === id)!);
    assert.deepEqual(api1!.resources, { failing: 1, notEvaluated: 1, muted: 0, passing: 1, notApplicable: 0 });
    // Requirements listing the same checks share one count, but not one object.
    assert.deepEqual(api2!.resources, api1!.resources);
    assert.notEqual(api2!.resources, api1!.resources);
  });

  it('leaves out results of checks it was not given', () => {
    const owasp = rollUpCompliance([r('other', 'arn:x', 'FAIL'), r('c1', 'arn:x', 'PASS')], [{ id: 'c1', mappings: { owaspApi2023: ['API1'] } }]);
    const api1 = owasp.frameworks.find((f) => f.id === 'owaspApi2023')!.requirements.find((q) => q.id === 'API1')!;
    assert.deepEqual(api1.resources, { failing: 0, notEvaluated: 0, muted: 0, passing: 1, notApplicable: 0 });
  });
});

describe('isFindingIdOf', () => {
  const arn = `${api('a')}/stages/prod`;
  it('agrees with findingId on the usual ids, near misses and ids cut with a hash', () => {
    const long = `${api('a')}/stages/${'s'.repeat(600)}`;
    const cases: [string, string, string][] = [
      [findingId('check', arn), 'check', arn],
      [findingId('check', arn), 'check2', arn],
      [findingId('check', arn).replace('check/', 'chekc/'), 'check', arn],
      [findingId('check', arn).replace('/stages', '-stages'), 'check', arn],
      [`${findingId('check', arn)}x`, 'check', arn],
      [findingId('x', 'y/z'), 'x/y', 'z'],
      [findingId('check', long), 'check', long],
      [findingId('check', `${long}t`), 'check', long],
      ['', 'check', arn],
    ];
    for (const [id, checkId, resourceArn] of cases) assert.equal(isFindingIdOf(id, checkId, resourceArn), id === findingId(checkId, resourceArn), id);
  });
});

describe('FileTables.resultJson', () => {
  it('writes each result as JSON.stringify writes its array', () => {
    const stage = ref(arn('s'), { apiArn: api('a'), type: 'rest-stage' });
    const results: CheckResult[] = [
      result('known', stage),
      result('known', stage, 'with evidence', { evidence: { methods: ['GET /'] } }),
      result('known', stage, 'graver', { severity: 'critical', status: 'FAIL', messageId: 'fail' }),
      result('known', stage, 'odd id', { id: 'apiposture/other/id' }),
      result('unknown-check', stage, 'not in the catalogue'),
      result('known', stage, 'error', {
        status: 'ERROR',
        messageId: 'invalid-data',
        error: { kind: 'invalid-data', message: 'bad' },
        evidence: { n: 1 },
      }),
      result('known', stage, 'muted', { muted: { rule: 'r', reason: 'why', owner: 'me' }, change: 'new' } as Partial<CheckResult>),
    ];
    const tables = new FileTables({ apis: [{ api: { arn: api('a') } }], checks: [{ id: 'known', severity: 'medium' }], results });
    results.forEach((_, i) => assert.equal(tables.resultJson(i), JSON.stringify(tables.result(i))));
  });

  function arn(stage: string): string {
    return `${api('a')}/stages/${stage}`;
  }
});

describe('FileTables evidence', () => {
  it('lists each distinct record once, in first-use order, whether results share it frozen, share it unfrozen apart or repeat it', () => {
    const stage = ref(`${api('a')}/stages/s`, { apiArn: api('a'), type: 'rest-stage' });
    const frozen = Object.freeze({ methods: Object.freeze(['GET /']) });
    const unfrozen = { methods: ['PUT /'] };
    const evidence = [frozen, unfrozen, { methods: ['GET /'] }, unfrozen, unfrozen, frozen, {}, { n: 1 }, { methods: ['PUT /'] }, { n: 1 }];
    const results = evidence.map((e, i) => result('known', stage, `m${i}`, { evidence: e }));
    const tables = new FileTables({ apis: [], checks: [{ id: 'known', severity: 'medium' }], results });
    // The plain way: each record by its JSON text.
    const texts: string[] = [];
    const expected = evidence.map((e) => {
      if (Object.keys(e).length === 0) return null;
      const json = JSON.stringify(e);
      return texts.includes(json) ? texts.indexOf(json) : texts.push(json) - 1;
    });
    assert.deepEqual([...tables.evidenceTexts()], texts);
    assert.deepEqual(results.map((_, i) => tables.result(i)[4] ?? null), expected);
  });
});

describe('buildReport of results in the report shape', () => {
  for (const [name, inventoryOf] of [['clean', cleanInventory], ['hostile', hostileInventory]] as const)
  it(`is the report built by copying them (${name} inventory)`, () => {
    const inventory = inventoryOf();
    const plain = reportFor(inventory);
    const shaped = runChecks(CHECKS, inventory, { reportShape: true });
    const kept = buildReport({ inventory, results: shaped, checks: CHECKS, toolVersion: '0.0.0-test', generatedAt: plain.scan.generatedAt, resultsInReportShape: true });
    assert.deepEqual(kept, plain);
    assert.equal(kept.results.filter((r) => shaped.includes(r)).length, shaped.length, 'kept, not copied');
    assert.equal(givenEvidenceOf(kept.results), givenEvidenceOf(shaped), 'report.json tells its evidence apart as the run did');
    assert.notEqual(givenEvidenceOf(shaped), undefined);
    assert.equal([...reportJsonChunks(kept)].join(''), [...reportJsonChunks(plain)].join(''));
  });
});

describe('FailureTally', () => {
  it('counts a result once in a cell that several of its places fall in', () => {
    const [a, b] = [api('a'), api('b')];
    const anchorOf = (arn: string) => ({ name: arn.slice(-1), anchor: undefined, region: 'eu-west-1', type: 'rest-api' });
    const pool = ref(`arn:aws:cognito-idp:eu-west-1:${ACCOUNT}:userpool/p`, { type: 'user-pool', apiArn: a, linkedApiArns: [a, b] });
    const tally = new FailureTally();
    tally.add({ ...result('c', pool), id: 'x' }, anchorOf);
    tally.add({ ...result('c', ref(a, { apiArn: a })), id: 'y' }, anchorOf);
    assert.equal(tally.toString(), '*|eu-west-1|rest-api|2|2|2 *|eu-west-1|*|2|2|2 *|*|rest-api|2|2|2 *|*|*|2|2|2');
  });

  it('writes a field with characters to encode, and a region named * in the cell of any region', () => {
    const anchorOf = () => undefined;
    const tally = new FailureTally();
    tally.add({ ...result('c', ref('arn:1', { region: 'a b' })), id: '1' }, anchorOf, 'acc|1');
    tally.add({ ...result('c', ref('arn:2', { region: '*' })), id: '2' }, anchorOf, 'acc|1');
    assert.equal(tally.toString(), 'acc%7C1|a%20b|*|1|1|0 acc%7C1|*|*|2|2|0');
  });
});

describe('escapeHtml', () => {
  it('returns plain text as it is and still escapes markup, quotes and invisible characters', () => {
    assert.equal(escapeHtml('GET /pets/{id} ~ 100% (a=b; c:d)\tline\n'), 'GET /pets/{id} ~ 100% (a=b; c:d)\tline\n');
    assert.equal(escapeHtml(`<a href="x">'&'</a>`), '&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
    assert.equal(escapeHtml('a\u0000b\u007fc\u202Ed'), 'a\\u0000b\\u007Fc\\u202Ed');
    assert.equal(escapeHtml('café …'), 'café …');
  });
});

describe('htmlPieces', () => {
  it('is the page renderHtml gives, each API with findings a piece of its own, as the html format writes it', () => {
    const report = hostileReport();
    const pieces = [...htmlPieces(report)];
    assert.equal(pieces.join(''), renderHtml(report));
    const detailed = Math.min(report.apis.length, MAX_API_SECTIONS);
    assert.ok(detailed > 1);
    assert.equal(pieces.length, 3 + detailed);
    const row = REPORT_FORMATS.find((format) => format.id === 'html')!;
    assert.deepEqual([...row.account(report)], pieces);
    assert.deepEqual([...htmlPieces(report, { maxApiSections: 1 })].length, 4);
  });
});

