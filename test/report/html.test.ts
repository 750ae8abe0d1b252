import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import { FRAMEWORKS, mappedIds } from '../../src/model/frameworks/index.js';
import { consoleUrl } from '../../src/report/console-links.js';
import { escapeHtml } from '../../src/report/html-safe.js';
import { requirementUrl } from '../../src/report/mapping-links.js';
import { renderHtml } from '../../src/report/html.js';
import { scoringModel, type Report } from '../../src/report/model.js';
import { allChecks } from '../../checks/index.js';
import { subsumptionTable } from '../../src/engine/scoring.js';
import { runChecks } from '../../src/engine/runner.js';
import { adminPolicyFailure, BIDI_NAME, CHECKS, cleanInventory, HOSTILE_DOCS, hostileReport, IMG_NAME, reportFor, SCRIPT_NAME } from './fixture.js';

const page = renderHtml(hostileReport());

function decodeAttribute(value: string): string {
  return value.replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/** Every start tag in the page. Data is escaped, so each `<` in the output opens real markup. */
function tags(html: string): string[] {
  return html.match(/<[a-zA-Z][^>]*>/g) ?? [];
}

function attributeValues(html: string, name: string): string[] {
  return tags(html).flatMap((tag) => [...tag.matchAll(new RegExp(`\\s${name}="([^"]*)"`, 'g'))].map((m) => decodeAttribute(m[1]!)));
}

function sha256(content: string): string {
  return `'sha256-${createHash('sha256').update(content, 'utf8').digest('base64')}'`;
}

function between(html: string, open: string, close: string): string[] {
  const parts: string[] = [];
  let from = 0;
  for (;;) {
    const start = html.indexOf(open, from);
    if (start === -1) return parts;
    const end = html.indexOf(close, start);
    if (end === -1) return parts;
    parts.push(html.slice(start + open.length, end));
    from = end + close.length;
  }
}

describe('renderHtml: hostile data', () => {
  it('renders hostile API names as text', () => {
    assert.ok(!page.includes(SCRIPT_NAME), 'raw <script> name in the page');
    assert.ok(page.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));
    assert.ok(!page.includes(IMG_NAME));
    assert.ok(page.includes('&quot;&gt;&lt;img src=x onerror=alert(1)&gt;'));
    assert.equal(tags(page).filter((tag) => /^<img/i.test(tag)).length, 0);
    assert.equal(tags(page).filter((tag) => /^<script/i.test(tag)).length, 1);
  });

  it('never links a non-https docs URL, showing it as text', () => {
    assert.ok(!attributeValues(page, 'href').some((href) => href.toLowerCase().includes('javascript:')));
    assert.ok(page.includes(`<code>${HOSTILE_DOCS}</code>`));
  });

  it('links only to anchors in the page, the checks’ https docs, their mappings’ pages and the resources’ console pages', () => {
    const report = hostileReport();
    const docs = new Set<string | undefined>(report.checks.map((c) => c.remediation.docs));
    for (const check of report.checks) {
      for (const framework of FRAMEWORKS) for (const id of mappedIds(check.mappings, framework)) docs.add(requirementUrl(framework.id, id));
    }
    for (const result of report.results) docs.add(consoleUrl(result.resource.arn));
    for (const href of attributeValues(page, 'href')) {
      const allowed = href.startsWith('#') || href === 'data:,' || (href.startsWith('https://') && docs.has(href));
      assert.ok(allowed, `unexpected href ${href}`);
    }
    assert.deepEqual(attributeValues(page, 'src'), []);
    assert.ok(!tags(page).some((tag) => /https?:\/\//.test(tag) && !tag.startsWith('<a ')), 'a remote URL outside a link');
    assert.ok(!/<link[^>]+rel="stylesheet"/.test(page));
  });

  it('shows bidi controls as visible escapes', () => {
    assert.doesNotMatch(page, /[\u202A-\u202E\u2066-\u2069]/);
    assert.ok(page.includes('payments\\u202Egnp.exe\\u2066'));
    assert.ok(!page.includes(BIDI_NAME));
  });

  it('escapes & < > " \' with one function', () => {
    assert.equal(escapeHtml(`&<>"'`), '&amp;&lt;&gt;&quot;&#39;');
    assert.equal(escapeHtml('a\u202Eb\u0007c'), 'a\\u202Eb\\u0007c');
  });
});

describe('renderHtml: Content-Security-Policy', () => {
  const csp = decodeAttribute(/<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(page)![1]!);

  it('allows exactly the inline style and script, by hash', () => {
    const styles = between(page, '<style>', '</style>');
    const scripts = between(page, '<script>', '</script>');
    assert.equal(styles.length, 1);
    assert.equal(scripts.length, 1);
    assert.equal(
      csp,
      `default-src 'none'; style-src ${sha256(styles[0]!)}; script-src ${sha256(scripts[0]!)}; img-src data:; base-uri 'none'; form-action 'none'`,
    );
  });

  it('has no inline event handlers, style attributes or JSON blobs', () => {
    for (const tag of tags(page)) {
      assert.doesNotMatch(tag, /\son[a-z]+=/i, tag);
      assert.doesNotMatch(tag, /\sstyle=/i, tag);
    }
    assert.doesNotMatch(page, /<script[^>]+type=/);
  });

  it('sets the CSP before any style or script', () => {
    assert.ok(page.indexOf('Content-Security-Policy') < page.indexOf('<style>'));
  });
});

describe('renderHtml: content', () => {
  it('ranks APIs worst first in the table and in the sections', () => {
    const report = hostileReport();
    const rows = [...page.matchAll(/<tr data-row="(api-\d+)"[^>]*><td class="num">\d+<\/td>\s*<td><a class="key" href="#api-\d+">([^<]*)<\/a>/g)];
    assert.deepEqual(
      rows.map((m) => m[2]),
      report.apis.map((api) => escapeHtml(api.api.name)),
    );
    const sections = [...page.matchAll(/<details class="api" id="(api-\d+)"/g)].map((m) => m[1]);
    assert.deepEqual(sections, ['api-1', 'api-2', 'api-3', 'api-4']);
  });

  it('marks an incomplete scan and lists its collection errors', () => {
    assert.match(page, /class="banner incomplete" role="alert"><strong>Incomplete scan:<\/strong> 2 collection errors; 3 results could not be evaluated/);
    assert.match(page, /<td>apigateway<\/td><td>GetRestApis<\/td><td>us-east-1<\/td><td><code>us-east-1<\/code><\/td>\s*<td><code>AccessDeniedException<\/code><\/td>/);
  });

  it('shows ERROR results with their reason, once per cause', () => {
    assert.match(page, /<article class="finding ERROR error-group" data-status="ERROR" data-severity="low" data-checks="[\w-]+">/);
    assert.ok(page.includes('apigateway:GetStages was denied (AccessDeniedException): 1 check could not run'));
    assert.ok(page.includes('<section id="account" data-unit="account"'));
  });

  it('shows a complete scan as complete', () => {
    const clean = renderHtml(reportFor(cleanInventory()));
    assert.match(clean, /class="banner complete" role="status"><strong>Complete scan\.<\/strong>/);
    assert.doesNotMatch(clean, /role="alert"/);
  });

  it('renders evidence as key/value lists, not JSON', () => {
    const orders = between(page, '<details class="api" id="api-1"', '<details class="api" id="api-2"')[0]!;
    assert.ok(orders.includes('<dt>Methods</dt><dd><ul class="values"><li><code>GET /</code></li><li><code>POST /orders</code></li></ul></dd>'));
    assert.ok(orders.includes('<dt>Policy</dt><dd><dl class="kv"><dt>Effect</dt><dd><code>Allow</code></dd>'));
    assert.doesNotMatch(page, /\{&quot;/);
  });

  it('renders a check’s remediation once per API, with its CLI and docs', () => {
    const api2 = page.slice(page.indexOf('<details class="api" id="api-2"'), page.indexOf('<details class="api" id="api-3"'));
    assert.equal(api2.split('X-Ray tracing is disabled on stage').length - 1, 2);
    assert.equal(api2.split('<div class="fix">').length - 1, 1);
    assert.ok(api2.includes('<pre><code>aws apigateway update-stage'));
    assert.ok(api2.includes('<a href="https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-xray.html" rel="noopener noreferrer" target="_blank">'));
  });

  it('puts what the filters need in data attributes', () => {
    assert.match(page, /<nav class="filters" id="filters"[^>]* hidden>/);
    assert.match(page, /<li data-status="PASS" data-severity="critical" data-check="[\w-]+">/);
    assert.match(page, /<article class="finding FAIL" data-status="FAIL" data-severity="critical" data-check="[\w-]+">/);
  });

  it('is deterministic', () => {
    assert.equal(renderHtml(hostileReport()), page);
  });

  it('stays compact for many APIs', () => {
    const base = hostileReport();
    const copies = 500;
    const apis: Report['apis'] = [];
    const results: Report['results'] = [];
    for (let i = 0; i < copies; i++) {
      for (const api of base.apis) {
        const arn = `${api.api.arn}-${i}`;
        apis.push({ ...api, api: { ...api.api, arn, apiArn: arn } });
      }
      for (const result of base.results) {
        if (result.resource.apiArn === undefined) continue;
        const apiArn = `${result.resource.apiArn}-${i}`;
        results.push({ ...result, resource: { ...result.resource, arn: `${result.resource.arn}-${i}`, apiArn } });
      }
    }
    const big = renderHtml({ ...base, apis, results });
    const perApi = big.length / apis.length;
    assert.ok(perApi < 2500, `${Math.round(perApi)} bytes per API`);
  });
});

describe('renderHtml: scores and critical findings that tell the truth', () => {
  /** The admin policy plus a high-severity wildcard policy of the same check, which sorts first. */
  function withAccountFindings(): Report {
    const admin = adminPolicyFailure();
    const wildcard = {
      ...admin,
      severity: 'high' as const,
      resource: { ...admin.resource, arn: 'arn:aws:iam::123456789012:policy/partner-integration', name: 'partner-integration' },
      message: 'Policy partner-integration allows execute-api:* on every resource.',
    };
    const inv = cleanInventory();
    return reportFor(inv, [...runChecks(CHECKS, inv), wildcard, admin]);
  }
  const report = withAccountFindings();
  const html = renderHtml(report);
  const card = between(html, '<section class="card critical"><h2>Critical findings</h2>', '</section>')[0]!;

  it('lists an account-level critical finding in the critical card, linked to the account section', () => {
    assert.ok(card.includes('<a href="#account">Account 123456789012</a>: Policy ops-admin/break-glass (inline) allows every action on every resource.'), card);
    assert.ok(!card.includes('partner-integration'), 'only critical findings');
    assert.match(card, /on 1 API and 1 account-level/);
  });

  it('keeps a critical account-level failure visible under the critical filter, apart from the same check’s high ones', () => {
    const account = html.slice(html.indexOf('<section id="account"'), html.indexOf('<section id="scoring"'));
    const groups = [...account.matchAll(/<article class="finding FAIL" data-status="FAIL" data-severity="(\w+)" data-check="[\w-]+">([\s\S]*?)<\/article>/g)];
    const critical = groups.filter((g) => g[1] === 'critical').map((g) => g[2]!);
    assert.equal(critical.length, 1);
    assert.ok(critical[0]!.includes('ops-admin/break-glass'));
    assert.ok(!critical[0]!.includes('partner-integration'));
    assert.ok(groups.some((g) => g[1] === 'high' && g[2]!.includes('partner-integration')));
  });

  it('explains the score in one sentence next to the ranked APIs, and in full in the scoring section', () => {
    const apis = html.slice(html.indexOf('<section id="apis">'), html.indexOf('<section id="findings">'));
    assert.ok(apis.includes(escapeHtml(report.scoring.formula)), 'the sentence sits with the scores');
    assert.ok(apis.includes(escapeHtml(report.scoring.ranking!)));
    const scoring = html.slice(html.indexOf('<section id="scoring">'), html.indexOf('<section id="checks">'));
    assert.ok(scoring.includes(escapeHtml(report.scoring.details!)));
    assert.match(scoring, /could not be evaluated, its grade is at best <span class="badge grade-D" title="grade">D<\/span>/);
    assert.doesNotMatch(scoring, /One root cause/, 'none of the checks that ran declares a root cause');
  });

  it('lists the root causes the checks declare in the scoring section', () => {
    const html = renderHtml({ ...report, scoring: scoringModel(subsumptionTable(allChecks)) });
    const scoring = html.slice(html.indexOf('<section id="scoring">'), html.indexOf('<section id="checks">'));
    assert.match(scoring, /<code>rest-api-public-unauthenticated<\/code> fails, <code>rest-method-authorization<\/code>/);
  });

  it('says why a grade is capped and when a failure carries no weight of its own', () => {
    const api = reportFor(cleanInventory()).apis[0]!;
    const capped: Report = {
      ...reportFor(cleanInventory()),
      apis: [
        {
          ...api,
          grade: 'D',
          gradeCappedBy: { maxGrade: 'D', checkId: 'test-rest-api-open', severity: 'critical', status: 'ERROR' },
          subsumed: [{ checkId: 'rest-stage-xray-tracing', by: 'test-rest-api-open' }],
        },
      ],
    };
    const page = renderHtml(capped);
    const row = between(page, '<tr data-row="api-1"', '</tr>')[0]!;
    assert.match(row, /capped: critical check not evaluated/);
    const section = between(page, '<details class="api" id="api-1"', '</details>')[0]!;
    assert.match(section, /Grade capped at D: the critical check <code>test-rest-api-open<\/code> could not be evaluated\./);
    assert.match(section, /<code>rest-stage-xray-tracing<\/code> carries no weight of its own: same root cause as <code>test-rest-api-open<\/code>/);
  });
});
