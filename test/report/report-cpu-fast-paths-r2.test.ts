/**
 * The report's shortcuts of session 16, round 2, give what the plain ways give. No timing: each
 * is held to its slow way on the edges that make it subtle.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { apisOf, type ResourceRef, type Severity, type Status } from '../../src/engine/types.js';
import { checkViews } from '../../src/report/html-checks.js';
import { plainCheckOptions } from './check-views-reference.js';
import { renderHtml } from '../../src/report/html.js';
import type { ReportResult } from '../../src/report/model.js';
import { findingId } from '../../src/model/finding-id.js';
import { hostileReport } from './fixture.js';
import { fillCommand, placeholderValues, shellQuote } from '../../src/report/remediation.js';
import { parseArn } from '../../src/report/console-links.js';
import { allChecks } from '../../checks/index.js';

/** `fillCommand` as it read every template afresh, character by character (before session 16). */
function fillCommandSlow(template: string, ref: ResourceRef): string {
  const values = placeholderValues(ref);
  const partition = parseArn(ref.arn)?.partition;
  const own = partition !== undefined && /^aws(-[a-z]+)*$/.test(partition) ? partition : undefined;
  const source = own !== undefined && own !== 'aws' ? template.replace(/\barn:aws:/g, `arn:${own}:`) : template;
  const placeholder = /<([A-Za-z][A-Za-z0-9-]*)>/y;
  const inert = /^[A-Za-z0-9_.,:/@%+=-]+$/;
  let out = '';
  let quote: "'" | '"' | undefined;
  for (let i = 0; i < source.length; ) {
    const char = source[i]!;
    placeholder.lastIndex = i;
    const match = char === '<' ? placeholder.exec(source) : null;
    const value = match ? values[match[1]!] : undefined;
    if (match && value !== undefined) {
      out += inert.test(value) ? value : quote === undefined ? shellQuote(value) : `${quote}${shellQuote(value)}${quote}`;
      i += match[0].length;
      continue;
    }
    if (char === '\\' && quote !== "'" && i + 1 < source.length) {
      out += source.slice(i, i + 2);
      i += 2;
      continue;
    }
    if ((char === "'" || char === '"') && (quote === undefined || quote === char)) quote = quote === undefined ? char : undefined;
    out += char;
    i += 1;
  }
  return out;
}

const stage = (name: string, partition = 'aws', region = 'eu-west-1'): ResourceRef => {
  const apiArn = `arn:${partition}:apigateway:${region}::/restapis/abc123`;
  return { arn: `${apiArn}/stages/${name}`, type: 'rest-stage', name: `orders api/${name}`, account: '123456789012', region, apiArn };
};

const REFS: ResourceRef[] = [
  stage('prod'),
  stage("it's $(x); y"),
  stage('prod', 'aws-cn', 'cn-north-1'),
  stage('dev', 'aws-us-gov', 'us-gov-west-1'),
  { arn: 'arn:aws:lambda:eu-west-1:123456789012:function:auth', type: 'lambda-function', name: 'auth', account: '123456789012', region: 'eu-west-1', apiArn: 'arn:aws:apigateway:eu-west-1::/restapis/abc123' },
  // A shared function of two APIs: no api-id.
  {
    arn: 'arn:aws:lambda:eu-west-1:123456789012:function:shared',
    type: 'lambda-function',
    name: 'shared',
    account: '123456789012',
    region: 'eu-west-1',
    apiArn: 'arn:aws:apigateway:eu-west-1::/restapis/a',
    linkedApiArns: ['arn:aws:apigateway:eu-west-1::/restapis/a', 'arn:aws:apigateway:eu-west-1::/restapis/b'],
  },
  { arn: 'arn:aws:apigateway:eu-west-1::/domainnames/api.example.com', type: 'domain', name: 'api.example.com', account: 'unknown', region: 'global' },
  { arn: 'not an arn', type: 'account', name: 'x', account: '', region: '' },
];

const TEMPLATES = [
  'aws apigateway get-stage --rest-api-id <api-id> --stage-name <stage> --region <region>',
  `aws apigateway update-stage --rest-api-id <api-id> --stage-name <stage> --patch-operations 'op=replace,path=/<stage>/x,value=<api-name>'`,
  'echo "<stage> in <api> of <account-id>" \\<stage> \\"<stage>" <unknown-one> <1bad> <stage',
  `echo '<stage>'"<stage>"'a"b'<stage> --arn arn:aws:apigateway:<region>::/restapis/<api-id> xarn:aws:`,
  'trailing backslash \\',
  'aws lambda get-function --function-name <function-name> --domain <domain>',
  '<stage><stage><api-id>',
  '',
];

describe('fillCommand of a template cut once and a resource read once', () => {
  it('writes what reading the template afresh writes: quotes, escapes, unfilled placeholders, other partitions', () => {
    for (let round = 0; round < 2; round++) {
      for (const template of [...TEMPLATES, ...allChecks.flatMap((check) => check.remediation.cli ?? [])]) {
        for (const ref of REFS) assert.equal(fillCommand(template, ref), fillCommandSlow(template, ref), `${template} / ${ref.arn}`);
      }
    }
  });

  it('fills each resource with its own values, though resources of equal ARNs come in turn', () => {
    const template = 'aws apigateway get-stage --rest-api-id <api-id> --stage-name <stage> --name <api-name>';
    const a = stage('prod');
    const b = { ...stage('prod'), name: 'other/prod' };
    for (const ref of [a, b, a, b]) assert.equal(fillCommand(template, ref), fillCommandSlow(template, ref));
  });
});

const ACCOUNT = '123456789012';
const MUTED = { rule: 'r', reason: 'accepted', owner: 'o' } as const;

function failing(checkId: string, resource: ResourceRef, status: Status, severity: Severity, muted = false): ReportResult {
  return { id: findingId(checkId, resource.arn), checkId, status, severity, resource, messageId: status, message: 'm', evidence: {}, ...(muted ? { muted: MUTED } : {}) };
}

/** Per API, runs of one check whose statuses, severities and mutes change within the run. */
function runsOf(apiArn: string): ReportResult[] {
  const at = (n: number): ResourceRef => ({ arn: `${apiArn}/stages/s${n}`, type: 'rest-stage', name: `s${n}`, account: ACCOUNT, region: 'eu-west-1', apiArn });
  return [
    failing('c1', at(1), 'PASS', 'high'),
    failing('c1', at(2), 'FAIL', 'low'),
    failing('c1', at(3), 'FAIL', 'critical'),
    failing('c2', at(1), 'FAIL', 'high', true),
    failing('c2', at(2), 'NOT_APPLICABLE', 'low'),
    failing('c2', at(3), 'ERROR', 'medium'),
    failing('c3', at(1), 'FAIL', 'critical', true),
    failing('c3', at(2), 'PASS', 'low'),
    failing('c1', at(4), 'ERROR', 'critical'),
    failing('c4', at(1), 'ERROR', 'info'),
    failing('c4', at(2), 'FAIL', 'high'),
  ];
}

describe('the ranked table’s check filter and the check options, read with the last check kept', () => {
  const report = hostileReport();
  const withRuns = { ...report, results: [...report.results, ...report.apis.flatMap((entry, i) => (i % 2 === 0 ? runsOf(entry.api.arn) : []))] };

  it('give the options of each check alone, a graver result later in a run or after another check taking its place', () => {
    const checks = new Map(withRuns.checks.map((check) => [check.id, check]));
    const results = [...withRuns.results, ...runsOf(`arn:aws:apigateway:eu-west-1::/restapis/zzz`).reverse()];
    const options = checkViews(results, checks, () => undefined).options;
    assert.deepEqual(options, plainCheckOptions(results, checks));
    assert.ok(options.some((o) => o.checkId === 'c1' && o.severity === 'critical'));
    assert.ok(options.some((o) => o.checkId === 'c4' && o.severity === 'high'));
  });

  it('names the checks each API does not pass, where a run of one check starts with a result that passes or is muted', () => {
    const page = renderHtml(withRuns, { maxApiSections: 0 });
    for (const entry of withRuns.apis) {
      const ids = new Set<string>();
      for (const r of withRuns.results) {
        if (!apisOf(r.resource).includes(entry.api.arn) || r.muted !== undefined) continue;
        if (r.status === 'FAIL' || r.status === 'ERROR') ids.add(r.checkId);
      }
      const checks = [...ids].sort().join(' ');
      const row = new RegExp(`<tr data-row="[^"]*" data-region="[^"]*" data-type="[^"]*"${checks === '' ? '(?! data-checks)' : ` data-checks="${checks}"`}[^>]*data-arn="${entry.api.arn.replace(/[/.]/g, '\\$&')}"`);
      assert.match(page, row, entry.api.arn);
    }
    assert.match(page, / data-checks="c1 c2 c4 /);
  });
});
