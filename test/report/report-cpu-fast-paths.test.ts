/**
 * The report's shortcuts of session 15 give what the plain ways give: sorting buckets of many
 * results, the summary counted in one pass, the compliance states held in arrays, the failure
 * tally of a result of one API, the per-check counts taken from the tally, and the filter
 * attributes. No timing: each is held to its slow way.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { apisOf, eachApi, SEVERITIES, STATUSES, type CheckResult, type ResourceRef, type Severity, type Status } from '../../src/engine/types.js';
import { rollUpCompliance, STATE_ORDER, resultState, type RollUpResult } from '../../src/report/compliance.js';
import { checkViews, FailureTally, type ApiAnchor } from '../../src/report/html-checks.js';
import { plainCheckOptions, plainFailingChecks } from './check-views-reference.js';
import { buildReport, sortResults, summarise, type ReportResult } from '../../src/report/model.js';
import { renderHtml } from '../../src/report/html.js';
import { renderEvidence } from '../../src/report/html-evidence.js';
import { FRAMEWORKS, mappedIds } from '../../src/model/frameworks/index.js';
import { findingId } from '../../src/model/finding-id.js';
import { CHECKS, cleanInventory, hostileReport, GENERATED_AT } from './fixture.js';

const ACCOUNT = '123456789012';
const api = (id: string) => `arn:aws:apigateway:eu-west-1::/restapis/${id}`;
const MUTED = { rule: 'r', reason: 'accepted', owner: 'o' } as const;

function ref(arn: string, extra: Partial<ResourceRef> = {}): ResourceRef {
  return { arn, type: 'rest-stage', name: arn.split('/').pop()!, account: ACCOUNT, region: 'eu-west-1', ...extra };
}

function result(checkId: string, resource: ResourceRef, status: Status = 'FAIL', severity: Severity = 'medium', extra: Partial<CheckResult> = {}): ReportResult {
  return { id: findingId(checkId, resource.arn), checkId, status, severity, resource, messageId: status, message: 'm', evidence: {}, ...extra };
}

const compareText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

describe('sortResults of a bucket larger than the in-place sort takes', () => {
  it('orders many results of one API and check as the comparison sort does, ties kept in order', () => {
    const a = api('a');
    for (const size of [2, 16, 17, 40]) {
      const results = Array.from({ length: size }, (_, i) =>
        result('c', ref(`${a}/stages/${(i * 7) % 5}`, { apiArn: a }), 'PASS', 'low', { message: `m${i % 3}`, evidence: { i } }),
      );
      const slow = [...results].sort(
        (x, y) => compareText(x.resource.arn, y.resource.arn) || compareText(x.messageId, y.messageId) || compareText(x.message, y.message),
      );
      assert.deepEqual(sortResults(results), slow, `${size}`);
    }
  });
});

describe('summarise and scan.complete', () => {
  it('count every status muted and not, and a muted ERROR still leaves the scan incomplete', () => {
    const stage = ref(`${api('a')}/stages/prod`, { apiArn: api('a') });
    const results = STATUSES.flatMap((status) =>
      SEVERITIES.flatMap((severity, i) => [result(`c${i}`, stage, status, severity), ...(i % 2 === 0 ? [result(`m${i}`, stage, status, severity, { muted: MUTED })] : [])]),
    );
    const summary = summarise([], results, 0, true);
    for (const status of STATUSES) {
      assert.equal(summary.results[status], results.filter((r) => r.status === status && r.muted === undefined).length);
      assert.equal(summary.muted![status], results.filter((r) => r.status === status && r.muted !== undefined).length);
    }
    for (const severity of SEVERITIES) {
      assert.equal(summary.failuresBySeverity[severity], results.filter((r) => r.status === 'FAIL' && r.severity === severity && r.muted === undefined).length);
    }
    const inventory = { ...cleanInventory(), errors: [] };
    const build = (given: ReportResult[]) =>
      buildReport({ inventory, results: given, checks: CHECKS, toolVersion: '0', generatedAt: GENERATED_AT, resultsInReportShape: true });
    const pass = result('c', stage, 'PASS');
    assert.equal(build([pass]).scan.complete, true);
    assert.equal(build([pass, result('c', stage, 'ERROR', 'high', { muted: MUTED })]).scan.complete, false);
  });
});

describe('rollUpCompliance in arrays', () => {
  /** Each requirement's counts as first defined: per resource (account and ARN), its worst state among the checks' results. */
  function slowCounts(results: readonly RollUpResult[], checks: readonly { id: string; mappings: Record<string, string[]> }[]) {
    return FRAMEWORKS.map((framework) =>
      framework.requirements.map((requirement) => {
        const ids = new Set(checks.filter((check) => mappedIds(check.mappings, framework).includes(requirement.id)).map((check) => check.id));
        const worst = new Map<string, number>();
        for (const r of results) {
          if (!ids.has(r.checkId)) continue;
          const key = `${r.resource.account} ${r.resource.arn}`;
          worst.set(key, Math.min(worst.get(key) ?? STATE_ORDER.length, resultState(r)));
        }
        const counts = Object.fromEntries(STATE_ORDER.map((state) => [state, 0]));
        for (const state of worst.values()) counts[STATE_ORDER[state]!]! += 1;
        return counts;
      }),
    );
  }

  it('counts as the per-resource definition does: shared resource objects, equal ARNs of other accounts, muted failures, checks without results, other checks', () => {
    const shared = { arn: 'arn:s', account: ACCOUNT };
    const r = (checkId: string, resource: { arn: string; account: string }, status: Status, muted = false): RollUpResult =>
      ({ checkId, status, resource, ...(muted ? { muted: MUTED } : {}) }) as RollUpResult;
    const results = [
      r('c1', shared, 'PASS'),
      r('c2', shared, 'FAIL', true),
      r('c1', { arn: 'arn:s', account: ACCOUNT }, 'ERROR'),
      r('c1', { arn: 'arn:s', account: '999999999999' }, 'NOT_APPLICABLE'),
      r('other', shared, 'FAIL'),
      r('c2', { arn: 'arn:t', account: ACCOUNT }, 'FAIL', true),
      r('c3', { arn: 'arn:t', account: ACCOUNT }, 'PASS'),
      r('c2', { arn: 'arn:u', account: ACCOUNT }, 'FAIL'),
      r('c1', shared, 'FAIL', true),
    ];
    const checks = [
      { id: 'c1', mappings: { owaspApi2023: ['API1', 'API2'] } },
      { id: 'c2', mappings: { owaspApi2023: ['API2', 'API3'] } },
      { id: 'c3', mappings: { owaspApi2023: ['API3'] } },
      { id: 'c4', mappings: { owaspApi2023: ['API4', 'API3'] } },
    ];
    for (const given of [results, [...results].reverse(), []]) {
      const rolled = rollUpCompliance(given, checks).frameworks.map((framework) => framework.requirements.map((q) => q.resources));
      assert.deepEqual(rolled, slowCounts(given, checks));
    }
  });
});

/** The tally as first written: every place of every result, cell by cell. */
function slowTally(results: readonly ReportResult[], anchorOf: ApiAnchor, account = '*'): string {
  const cells = new Map<string, { results: Set<number>; resources: Set<string>; apis: Set<string> }>();
  results.forEach((r, index) => {
    const places = apisOf(r.resource).map((arn) => {
      const place = anchorOf(arn);
      return place ? { region: place.region, type: place.type as string | undefined, api: arn as string | undefined } : { region: r.resource.region, type: undefined, api: arn };
    });
    if (places.length === 0) places.push({ region: r.resource.region, type: undefined, api: undefined });
    for (const place of places) {
      for (const region of [place.region, '*']) {
        for (const type of place.type === undefined ? ['*'] : [place.type, '*']) {
          const key = [account, region, type].map((field) => (field === '*' ? field : encodeURIComponent(field))).join('|');
          const cell = cells.get(key) ?? { results: new Set(), resources: new Set(), apis: new Set() };
          cells.set(key, cell);
          cell.results.add(index);
          cell.resources.add(r.resource.arn);
          if (place.api !== undefined) cell.apis.add(place.api);
        }
      }
    }
  });
  return [...cells].map(([key, cell]) => `${key}|${cell.results.size}|${cell.resources.size}|${cell.apis.size}`).join(' ');
}

describe('FailureTally of results of one API', () => {
  const [a, b, c, gone] = [api('a'), api('b'), api('c'), api('gone')];
  const places = new Map([
    [a, { name: 'a', anchor: 'api-1', region: 'eu-west-1', type: 'rest-api' }],
    [b, { name: 'b', anchor: undefined, region: 'us-east-1', type: 'http-api' }],
    [c, { name: 'c', anchor: undefined, region: '*', type: 'rest-api' }],
  ]);
  const anchorOf: ApiAnchor = (arn) => places.get(arn);
  const results = [
    result('x', ref(`${a}/stages/1`, { apiArn: a })),
    result('x', ref(`${b}/stages/1`, { apiArn: b, region: 'us-east-1' })),
    result('x', ref(`${a}/stages/2`, { apiArn: a })),
    result('x', ref(`${a}/stages/1`, { apiArn: a })),
    result('x', ref('arn:aws:apigateway:eu-west-1::/domainnames/d', { type: 'domain', apiArn: a, linkedApiArns: [a] })),
    result('x', ref('arn:aws:cognito-idp:eu-west-1:1:userpool/p', { type: 'user-pool', linkedApiArns: [b, a] })),
    result('x', ref('arn:aws:apigateway:eu-west-1::/domainnames/e', { type: 'domain', apiArn: a, linkedApiArns: [a, c] })),
    result('x', ref(`${gone}/stages/1`, { apiArn: gone, region: 'eu-west-2' })),
    result('x', ref(`arn:aws:iam::${ACCOUNT}:root`, { type: 'account', region: 'global' })),
    result('x', ref(`${c}/stages/1`, { apiArn: c, region: '*' })),
    result('x', ref(`${a}/stages/3`, { apiArn: a })),
    // The same resource again, now also linked to another API.
    result('x', ref(`${a}/stages/2`, { apiArn: a, linkedApiArns: [b] })),
    result('x', ref(`${a}/stages/3`, { apiArn: a })),
    // One resource named by two results as about two APIs.
    result('x', ref('arn:aws:apigateway:eu-west-1::/domainnames/f', { type: 'domain', apiArn: a })),
    result('x', ref('arn:aws:apigateway:eu-west-1::/domainnames/f', { type: 'domain', apiArn: b })),
  ];

  it('counts as placing every result does, with APIs off the page, shared resources, no API and a region named *', () => {
    for (const given of [results, [...results].reverse()]) {
      for (const account of ['*', 'acc 1']) {
        const tally = new FailureTally();
        for (const r of given) tally.add(r, anchorOf, account);
        assert.equal(tally.toString(), slowTally(given, anchorOf, account));
      }
    }
  });

  it('keeps the accounts of an organisation apart when their results come interleaved', () => {
    const entries = (text: string) => text.split(' ').sort();
    for (const given of [results, [...results].reverse()]) {
      const tally = new FailureTally();
      for (const r of given) for (const account of ['A', 'B']) tally.add(r, anchorOf, account);
      assert.deepEqual(entries(tally.toString()), entries(`${slowTally(given, anchorOf, 'A')} ${slowTally(given, anchorOf, 'B')}`));
    }
  });

  it('gives the failing checks the distinct resources and APIs of each check, muted failures left out', () => {
    const all = [...results, result('y', ref(`${b}/stages/9`, { apiArn: b }), 'FAIL', 'high', { muted: MUTED }), result('y', ref(`${a}/stages/1`, { apiArn: a }), 'PASS')];
    const rows = checkViews(all, new Map(), anchorOf).failing;
    assert.deepEqual(
      rows.map((row) => [row.checkId, row.resources, row.apis, row.failures.length, row.tally.toString()]),
      [['x', new Set(results.map((r) => r.resource.arn)).size, new Set(results.flatMap((r) => apisOf(r.resource))).size, results.length, slowTally(results, anchorOf)]],
    );
  });
});

describe('the ranked table’s filter attributes', () => {
  it('name the gravest severity of each status an API has, muted results left out, for every API without a section', () => {
    const report = hostileReport();
    const page = renderHtml(report, { maxApiSections: 0 });
    const attributes = { FAIL: 'data-fail', ERROR: 'data-error', PASS: 'data-pass', NOT_APPLICABLE: 'data-na' } as const;
    for (const entry of report.apis) {
      const worst = new Map<Status, number>();
      for (const r of report.results) {
        let mine = false;
        eachApi(r.resource, (arn) => (mine ||= arn === entry.api.arn));
        if (!mine || r.muted !== undefined) continue;
        worst.set(r.status, Math.min(worst.get(r.status) ?? 9, SEVERITIES.indexOf(r.severity)));
      }
      const expected = [...worst.keys()].sort().map((status) => ` ${attributes[status]}="${SEVERITIES[worst.get(status)!]}"`).join('');
      assert.ok(page.includes(`${expected} data-arn="${entry.api.arn}"`), entry.api.arn);
    }
  });
});

describe('renderEvidence of a record frozen all through', () => {
  const deepFreeze = <T>(value: T): T => {
    if (typeof value === 'object' && value !== null) {
      Object.values(value).forEach(deepFreeze);
      Object.freeze(value);
    }
    return value;
  };
  const record = () => ({ webAclArn: 'arn:aws:wafv2:eu-west-1:123456789012:regional/webacl/a/b', methods: ['GET /', '<POST>'], nested: { deep: [{ a: 1 }] }, empty: [] });

  it('is shown once and the same text given again; a record that could change is shown afresh each time', () => {
    const frozen = deepFreeze(record());
    const first = renderEvidence(frozen);
    assert.equal(renderEvidence(frozen), first);
    assert.equal(String(first), String(renderEvidence(record())));
    // Frozen on top only: a nested list may still change, so the text is made again and follows it.
    const shallow = Object.freeze(record());
    const before = String(renderEvidence(shallow));
    shallow.nested.deep.push({ a: 2 });
    const after = String(renderEvidence(shallow));
    assert.notEqual(after, before);
    assert.equal(after, String(renderEvidence({ ...record(), nested: { deep: [{ a: 1 }, { a: 2 }] } })));
    assert.equal(renderEvidence(deepFreeze({})), false);
  });
});

describe('FailureTally of runs of one API’s results (session 16)', () => {
  const [a, b] = [api('a'), api('b')];
  const places = new Map([
    [a, { name: 'a', anchor: 'api-1', region: 'eu-west-1', type: 'rest-api' }],
    [b, { name: 'b', anchor: undefined, region: 'us-east-1', type: 'http-api' }],
  ]);
  const anchorOf: ApiAnchor = (arn) => places.get(arn);
  const stage = (arn: string, name: string, extra: Partial<ResourceRef> = {}) => ref(`${arn}/stages/${name}`, { apiArn: arn, ...extra });
  // Runs of one API, broken by a shared resource, an account-level result, another API and the same resource again.
  const results = [
    result('x', stage(a, '1')),
    result('x', stage(a, '2')),
    result('x', stage(a, '2'), 'FAIL', 'medium', { message: 'again' }),
    result('x', stage(a, '3', { linkedApiArns: [b] })),
    result('x', stage(a, '4')),
    result('x', ref(`arn:aws:iam::${ACCOUNT}:root`, { type: 'account', region: 'global' })),
    result('x', stage(a, '1')),
    result('x', stage(b, '1', { region: 'us-east-1' })),
    result('x', stage(b, '1', { region: 'us-east-1' })),
    result('x', stage(a, '5')),
    result('x', ref('arn:aws:lambda:eu-west-1:123456789012:function:f', { type: 'lambda-function', apiArn: a })),
    result('x', ref('arn:aws:lambda:eu-west-1:123456789012:function:f', { type: 'lambda-function', apiArn: b })),
  ];

  it('counts as placing every result does, in either order, for one account and for two interleaved', () => {
    const entries = (text: string) => text.split(' ').sort();
    for (const given of [results, [...results].reverse()]) {
      const tally = new FailureTally();
      for (const r of given) tally.add(r, anchorOf);
      assert.equal(tally.toString(), slowTally(given, anchorOf));
      const two = new FailureTally();
      for (const r of given) for (const account of ['A', 'B']) two.add(r, anchorOf, account);
      assert.deepEqual(entries(two.toString()), entries(`${slowTally(given, anchorOf, 'A')} ${slowTally(given, anchorOf, 'B')}`));
    }
  });

  it('does not take one page’s places for another’s', () => {
    const elsewhere = new Map([[a, { name: 'a', anchor: undefined, region: 'eu-west-2', type: 'rest-api' }]]);
    const other: ApiAnchor = (arn) => elsewhere.get(arn);
    const tally = new FailureTally();
    const [first, second] = [result('x', stage(a, '1')), result('x', stage(a, '2'))];
    tally.add(first, anchorOf);
    tally.add(second, other);
    const expected = new FailureTally();
    expected.add(first, anchorOf);
    expected.add(second, (arn) => other(arn));
    assert.equal(tally.toString(), expected.toString());
    assert.match(tally.toString(), /eu-west-2/);
  });
});

describe('the findings’ links and mappings made once (session 16)', () => {
  it('gives each resource the console link of its own ARN, and each check its own mapping line', async () => {
    const { consoleLink, renderMappings } = await import('../../src/report/html-findings.js');
    const { consoleUrl } = await import('../../src/report/console-links.js');
    const [one, two] = [ref(`${api('a')}/stages/prod`, { apiArn: api('a') }), ref(`${api('b')}/stages/prod`, { apiArn: api('b') })];
    for (const resource of [one, two, one, { ...two }]) {
      const link = consoleLink(resource);
      assert.ok(link);
      assert.ok(String(link).includes(consoleUrl(resource.arn)!.replace(/&/g, '&amp;')), resource.arn);
    }
    assert.notEqual(String(consoleLink(one)), String(consoleLink(two)));
    const checks = hostileReport().checks;
    const [first, second] = [checks[0]!, checks.find((check) => JSON.stringify(check.mappings) !== JSON.stringify(checks[0]!.mappings))!];
    for (const check of [first, second, first]) {
      const line = String(renderMappings(check));
      for (const framework of FRAMEWORKS) for (const id of mappedIds(check.mappings, framework)) assert.ok(line.includes(`>${id}<`) || line.includes(id), `${check.id} ${id}`);
    }
    assert.notEqual(String(renderMappings(first)), String(renderMappings(second)));
  });
});

describe('numbers in html templates (session 16)', () => {
  it('are written as their text, as escaping it would write them', async () => {
    const { html, escapeHtml } = await import('../../src/report/html-safe.js');
    for (const n of [0, -1.5, 1e21, 1e-7, NaN, Infinity, -Infinity, 2 ** 53]) assert.equal(String(html`<b>${n}</b>`), `<b>${escapeHtml(String(n))}</b>`);
  });
});

describe('the account-level results of sorted results (session 16)', () => {
  it('are those of no API, read from the front of the sorted results only', async () => {
    const { accountLevel } = await import('../../src/report/model.js');
    const { hasApi } = await import('../../src/engine/types.js');
    const results = sortResults([
      result('x', ref(`${api('a')}/stages/1`, { apiArn: api('a') })),
      result('x', ref(`arn:aws:iam::${ACCOUNT}:root`, { type: 'account', region: 'global' })),
      result('y', ref('arn:aws:cognito-idp:eu-west-1:1:userpool/p', { type: 'user-pool', linkedApiArns: [api('b')] })),
      result('y', ref('arn:aws:cognito-idp:eu-west-1:1:userpool/q', { type: 'user-pool', linkedApiArns: [] })),
      result('z', ref('arn:aws:apigateway:eu-west-1::/domainnames/d', { type: 'domain', apiArn: '' })),
      result('a', ref(`arn:aws:cloudtrail:eu-west-1:${ACCOUNT}:trail/t`, { type: 'account' }), 'PASS'),
      result('b', ref(`${api('b')}/stages/1`, { apiArn: api('b') })),
    ]);
    assert.deepEqual(accountLevel(results), results.filter((r) => !hasApi(r.resource)));
    assert.equal(accountLevel(results).length, 3);
  });
});

describe('checkViews (session 16)', () => {
  it('gives the failing checks and the check options that each gives alone, muted and ERROR results among them', async () => {
    const report = hostileReport();
    const a = api('a');
    const extra = [
      result('x', ref(`${a}/stages/1`, { apiArn: a }), 'ERROR', 'critical'),
      result('x', ref(`${a}/stages/2`, { apiArn: a }), 'FAIL', 'low'),
      result('y', ref(`${a}/stages/2`, { apiArn: a }), 'FAIL', 'critical', { muted: MUTED }),
      result('z', ref(`${a}/stages/2`, { apiArn: a }), 'ERROR', 'high', { muted: MUTED }),
    ];
    const checks = new Map(report.checks.map((check) => [check.id, check]));
    const anchorOf: ApiAnchor = () => undefined;
    // A check failing at two severities: its row takes the graver.
    const graver = [result('x', ref(`${a}/stages/3`, { apiArn: a }), 'FAIL', 'high')];
    for (const results of [report.results, [...report.results, ...extra], [...report.results, ...extra, ...graver]]) {
      const views = checkViews(results, checks, anchorOf);
      assert.deepEqual(views.options, plainCheckOptions(results, checks));
      const rows = (list: typeof views.failing) => list.map((row) => [row.checkId, row.severity, row.resources, row.apis, row.failures, row.tally.toString()]);
      assert.deepEqual(rows(views.failing), rows(plainFailingChecks(results, checks, anchorOf)));
    }
    const options = checkViews(extra, checks, anchorOf).options;
    assert.deepEqual(options.map((o) => [o.checkId, o.severity]), [['x', 'critical']]);
    assert.deepEqual(checkViews(extra, checks, anchorOf).failing.map((row) => [row.checkId, row.severity, row.failures.length]), [['x', 'low', 1]]);
  });
});

describe('the ranked table’s check filter attribute (session 16)', () => {
  it('names the checks each API does not pass, muted results left out', () => {
    const plain = hostileReport();
    const muted = { ...plain, results: plain.results.map((r) => (r.resource.apiArn?.endsWith('bbbbbbbbbb') === true && r.status !== 'PASS' ? { ...r, muted: MUTED } : r)) };
    assert.ok(muted.results.some((r) => r.muted !== undefined && r.status === 'FAIL'));
    for (const report of [plain, muted]) checkAttributes(report);
  });

  function checkAttributes(report: ReturnType<typeof hostileReport>): void {
    const page = renderHtml(report, { maxApiSections: 0 });
    for (const entry of report.apis) {
      const ids = new Set<string>();
      for (const r of report.results) {
        if (!apisOf(r.resource).includes(entry.api.arn) || r.muted !== undefined) continue;
        if (r.status === 'FAIL' || r.status === 'ERROR') ids.add(r.checkId);
      }
      const checks = [...ids].sort().join(' ');
      const row = new RegExp(`<tr data-row="[^"]*" data-region="[^"]*" data-type="[^"]*"${checks === '' ? '(?! data-checks)' : ` data-checks="${checks}"`}[^>]*data-arn="${entry.api.arn.replace(/[/.]/g, '\\$&')}"`);
      assert.match(page, row, entry.api.arn);
    }
  }
});
