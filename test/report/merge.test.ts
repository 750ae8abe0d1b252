import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { EXIT } from '../../src/exit-codes.js';
import { evaluateInventory, exitCodeFor } from '../../src/scan/evaluate.js';
import { allChecks } from '../../checks/index.js';
import { compareRisk, scoreAccount, scoreApis, subsumptionTable } from '../../src/engine/scoring.js';
import { InputError } from '../../src/errors.js';
import type { Inventory } from '../../src/inventory/schema.js';
import { renderOrganisationHtml } from '../../src/report/html-org.js';
import { mergeReports, organisationReportSchema, parseOrganisationReport, readReportToMerge, type MergeSource } from '../../src/report/merge.js';
import { LocalFolderSink } from '../../src/output/local.js';
import { writeOrganisationFiles } from '../../src/output/reports.js';
import { ORGANISATION_FILES } from '../../src/report/formats.js';
import type { Report } from '../../src/report/model.js';
import { restApi, stage, withRestApis } from '../fixtures/builders.js';
import { runChecks } from '../../src/engine/runner.js';
import { adminPolicyFailure, CHECKS, cleanInventory, hostileReport, reportFor, SCRIPT_NAME } from './fixture.js';

const DEMO_TEXT = readFileSync(new URL('../../examples/demo-inventory.json', import.meta.url), 'utf8');
const DEMO_ACCOUNT = (JSON.parse(DEMO_TEXT) as Inventory).account.id;
const A = '111111111111';
const B = '222222222222';
const OPTIONS = { generatedAt: '2026-11-02T08:00:00.000Z', toolVersion: '0.0.0-test' };

/** The demo account under another id (every ARN included), optionally with a hostile API name. */
function demoFor(account: string, hostileName?: string): Inventory {
  const inventory = JSON.parse(DEMO_TEXT.replaceAll(DEMO_ACCOUNT, account)) as Inventory;
  if (hostileName !== undefined) {
    const region = inventory.regions.find((r) => r.apigateway.restApis.ok && r.apigateway.restApis.value.length > 0)!;
    if (region.apigateway.restApis.ok) region.apigateway.restApis.value[0]!.name = hostileName;
  }
  return inventory;
}

function demoReport(account: string, generatedAt = '2026-11-01T12:00:00.000Z', hostileName?: string): Report {
  return evaluateInventory(demoFor(account, hostileName), {}, new Date(generatedAt));
}

/** The account score as the engine computes it from the account's own report. */
function expectedScore(report: Report): number | null {
  return scoreAccount(scoreApis(report.apis.map((a) => a.api), report.results, subsumptionTable(allChecks)), report.results).score;
}

/** A one-API account in good health, with or without an `Allow *:*` policy. */
function healthyAccount(account: string, adminPolicy: boolean): Report {
  const inv = withRestApis(restApi({ id: 'hhhhhhhhhh', name: 'healthy-api', stages: [stage({ tracingEnabled: true })] }));
  inv.account.id = account;
  const admin = { ...adminPolicyFailure(), resource: { ...adminPolicyFailure().resource, account } };
  return reportFor(inv, [...runChecks(CHECKS, inv), ...(adminPolicy ? [admin] : [])]);
}

describe('merging per-account reports into an organisation report', () => {
  const reportA = demoReport(A);
  const reportB = demoReport(B, '2026-11-01T12:05:00.000Z', SCRIPT_NAME);
  const sources: MergeSource[] = [
    { file: 'a/report.json', report: reportA },
    { file: 'b/report.json', report: reportB },
  ];
  const merged = mergeReports(sources, OPTIONS);

  it('validates against its own schema (version 1, kind organisation) and round-trips', () => {
    assert.equal(merged.schemaVersion, 1);
    assert.equal(merged.kind, 'organisation');
    organisationReportSchema.parse(merged);
    assert.deepEqual(parseOrganisationReport(JSON.parse(JSON.stringify(merged)), 'merged'), merged);
  });

  it('lists each account with its regions, completeness, APIs, score, grade distribution and critical count', () => {
    assert.deepEqual(merged.accounts.map((a) => a.account).sort(), [A, B]);
    for (const [account, report] of [
      [A, reportA],
      [B, reportB],
    ] as const) {
      const entry = merged.accounts.find((a) => a.account === account)!;
      assert.deepEqual(entry.regions, report.scan.regions);
      assert.equal(entry.complete, report.scan.complete);
      assert.equal(entry.apis, report.summary.apis);
      assert.deepEqual(entry.grades, report.summary.grades);
      assert.equal(entry.criticalFailures, report.summary.failuresBySeverity.critical);
      assert.equal(entry.score, expectedScore(report));
      assert.equal(entry.generatedAt, report.scan.generatedAt);
    }
    assert.equal(merged.totals.accounts, 2);
    assert.equal(merged.totals.apis, reportA.summary.apis + reportB.summary.apis);
    assert.equal(merged.totals.failuresBySeverity.critical, reportA.summary.failuresBySeverity.critical * 2);
    assert.equal(merged.complete, false, 'the demo has denied calls');
  });

  it('scores an account on its check verdicts: each check once per API, plus its account-level checks', () => {
    // hostileReport, one verdict per check per API (xray low 1, open critical 10):
    // orders-api PASS 1 + FAIL 10; <script> FAIL 1 (two stages, one verdict) + PASS 10;
    // <img> PASS 1 + PASS 10; payments: xray ERROR + PASS 10; the account-level ERRORs weigh nothing.
    const single = mergeReports([{ file: 'h.json', report: hostileReport() }], OPTIONS);
    const [entry] = single.accounts;
    assert.deepEqual(entry!.weights, { passed: 32, applicable: 43 });
    assert.equal(entry!.score, 74);
    assert.equal(entry!.grade, 'F', 'a critical API failure caps the account at F');
    assert.equal(entry!.risk, 'critical-failure');
    assert.equal(single.totals.score, 74);
  });

  it('an account-level critical failure (an Allow *:* policy) caps the account at F and ranks it first', () => {
    const result = mergeReports(
      [
        { file: 'clean.json', report: healthyAccount(A, false) },
        { file: 'admin.json', report: healthyAccount(B, true) },
      ],
      OPTIONS,
    );
    assert.deepEqual(
      result.accounts.map((a) => [a.account, a.grade, a.score, a.risk]),
      [
        // healthy-api passes both checks (11); the admin policy fails one account-level critical check (10).
        [B, 'F', 52, 'critical-failure'],
        [A, 'A', 100, 'other'],
      ],
    );
    assert.deepEqual(result.accounts[0]!.gradeCappedBy, { maxGrade: 'F', checkId: 'iam-api-wildcards', severity: 'critical', status: 'FAIL' });
    assert.equal(result.totals.grade, 'F');
  });

  it('grades and ranks each API exactly as its account report does', () => {
    for (const report of [reportA, reportB]) {
      const own = report.apis.map((a) => [a.api.arn, a.grade, a.score, a.risk]);
      const inMerge = merged.apis.filter((a) => a.account === report.scan.account).map((a) => [a.api.arn, a.grade, a.score, a.risk]);
      assert.deepEqual(inMerge, own);
    }
  });

  it('ranks every API of every account riskiest first, each with its account', () => {
    assert.equal(merged.apis.length, merged.totals.apis);
    for (let i = 1; i < merged.apis.length; i += 1) {
      const [prev, next] = [merged.apis[i - 1]!, merged.apis[i]!];
      assert.ok(
        compareRisk(prev, next) <= 0,
        `${prev.api.name} (${prev.risk} ${prev.grade} ${prev.score}) before ${next.api.name} (${next.risk} ${next.grade} ${next.score})`,
      );
    }
    for (const api of merged.apis) assert.equal(api.account, api.api.account);
    assert.ok(merged.apis.some((api) => api.account === B && api.api.name === SCRIPT_NAME));
  });

  it('keeps the newest report of an account given twice, and says so', () => {
    const older = { file: 'old/report.json', report: demoReport(A, '2026-10-01T00:00:00.000Z') };
    const result = mergeReports([sources[0]!, older, sources[1]!], OPTIONS);
    assert.equal(result.accounts.length, 2);
    assert.equal(result.accounts.find((a) => a.account === A)!.source, 'a/report.json');
    assert.deepEqual(
      result.sources.map((s) => [s.file, s.used, s.supersededBy]),
      [
        ['a/report.json', true, undefined],
        ['old/report.json', false, 'a/report.json'],
        ['b/report.json', true, undefined],
      ],
    );
    assert.equal(result.notes.length, 1);
    assert.match(result.notes[0]!, /account 111111111111 is in 2 reports: kept the newest, a\/report\.json .*ignored old\/report\.json/);
    const newerLast = mergeReports([older, sources[0]!], OPTIONS);
    assert.equal(newerLast.accounts[0]!.source, 'a/report.json', 'order does not matter, the date does');
  });

  it('a report dated after the merge never shadows a real, later scan of the same account', () => {
    const future = { file: 'future/report.json', report: demoReport(A, '2099-01-01T00:00:00.000Z') };
    const result = mergeReports([future, sources[0]!, sources[1]!], OPTIONS);
    assert.equal(result.accounts.find((a) => a.account === A)!.source, 'a/report.json');
    assert.equal(result.sources.find((s) => s.file === 'future/report.json')!.supersededBy, 'a/report.json');
    assert.ok(result.notes.some((n) => /future\/report\.json \(account 111111111111\) is dated 2099-01-01T00:00:00\.000Z, after this merge/.test(n)), result.notes.join('\n'));
    // Alone, it is still merged (and said to be future-dated): nothing is lost.
    const alone = mergeReports([future], OPTIONS);
    assert.equal(alone.accounts[0]!.source, 'future/report.json');
    // A few minutes of clock skew is not "the future".
    const skewed = { file: 'skew/report.json', report: demoReport(A, '2026-11-02T08:03:00.000Z') };
    assert.equal(mergeReports([sources[0]!, skewed], OPTIONS).accounts[0]!.source, 'skew/report.json');
  });

  it('re-derives completeness: a report that claims complete but holds ERROR results is incomplete', () => {
    const clean = reportFor(cleanInventory());
    assert.equal(clean.scan.complete, true);
    assert.equal(mergeReports([{ file: 'clean.json', report: clean }], OPTIONS).complete, true);
    const error = { ...clean.results[0]!, status: 'ERROR' as const, error: { kind: 'check-error' as const, message: 'boom' } };
    const lying: Report = { ...clean, results: [error, ...clean.results.slice(1)] };
    const result = mergeReports([{ file: 'lying.json', report: lying }], OPTIONS);
    assert.equal(result.complete, false);
    assert.equal(result.accounts[0]!.complete, false);
    assert.equal(result.sources[0]!.complete, false);
    assert.equal(result.totals.completeAccounts, 0);
    assert.ok(result.notes.some((n) => /lying\.json .* says its scan is complete but holds 1 ERROR result and 0 collection errors/.test(n)), result.notes.join('\n'));
    assert.equal(exitCodeFor(lying, 'none'), EXIT.INCOMPLETE, 'the exit code follows the results too');
    const gap = { service: 'apigateway', operation: 'GetStages', region: 'eu-west-1', code: 'AccessDenied', message: 'no' };
    const hiddenGap: Report = { ...clean, collectionErrors: [gap as Report['collectionErrors'][number]] };
    assert.equal(mergeReports([{ file: 'gap.json', report: hiddenGap }], OPTIONS).complete, false);
  });

  it('renders a self-contained page where data never becomes markup', () => {
    const page = renderOrganisationHtml(merged);
    assert.equal(page.match(/<script\b/gi)?.length, 1, 'only the page’s own script');
    assert.ok(!page.includes(SCRIPT_NAME), 'the hostile name is escaped');
    assert.ok(page.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));
    assert.match(page, /<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;/);
    assert.doesNotMatch(page, /\b(?:src|href)="(?:https?:)?\/\//, 'fetches nothing');
    for (const account of [A, B]) assert.ok(page.includes(`id="account-${account}"`));
    assert.match(page, /How scores are computed/);
    assert.ok(page.includes('An account is scored like an API'), 'the account formula in one sentence');
  });

  it('escapes hostile file names and notes too', () => {
    const evil = '"><script>alert(2)</script>.json';
    const result = mergeReports([{ file: evil, report: reportA }, { file: 'x.json', report: demoReport(A, '2026-09-01T00:00:00.000Z') }], OPTIONS);
    const page = renderOrganisationHtml(result);
    assert.equal(page.match(/<script\b/gi)?.length, 1);
  });

  it('writes organisation-report.json and .html, owner-only', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'apiposture-merge-'));
    const { written } = await writeOrganisationFiles(new LocalFolderSink(dir), merged, ['json', 'html']);
    assert.deepEqual(written, [join(dir, ORGANISATION_FILES.json), join(dir, ORGANISATION_FILES.html)]);
    for (const path of written) assert.equal(statSync(path).mode & 0o777, 0o600);
    organisationReportSchema.parse(JSON.parse(readFileSync(written[0]!, 'utf8')));
  });
});

describe('reading the reports to merge', () => {
  const dir = mkdtempSync(join(tmpdir(), 'apiposture-merge-in-'));
  const good = JSON.stringify(reportFor(cleanInventory()));
  const write = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };

  it('reads a valid report', async () => {
    const source = await readReportToMerge(write('good.json', good));
    assert.equal(source.report.scan.account, '123456789012');
  });

  it('refuses bad files with one line each', async () => {
    const wrongVersion = JSON.parse(good) as Record<string, unknown>;
    wrongVersion.schemaVersion = 99;
    const wrongTypes = JSON.parse(good) as { scan: Record<string, unknown> };
    wrongTypes.scan.regions = 'eu-west-1';
    const organisation = mergeReports([{ file: 'g.json', report: reportFor(cleanInventory()) }], OPTIONS);
    const cases: [string, string, RegExp][] = [
      ['version.json', JSON.stringify(wrongVersion), /has report schema version 99; this apiposture reads version 3/],
      ['truncated.json', good.slice(0, good.length / 2), /is not valid JSON/],
      ['types.json', JSON.stringify(wrongTypes), /is not a valid apiposture report: scan\.regions/],
      ['inventory.json', DEMO_TEXT, /is not a valid apiposture report|report schema version/],
      ['array.json', '[]', /is not an apiposture report \(expected a JSON object\)/],
      ['org.json', JSON.stringify(organisation), /is an organisation report; merge takes the per-account report\.json files/],
    ];
    for (const [name, text, message] of cases) {
      await assert.rejects(readReportToMerge(write(name, text)), (error: unknown) => {
        assert.ok(error instanceof InputError, name);
        assert.match(error.message, message, name);
        assert.ok(!error.message.includes('\n'), `${name}: one line`);
        return true;
      });
    }
    await assert.rejects(readReportToMerge(join(dir, 'missing.json')), /cannot read report .*: no such file/);
  });
});
