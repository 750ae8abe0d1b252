/**
 * `--format junit`: well-formed XML (a strict parser, test/report/parsers.ts) with the structure
 * CI dashboards read — `<testsuites>` › `<testsuite name tests failures errors skipped>` ›
 * `<testcase classname name>` with at most one `<failure>`, `<error>` or `<skipped>` — and counts
 * that add up.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { junitChunks, xmlAttribute, xmlText } from '../../src/report/junit.js';
import type { Report } from '../../src/report/model.js';
import { childrenNamed, parseXml, type XmlElement } from './parsers.js';
import { demoReport, HOSTILE, hostileFormatsReport } from './results-fixture.js';

function junitOf(report: Report): XmlElement {
  return parseXml([...junitChunks([report], report.scan.generatedAt)].join(''));
}

const OUTCOMES = ['failure', 'error', 'skipped'] as const;

function outcomeOf(testcase: XmlElement): string {
  const children = testcase.children.filter((c) => (OUTCOMES as readonly string[]).includes(c.name));
  assert.ok(children.length <= 1, 'at most one outcome element');
  return children[0]?.name ?? 'passed';
}

/** Every suite's counts match its test cases, and the totals match the suites. */
function assertCounts(root: XmlElement): void {
  assert.equal(root.name, 'testsuites');
  const suites = childrenNamed(root, 'testsuite');
  const total = { tests: 0, failure: 0, error: 0, skipped: 0 };
  for (const suite of suites) {
    const cases = childrenNamed(suite, 'testcase');
    const count = (outcome: string) => cases.filter((c) => outcomeOf(c) === outcome).length;
    assert.equal(Number(suite.attributes.tests), cases.length, suite.attributes.name);
    assert.equal(Number(suite.attributes.failures), count('failure'));
    assert.equal(Number(suite.attributes.errors), count('error'));
    assert.equal(Number(suite.attributes.skipped), count('skipped'));
    total.tests += cases.length;
    for (const outcome of OUTCOMES) total[outcome] += count(outcome);
    for (const testcase of cases) {
      assert.equal(testcase.attributes.classname, suite.attributes.name);
      assert.ok(testcase.attributes.name);
    }
  }
  assert.deepEqual(
    [root.attributes.tests, root.attributes.failures, root.attributes.errors, root.attributes.skipped].map(Number),
    [total.tests, total.failure, total.error, total.skipped],
  );
}

describe('junit', () => {
  it('the demo: one suite per check, one test case per check × resource, counts that add up', async () => {
    const report = await demoReport();
    const root = junitOf(report);
    assertCounts(root);
    const suites = childrenNamed(root, 'testsuite');
    assert.deepEqual(
      suites.map((s) => s.attributes.name),
      [...new Set(report.results.map((r) => r.checkId))].sort(),
    );
    const pairs = new Set(report.results.map((r) => `${r.checkId} ${r.resource.arn}`));
    assert.equal(Number(root.attributes.tests), pairs.size);
  });

  it('FAIL is a failure, ERROR an error, NOT_APPLICABLE and muted results skipped, PASS an empty test case', async () => {
    const report = await demoReport();
    const root = junitOf(report);
    const cases = childrenNamed(root, 'testsuite').flatMap((s) => childrenNamed(s, 'testcase'));
    const find = (checkId: string, arn: string) => cases.find((c) => c.attributes.classname === checkId && c.attributes.name!.endsWith(`(${arn})`));
    const single = report.results.filter(
      (r) => report.results.filter((o) => o.checkId === r.checkId && o.resource.arn === r.resource.arn).length === 1,
    );
    const expected = { FAIL: 'failure', ERROR: 'error', NOT_APPLICABLE: 'skipped', PASS: 'passed' } as const;
    const seen = new Set<string>();
    for (const result of single) {
      const testcase = find(result.checkId, result.resource.arn);
      assert.ok(testcase, `${result.checkId} ${result.resource.arn}`);
      const outcome = outcomeOf(testcase);
      assert.equal(outcome, result.muted ? 'skipped' : expected[result.status], `${result.checkId} ${result.resource.arn}`);
      seen.add(result.muted ? 'muted' : result.status);
      if (outcome === 'failure') assert.equal(testcase.children[0]!.attributes.type, result.severity);
    }
    assert.deepEqual([...seen].sort(), ['ERROR', 'FAIL', 'NOT_APPLICABLE', 'PASS', 'muted']);
  });

  it('keeps hostile names as text: markup, ]]>, quotes, line breaks; control characters removed', () => {
    const report = hostileFormatsReport();
    const text = [...junitChunks([report], report.scan.generatedAt)].join('');
    assert.doesNotMatch(text, /<script>/);
    assert.doesNotMatch(text, /]]>/);
    for (const control of ['\u0000', '\u0007', '\u001b']) assert.ok(!text.includes(control), 'control characters removed');
    const root = parseXml(text);
    assertCounts(root);
    const names = childrenNamed(childrenNamed(root, 'testsuite')[0]!, 'testcase').map((c) => c.attributes.name!);
    for (const hostile of [HOSTILE.script, HOSTILE.cdataEnd, HOSTILE.lines, HOSTILE.formula]) {
      assert.ok(names.some((name) => name.startsWith(`${hostile} (`)), JSON.stringify(hostile));
    }
    assert.ok(names.some((name) => name.startsWith('bell and nul and escape (')));
    const title = childrenNamed(childrenNamed(root, 'testsuite')[0]!, 'properties')[0]!.children.find((p) => p.attributes.name === 'title');
    assert.equal(title?.attributes.value, HOSTILE.script);
  });

  it('escapes text and attributes', () => {
    assert.equal(xmlText('a<b>&]]>\u0001'), 'a&lt;b&gt;&amp;]]&gt;');
    assert.equal(xmlAttribute('"x"\n\ty'), '&quot;x&quot;&#10;&#9;y');
    assert.equal(parseXml(`<a v="${xmlAttribute('1\r\n2 "3" <4>')}">${xmlText('t<&>')}</a>`).attributes.v, '1\r\n2 "3" <4>');
  });

  it('the parser is strict: it rejects what is not well-formed', () => {
    for (const bad of ['<a>', '<a></b>', '<a x="1" x="2"/>', '<a>&bogus;</a>', '<a>&</a>', '<a/><b/>', '<a>\u0001</a>', '<a><![CDATA[x]]></a>']) {
      assert.throws(() => parseXml(bad), Error, bad);
    }
  });
});
