import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { parseCompliance } from '../../src/cli/output-options.js';
import { InputError } from '../../src/errors.js';
import type { Inventory } from '../../src/inventory/schema.js';
import type { Mappings } from '../../src/model/frameworks/index.js';
import type { Status } from '../../src/model/results.js';
import securityHub from '../../src/model/frameworks/security-hub.js';
import {
  focusedFramework,
  rollUpCompliance,
  withComplianceFocus,
  type Compliance,
  type RequirementRollUp,
  type RollUpResult,
} from '../../src/report/compliance.js';
import { renderComplianceTable } from '../../src/report/compliance-text.js';
import { renderCompliance } from '../../src/report/html-compliance.js';
import { renderOrganisationHtml } from '../../src/report/html-org.js';
import { renderHtml } from '../../src/report/html.js';
import { mergeReports, parseOrganisationReport } from '../../src/report/merge.js';
import { parseReport, REPORT_SCHEMA_VERSION, type Report } from '../../src/report/model.js';
import { renderSummaryTable } from '../../src/report/summary.js';
import { evaluateInventory } from '../../src/scan/evaluate.js';
import { cleanInventory, hostileReport, reportFor, SCRIPT_NAME } from './fixture.js';

const result = (checkId: string, arn: string, status: Status, extra: object = {}): RollUpResult => ({
  checkId,
  status,
  resource: { arn, account: '111111111111' },
  ...extra,
});
const check = (id: string, mappings: Mappings) => ({ id, mappings });
const MUTED = { muted: { reason: 'accepted until the migration', owner: 'team-a' } };

/** OWASP API2 (Broken Authentication) as rolled up from these results and checks. */
function api2(results: readonly RollUpResult[], checks = [check('c1', { owaspApi2023: ['API2'] }), check('c2', { owaspApi2023: ['API2'] })]): RequirementRollUp {
  const owasp = rollUpCompliance(results, checks).frameworks.find((f) => f.id === 'owaspApi2023')!;
  return owasp.requirements.find((r) => r.id === 'API2')!;
}

describe('compliance roll-up: counting', () => {
  it('counts resources, not results: one resource failing two checks of a requirement is one failing resource', () => {
    const rolled = api2([result('c1', 'r1', 'FAIL'), result('c2', 'r1', 'FAIL'), result('c1', 'r2', 'PASS'), result('c2', 'r2', 'NOT_APPLICABLE')]);
    assert.deepEqual(rolled.resources, { failing: 1, notEvaluated: 0, muted: 0, passing: 1, notApplicable: 0 });
    assert.equal(rolled.status, 'FAIL');
    assert.deepEqual(rolled.checks, ['c1', 'c2']);
    assert.equal(rolled.title, 'Broken Authentication');
  });

  it('a resource counts under its worst result: a failure on one check beats a pass on another', () => {
    const rolled = api2([result('c1', 'r1', 'PASS'), result('c2', 'r1', 'FAIL')]);
    assert.deepEqual(rolled.resources, { failing: 1, notEvaluated: 0, muted: 0, passing: 0, notApplicable: 0 });
  });

  it('ERROR and no failure: unknown, never passes', () => {
    const rolled = api2([result('c1', 'r1', 'PASS'), result('c2', 'r1', 'ERROR'), result('c1', 'r2', 'PASS')]);
    assert.deepEqual(rolled.resources, { failing: 0, notEvaluated: 1, muted: 0, passing: 1, notApplicable: 0 });
    assert.equal(rolled.status, 'UNKNOWN');
  });

  it('ERROR with a failure elsewhere: fails', () => {
    assert.equal(api2([result('c1', 'r1', 'ERROR'), result('c2', 'r2', 'FAIL')]).status, 'FAIL');
  });

  it('a muted failure counts as muted, not failing, and does not fail the requirement', () => {
    const rolled = api2([result('c1', 'r1', 'FAIL', MUTED), result('c1', 'r2', 'PASS')]);
    assert.deepEqual(rolled.resources, { failing: 0, notEvaluated: 0, muted: 1, passing: 1, notApplicable: 0 });
    assert.equal(rolled.status, 'PASS');
  });

  it('a muted failure does not hide an unmuted one on the same resource, nor an ERROR', () => {
    assert.deepEqual(api2([result('c1', 'r1', 'FAIL', MUTED), result('c2', 'r1', 'FAIL')]).resources.failing, 1);
    const unevaluated = api2([result('c1', 'r1', 'FAIL', MUTED), result('c2', 'r1', 'ERROR')]);
    assert.equal(unevaluated.resources.notEvaluated, 1);
    assert.equal(unevaluated.status, 'UNKNOWN');
  });

  it('reads `muted` defensively: absent or null is not muted', () => {
    assert.equal(api2([result('c1', 'r1', 'FAIL', { muted: null })]).resources.failing, 1);
    assert.equal(api2([result('c1', 'r1', 'FAIL')]).resources.failing, 1);
  });

  it('nothing applied: not applicable; a requirement no check maps to lists no check', () => {
    const onlyNa = api2([result('c1', 'r1', 'NOT_APPLICABLE'), result('c2', 'r2', 'NOT_APPLICABLE')]);
    assert.equal(onlyNa.status, 'NOT_APPLICABLE');
    assert.equal(onlyNa.resources.notApplicable, 2);
    assert.equal(api2([]).status, 'NOT_APPLICABLE');
    const owasp = rollUpCompliance([], [check('c1', { owaspApi2023: ['API2'] })]).frameworks.find((f) => f.id === 'owaspApi2023')!;
    const api6 = owasp.requirements.find((r) => r.id === 'API6')!;
    assert.deepEqual(api6.checks, []);
    assert.equal(api6.status, 'NOT_APPLICABLE');
    assert.equal(owasp.summary.NOT_APPLICABLE, 10);
  });

  it('results of checks that map elsewhere do not count; every framework is listed, in table order', () => {
    const compliance = rollUpCompliance([result('c1', 'r1', 'FAIL')], [check('c1', { securityHub: ['APIGateway.1'] })]);
    assert.deepEqual(
      compliance.frameworks.map((f) => f.id),
      ['securityHub', 'awsConfig', 'owaspApi2023', 'nist80053r5'],
    );
    assert.equal(compliance.frameworks.find((f) => f.id === 'owaspApi2023')!.summary.FAIL, 0);
    assert.equal(compliance.frameworks[0]!.summary.FAIL, 1);
  });

  it('a check given twice (reports of two versions) maps to the union of its mappings', () => {
    const rolled = api2([result('c1', 'r1', 'FAIL')], [check('c1', { owaspApi2023: ['API8'] }), check('c1', { owaspApi2023: ['API2'] })]);
    assert.deepEqual(rolled.checks, ['c1']);
    assert.equal(rolled.status, 'FAIL');
  });
});

describe('compliance roll-up: in the JSON report', () => {
  it('buildReport carries it, and it survives a JSON round trip through the schema', () => {
    const report = reportFor(cleanInventory());
    assert.ok(report.compliance, 'the report carries a roll-up');
    assert.equal(report.schemaVersion, REPORT_SCHEMA_VERSION);
    const xray = report.compliance.frameworks[0]!.requirements.find((r) => r.id === 'APIGateway.3')!;
    assert.deepEqual(xray.checks, ['rest-stage-xray-tracing']);
    assert.equal(xray.status, 'PASS');
    const parsed = parseReport(JSON.parse(JSON.stringify(report)), 'report.json');
    assert.deepEqual(parsed.compliance, report.compliance);
  });

  it('a report written before the roll-up existed still parses', () => {
    const { compliance: _, ...older } = reportFor(cleanInventory());
    assert.equal(parseReport(JSON.parse(JSON.stringify(older)), 'old.json').compliance, undefined);
  });

  it('the focus lists the framework first and is kept in the JSON', () => {
    const focused = withComplianceFocus(reportFor(cleanInventory()), 'nist80053r5');
    assert.equal(focused.compliance?.focus, 'nist80053r5');
    assert.equal(focused.compliance?.frameworks[0]!.id, 'nist80053r5');
    assert.equal(focused.compliance?.frameworks.length, 4);
    assert.deepEqual(parseReport(JSON.parse(JSON.stringify(focused)), 'r.json').compliance, focused.compliance);
    assert.equal(focusedFramework(focused.compliance)?.id, 'nist80053r5');
    assert.equal(focusedFramework(reportFor(cleanInventory()).compliance), undefined);
  });
});

describe('compliance roll-up: the organisation report', () => {
  const DEMO_TEXT = readFileSync(new URL('../../examples/demo-inventory.json', import.meta.url), 'utf8');
  const account = (JSON.parse(DEMO_TEXT) as Inventory).account.id;
  const demoFor = (id: string, at: string): Report =>
    evaluateInventory(JSON.parse(DEMO_TEXT.replaceAll(account, id)) as Inventory, {}, new Date(at));
  const a = demoFor('111111111111', '2026-11-01T12:00:00.000Z');
  const b = demoFor('222222222222', '2026-11-01T12:00:00.000Z');
  const merged = mergeReports(
    [
      { file: 'a.json', report: a },
      { file: 'b.json', report: b },
    ],
    { generatedAt: '2026-11-02T08:00:00.000Z', toolVersion: '0.0.0-test' },
  );

  it('is recomputed from every used account’s results: resources add up, statuses are not summed', () => {
    assert.deepEqual(merged.compliance, rollUpCompliance([...a.results, ...b.results], [...a.checks, ...b.checks]));
    for (const [i, framework] of merged.compliance!.frameworks.entries()) {
      for (const [j, requirement] of framework.requirements.entries()) {
        const single = a.compliance!.frameworks[i]!.requirements[j]!;
        assert.equal(requirement.status, single.status, `${framework.id} ${requirement.id}`);
        assert.equal(requirement.resources.failing, 2 * single.resources.failing);
        assert.equal(requirement.resources.passing, 2 * single.resources.passing);
      }
    }
  });

  it('one failing account makes the merged requirement fail, although the other passes; an ARN without an account id (API Gateway) is one resource per account', () => {
    const passing = reportFor(cleanInventory());
    const failingResults = passing.results.map((r) =>
      r.checkId === 'rest-stage-xray-tracing' ? { ...r, status: 'FAIL' as const, resource: { ...r.resource, account: '222222222222' } } : r,
    );
    const failing = { ...reportFor(cleanInventory(), failingResults), scan: { ...passing.scan, account: '222222222222' } };
    const org = mergeReports(
      [
        { file: 'a.json', report: passing },
        { file: 'b.json', report: failing },
      ],
      { generatedAt: '2026-11-02T08:00:00.000Z', toolVersion: '0.0.0-test' },
    );
    const xray = org.compliance!.frameworks[0]!.requirements.find((r) => r.id === 'APIGateway.3')!;
    assert.equal(xray.status, 'FAIL');
    assert.deepEqual(xray.resources, { failing: 1, notEvaluated: 0, muted: 0, passing: 1, notApplicable: 0 });
  });

  it('survives a JSON round trip through the organisation schema', () => {
    assert.deepEqual(parseOrganisationReport(JSON.parse(JSON.stringify(merged)), 'org.json').compliance, merged.compliance);
  });

  it('its HTML has the section, without links to findings it does not hold', () => {
    const page = renderOrganisationHtml(withComplianceFocus(merged, 'awsConfig'));
    assert.match(page, /<section id="compliance">/);
    assert.match(page, /<details class="compliance" id="compliance-awsConfig" open>/);
    assert.doesNotMatch(page, /href="#check-/);
  });
});

describe('compliance roll-up: HTML', () => {
  it('the account report has a section per framework, each check linked to its entry in the page', () => {
    const page = renderHtml(hostileReport());
    assert.match(page, /<section id="compliance"><h2>Compliance by framework<\/h2>/);
    for (const id of ['securityHub', 'awsConfig', 'owaspApi2023', 'nist80053r5']) assert.match(page, new RegExp(`id="compliance-${id}"`));
    assert.match(page, /<a href="#check-rest-stage-xray-tracing"><code>rest-stage-xray-tracing<\/code><\/a>/);
    assert.match(page, /<article id="check-rest-stage-xray-tracing">/, 'the link has a target');
    assert.match(page, /<tr><td><code>APIGateway\.3<\/code><div class="muted">REST API stages should have AWS X-Ray tracing enabled<\/div><\/td>/);
    assert.doesNotMatch(page, /compliance-[a-zA-Z0-9]+" open>/, 'collapsed without --compliance');
  });

  it('--compliance puts that framework first and open', () => {
    const page = renderHtml(withComplianceFocus(hostileReport(), 'nist80053r5'));
    const first = page.indexOf('<details class="compliance"');
    assert.equal(page.indexOf('id="compliance-nist80053r5" open>'), page.indexOf('id="compliance-', first));
    assert.ok(page.indexOf('id="compliance-nist80053r5"') < page.indexOf('id="compliance-securityHub"'));
  });

  it('hostile ids and titles show as text', () => {
    const compliance: Compliance = {
      focus: 'owaspApi2023',
      frameworks: [
        {
          id: 'owaspApi2023',
          title: `OWASP ${SCRIPT_NAME}`,
          summary: { FAIL: 1, UNKNOWN: 0, PASS: 0, NOT_APPLICABLE: 0 },
          requirements: [
            {
              id: `"><img src=x onerror=alert(1)>`,
              title: SCRIPT_NAME,
              status: 'FAIL',
              checks: [`x" onmouseover="alert(1)`, SCRIPT_NAME],
              resources: { failing: 1, notEvaluated: 0, muted: 0, passing: 0, notApplicable: 0 },
            },
          ],
        },
      ],
    };
    const markup = String(renderCompliance(compliance, { linkChecks: true }));
    assert.doesNotMatch(markup, /<script>|<img|onmouseover="/);
    assert.match(markup, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
    assert.match(markup, /href="#check-x&quot; onmouseover=&quot;alert\(1\)"/);
  });

  it('a report without a roll-up renders no section', () => {
    assert.equal(renderCompliance(undefined, { linkChecks: true }), false);
    const { compliance: _, ...older } = hostileReport();
    assert.doesNotMatch(renderHtml(older), /id="compliance"/);
  });
});

describe('compliance roll-up: stdout', () => {
  it('the summary ends with the focused framework’s table, and only with --compliance', () => {
    const report = reportFor(cleanInventory());
    assert.doesNotMatch(renderSummaryTable(report, { color: false }), /Compliance:/);
    const text = renderSummaryTable(withComplianceFocus(report, 'securityHub'), { color: false });
    const tail = text.slice(text.indexOf('Scan complete'));
    // Every Security Hub control but APIGateway.3 has no result on the clean inventory.
    const notApplicable = securityHub.requirements.length - 1;
    assert.match(tail, new RegExp(`Compliance: Security Hub \\(securityHub\\): 0 requirements fail, 0 unknown, 1 pass, ${notApplicable} not applicable$`, 'm'));
    assert.match(tail, /^PASS\s+APIGateway\.3\s+0\s+0\s+0\s+1\s+0\s+REST API stages should have AWS X-Ray tracing enabled\s+rest-stage-xray-tracing$/m);
    assert.match(tail, /^N\/A\s+APIGateway\.1\s+0\s+0\s+0\s+0\s+0\s+.*no check$/m);
  });

  it('the table keeps hostile text on one line', () => {
    const table = renderComplianceTable({
      id: 'owaspApi2023',
      title: 'OWASP',
      summary: { FAIL: 1, UNKNOWN: 0, PASS: 0, NOT_APPLICABLE: 0 },
      requirements: [
        { id: 'API1', title: 'line\nbreak\u202E', status: 'FAIL', checks: ['c\r1'], resources: { failing: 1, notEvaluated: 0, muted: 0, passing: 0, notApplicable: 0 } },
      ],
    });
    assert.equal(table.split('\n').length, 4);
    assert.match(table, /line\\u000Abreak\\u202E/);
  });
});

describe('--compliance values', () => {
  it('takes a framework id, in any case', () => {
    assert.equal(parseCompliance(undefined), undefined);
    assert.equal(parseCompliance('nist80053r5'), 'nist80053r5');
    assert.equal(parseCompliance('SecurityHub'), 'securityHub');
  });

  it('an unknown id is a usage error listing the known ids', () => {
    assert.throws(
      () => parseCompliance('pci'),
      (error: unknown) =>
        error instanceof InputError && /unknown framework 'pci'; known: securityHub, awsConfig, owaspApi2023, nist80053r5$/.test(error.message),
    );
  });
});
