/**
 * The organisation's compliance roll-up folded one account at a time (merge-compliance.ts) is
 * compliance.ts's roll-up over every account's results and checks at once, on the edges that
 * make folding subtle: a resource of another account named in several reports (a shared KMS key),
 * counted once under its worst state; a check whose mappings differ between tool versions (the
 * union decides); muted failures; a resource with results of several checks of one requirement.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Mappings } from '../../src/model/frameworks/index.js';
import type { Status } from '../../src/model/results.js';
import { rollUpCompliance, type RollUpCheck, type RollUpResult } from '../../src/report/compliance.js';
import { complianceFacts, rollUpComplianceFacts } from '../../src/report/merge-compliance.js';

const A = '111111111111';
const B = '222222222222';
const C = '333333333333';
const SHARED_KEY = `arn:aws:kms:eu-west-1:${C}:key/0f0f`;

interface Account {
  scan: { account: string };
  results: RollUpResult[];
  checks: RollUpCheck[];
}

function result(checkId: string, status: Status, arn: string, account: string, muted = false): RollUpResult {
  return { checkId, status, resource: { arn, account }, ...(muted ? { muted: { rule: 'r' } } : {}) } as RollUpResult;
}

const api = (id: string) => `arn:aws:apigateway:eu-west-1::/restapis/${id}`;
const check = (id: string, mappings: Mappings): RollUpCheck => ({ id, mappings });

const CHECKS = [check('c1', { owaspApi2023: ['API2'] }), check('c2', { owaspApi2023: ['API2', 'API8'] }), check('c3', { owaspApi2023: ['API8'] })];

const accountA: Account = {
  scan: { account: A },
  checks: CHECKS,
  results: [
    result('c1', 'PASS', api('aaa'), A),
    result('c2', 'FAIL', api('aaa'), A),
    result('c1', 'FAIL', api('bbb'), A, true),
    result('c2', 'PASS', api('bbb'), A),
    result('c3', 'ERROR', api('ccc'), A),
    result('c3', 'NOT_APPLICABLE', api('ddd'), A),
    // Account C's key, as account A's log groups use it.
    result('c1', 'FAIL', SHARED_KEY, C),
  ],
};

const accountB: Account = {
  scan: { account: B },
  // An older tool: c3 also mapped to API2.
  checks: [check('c1', { owaspApi2023: ['API2'] }), check('c3', { owaspApi2023: ['API2', 'API8'] })],
  results: [
    // The same API id as account A's: another resource, since it is in another account.
    result('c1', 'PASS', api('aaa'), B),
    result('c3', 'FAIL', api('aaa'), B),
    result('c1', 'PASS', SHARED_KEY, C),
    result('c3', 'PASS', `arn:aws:lambda:eu-west-1:${B}:function:f`, B),
  ],
};

const accountC: Account = {
  scan: { account: C },
  checks: CHECKS,
  results: [result('c1', 'PASS', SHARED_KEY, C), result('c3', 'ERROR', SHARED_KEY, C), result('c2', 'PASS', api('eee'), C)],
};

function atOnce(accounts: readonly Account[]) {
  return rollUpCompliance(
    accounts.flatMap((a) => a.results),
    accounts.flatMap((a) => a.checks),
  );
}

describe('the organisation compliance roll-up, one account at a time', () => {
  const orders = [
    [accountA, accountB, accountC],
    [accountC, accountB, accountA],
    [accountB, accountA],
  ];
  for (const accounts of orders) {
    it(`equals the roll-up over every result at once: ${accounts.map((a) => a.scan.account).join(', ')}`, () => {
      const folded = rollUpComplianceFacts(accounts.map(complianceFacts));
      assert.deepEqual(folded, atOnce(accounts));
      assert.equal(JSON.stringify(folded), JSON.stringify(atOnce(accounts)));
    });
  }

  it('counts the shared key once, under its worst state across the accounts', () => {
    const owasp = rollUpComplianceFacts([accountA, accountC].map(complianceFacts)).frameworks.find((f) => f.id === 'owaspApi2023')!;
    const api2 = owasp.requirements.find((r) => r.id === 'API2')!;
    // A's aaa (failing), bbb (muted); the key (failing in A, passing in C); C's eee (passing).
    assert.deepEqual(api2.resources, { failing: 2, notEvaluated: 0, muted: 1, passing: 1, notApplicable: 0 });
  });

  it('keeps only signatures and other accounts’ resources: own API resources with the same results share one count', () => {
    const many: Account = {
      scan: { account: A },
      checks: CHECKS,
      results: Array.from({ length: 1000 }, (_, i) => result('c1', i % 2 === 0 ? 'PASS' : 'FAIL', api(`api${i}`), A)),
    };
    const facts = complianceFacts(many);
    assert.equal(facts.local.size, 2);
    assert.equal(facts.shared.size, 0);
    assert.deepEqual(rollUpComplianceFacts([facts]), atOnce([many]));
  });
});
