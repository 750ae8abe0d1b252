import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { allChecks } from '../../checks/index.js';
import { parseExcludedRegions, parseSeverity, regionsLeft, resolveSelection } from '../../src/cli/selection-options.js';
import { InputError } from '../../src/errors.js';
import { chooseChecks } from '../../src/selection/checks.js';
import { closest, editDistance, patternRegExp } from '../../src/selection/patterns.js';
import { Selection, selectionOf } from '../../src/selection/selection.js';

const ids = (checks: readonly { id: string }[]) => checks.map((check) => check.id);
const fails = (run: () => unknown, message: string) =>
  assert.throws(run, (error: unknown) => error instanceof InputError && error.message === message && !error.message.includes('\n'));

describe('choosing checks', () => {
  it('runs every check when nothing is given', () => {
    assert.deepEqual(ids(chooseChecks(allChecks, {})), ids(allChecks));
    assert.equal(selectionOf({}), undefined);
  });

  it('takes ids, in the registry order, each once, whatever their case', () => {
    assert.deepEqual(ids(chooseChecks(allChecks, { checks: ['rest-stage-waf', 'ACCOUNT-CLOUDTRAIL', 'rest-stage-waf'] })), [
      'account-cloudtrail',
      'rest-stage-waf',
    ]);
  });

  it('expands * patterns', () => {
    const waf = ids(chooseChecks(allChecks, { checks: ['rest-stage-waf*'] }));
    assert.deepEqual(waf, ['rest-stage-waf-rules', 'rest-stage-waf']);
    const stages = ids(chooseChecks(allChecks, { checks: ['rest-stage-*'] }));
    assert.ok(stages.length >= 10 && stages.every((id) => id.startsWith('rest-stage-')));
    assert.deepEqual(ids(chooseChecks(allChecks, { checks: ['*-mfa'] })), ['cognito-mfa']);
  });

  it('refuses an unknown id in one line, naming the closest check', () => {
    fails(() => chooseChecks(allChecks, { checks: ['rest-stage-wafs'] }), "--checks: unknown check 'rest-stage-wafs'; did you mean rest-stage-waf?");
    fails(() => chooseChecks(allChecks, { checks: ['acount-cloudtrial'] }), "--checks: unknown check 'acount-cloudtrial'; did you mean account-cloudtrail?");
    fails(
      () => chooseChecks(allChecks, { excludedChecks: ['cognito-mfaa'] }),
      "--excluded-checks: unknown check 'cognito-mfaa'; did you mean cognito-mfa?",
    );
  });

  it('refuses a pattern that matches no check', () => {
    fails(() => chooseChecks(allChecks, { checks: ['sqs-*'] }), "--checks: 'sqs-*' matches no check (`apiposture checks` lists them)");
    fails(() => chooseChecks(allChecks, { excludedChecks: ['sqs-*'] }), "--excluded-checks: 'sqs-*' matches no check (`apiposture checks` lists them)");
  });

  it('leaves out the excluded checks, patterns included', () => {
    const chosen = ids(chooseChecks(allChecks, { checks: ['rest-stage-*'], excludedChecks: ['rest-stage-waf*', 'rest-stage-data-trace'] }));
    assert.ok(!chosen.some((id) => id.startsWith('rest-stage-waf') || id === 'rest-stage-data-trace'));
    assert.ok(chosen.includes('rest-stage-access-logging'));
  });

  it('runs only checks at or above --severity', () => {
    const high = chooseChecks(allChecks, { severity: 'high' });
    assert.ok(high.length > 0 && high.length < allChecks.length);
    assert.ok(high.every((check) => check.severity === 'critical' || check.severity === 'high'));
    assert.deepEqual(
      ids(high),
      ids(allChecks.filter((check) => ['critical', 'high'].includes(check.severity))),
    );
    assert.ok(chooseChecks(allChecks, { severity: 'critical' }).every((check) => check.severity === 'critical'));
    assert.equal(chooseChecks(allChecks, { severity: 'info' }).length, allChecks.length);
  });

  it('refuses a selection that leaves nothing to run', () => {
    const medium = allChecks.find((check) => check.severity === 'medium')!;
    fails(
      () => chooseChecks(allChecks, { checks: [medium.id], severity: 'critical' }),
      `the selection leaves no check to run (--checks ${medium.id} --severity critical)`,
    );
    fails(() => chooseChecks(allChecks, { checks: ['cognito-mfa'], excludedChecks: ['cognito-*'] }), 'the selection leaves no check to run (--checks cognito-mfa --excluded-checks cognito-*)');
  });
});

describe('selection flags', () => {
  it('parse --severity, --excluded-regions and comma lists, with one-line errors', () => {
    assert.equal(parseSeverity('HIGH'), 'high');
    fails(() => parseSeverity('urgent'), "--severity takes one of critical, high, medium, low, info; got 'urgent'");
    assert.deepEqual(parseExcludedRegions('us-west-2, ap-south-1,us-west-2'), ['us-west-2', 'ap-south-1']);
    fails(() => parseExcludedRegions('us-west-2,mars-1'), '--excluded-regions: not an AWS region: mars-1 (expected names like eu-west-1)');
    fails(() => resolveSelection({ checks: ' , ' }), '--checks needs at least one check id or pattern');
    assert.deepEqual(ids(resolveSelection({ checks: 'cognito-mfa, account-cloudtrail' })!.checks), ['account-cloudtrail', 'cognito-mfa']);
    assert.equal(resolveSelection({}), undefined);
  });

  it('exclude regions from a list and from --regions all alike, and refuse an exclusion that leaves none', () => {
    const selection = resolveSelection({ excludedRegions: 'us-west-2' })!;
    assert.equal(selection.checks.length, allChecks.length, 'excluding regions alone keeps every check');
    assert.equal(selection.collectionParts, undefined, 'and collects every part');
    assert.deepEqual(regionsLeft(['eu-west-1', 'us-west-2', 'us-east-1'], selection), ['eu-west-1', 'us-east-1']);
    assert.deepEqual(regionsLeft(['eu-west-1'], undefined), ['eu-west-1']);
    fails(() => regionsLeft(['us-west-2'], selection), '--excluded-regions leaves no region to scan of us-west-2');
  });

  it('collect for a selection only the parts its checks read, and what finds them', () => {
    assert.deepEqual([...new Selection({ checks: ['account-cloudtrail'] }).collectionParts!], ['trails']);
    assert.deepEqual([...new Selection({ checks: ['rest-stage-waf'] }).collectionParts!], ['rest-apis', 'rest-stages', 'web-acls']);
    // User pools are found through authorizers, which are read only when a method or route names one.
    assert.deepEqual([...new Selection({ checks: ['cognito-mfa'] }).collectionParts!], [
      'rest-apis',
      'rest-resources',
      'rest-authorizers',
      'v2-apis',
      'v2-routes',
      'v2-authorizers',
      'user-pools',
    ]);
    // Resource filters need the API lists, whatever the checks read.
    assert.deepEqual([...new Selection({ checks: ['account-cloudtrail'], apis: ['orders-api'] }).collectionParts!], ['rest-apis', 'v2-apis', 'trails']);
  });
});

describe('patterns', () => {
  it('treat only * as special', () => {
    assert.ok(patternRegExp('orders-*').test('orders-api'));
    assert.ok(!patternRegExp('orders.api').test('orders-api'));
    assert.ok(patternRegExp('arn:aws:apigateway:*::/restapis/a1').test('arn:aws:apigateway:eu-west-1::/restapis/a1'));
    assert.ok(!patternRegExp('orders').test('orders-api'));
  });

  it('measure edit distance and pick the closest name', () => {
    assert.equal(editDistance('kitten', 'sitting'), 3);
    assert.equal(editDistance('', 'abc'), 3);
    assert.equal(closest('cognito-mfaa', ['cognito-mfa', 'cognito-password-policy']), 'cognito-mfa');
  });
});
