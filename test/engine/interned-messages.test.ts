import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EvidenceInterner, MAX_EVIDENCE_ITEMS, MAX_EVIDENCE_TEXT } from '../../src/engine/evidence-bounds.js';
import { renderResultMessage } from '../../src/engine/messages.js';
import { ReportShape } from '../../src/engine/result-shape.js';
import { MessageTexts, runCheck } from '../../src/engine/runner.js';
import type { Evidence } from '../../src/engine/types.js';
import { InventoryView } from '../../src/inventory/view.js';
import { redactUrisInText } from '../../src/util/redact.js';
import { restApi, withRestApis } from '../fixtures/builders.js';
import { testCheck } from '../fixtures/test-check.js';

const TEMPLATES = {
  one: 'Stage {stage} fails',
  two: '{a} then {b}',
  same: '{a} then {b}',
  twice: '{a}, {a} and {b}',
  none: 'Nothing to show',
  missing: 'Has {absent}',
  inherited: 'Shows {toString}',
  list: 'Lists {methods}',
  late: 'Key {k110}',
} as const;
type MessageId = keyof typeof TEMPLATES;

/** Evidence a check hands to several results as one frozen object: known by identity, not walked again. */
const FROZEN: Evidence = Object.freeze({ stage: 'frozen' });
const long = (tail: string) => `${'x'.repeat(MAX_EVIDENCE_TEXT)}${tail}`;
const wide = (value: string): Evidence => Object.fromEntries(Array.from({ length: MAX_EVIDENCE_ITEMS + 20 }, (_, i) => [`k${i}`, i === 110 ? value : i]));

/** Each case: the message, the evidence. Consecutive and repeated members on purpose (the memo and the interner's last-text shortcut). */
const CASES: [MessageId, Evidence][] = [
  ['one', { stage: 'prod' }],
  ['one', { stage: 'prod' }],
  ['one', { stage: 'dev' }],
  ['one', { stage: 1 }],
  ['one', { stage: '1' }],
  ['one', { stage: -0 }],
  ['one', { stage: 0 }],
  ['one', { stage: null }],
  ['one', { stage: true }],
  ['one', { stage: 'true' }],
  ['one', { stage: long('a') }],
  ['one', { stage: long('b') }],
  ['one', { stage: 'https://u:p@h.example.com/x?k=v' }],
  ['one', { stage: 'https://[redacted]@h.example.com/x?k=[redacted]' }],
  ['one', { stage: '${stageVariables.url}?token=t' }],
  ['one', { stage: 'prod', extra: undefined }],
  ['one', { stage: ['prod'] }],
  ['one', FROZEN],
  ['one', { stage: 'other' }],
  ['one', FROZEN],
  ['one', { stage: { name: 'prod' } }],
  ['two', { a: 'x', b: 'y' }],
  ['two', { a: 'y', b: 'x' }],
  ['two', { a: 'y', b: 'z' }],
  ['two', { b: 'y', a: 'x' }],
  ['two', { a: 1, b: 23 }],
  ['two', { a: 12, b: 3 }],
  ['same', { a: 'x', b: 'y' }],
  ['twice', { a: 'x', b: 'y' }],
  ['twice', { a: 'x', b: 'y' }],
  ['none', { a: 'x' }],
  ['none', {}],
  ['missing', { a: 'x' }],
  ['missing', { a: 'x' }],
  ['inherited', { a: 'x' }],
  ['list', { methods: ['GET /a', 'GET /b'] }],
  ['list', { methods: ['GET /a', 'GET /c'] }],
  ['list', { methods: ['GET /a', 'GET /c'] }],
  ['late', wide('far')],
  ['late', wide('away')],
];

function caseCheck() {
  return testCheck<MessageId>({
    id: 'interned-messages-test',
    messages: TEMPLATES,
    evaluate: (api, outcome) => {
      const [messageId, evidence] = CASES[Number(api.api.id.slice(1))]!;
      // A passing result keeps only the count of a list: lists of one length are one bounded form.
      return messageId === 'list' ? outcome.pass(messageId, evidence) : outcome.fail(messageId, evidence);
    },
  });
}

describe('messages of interned evidence, by the members they show', () => {
  const check = caseCheck();
  const view = new InventoryView(withRestApis(...CASES.map((_, i) => restApi({ id: `a${i}` }))));

  it('are the messages rendered and redacted from the evidence, on every edge', () => {
    const texts = new MessageTexts();
    const results = runCheck(check, view, undefined, undefined, { texts, shape: new ReportShape(), evidence: new EvidenceInterner() });
    assert.equal(results.length, CASES.length);
    results.forEach((result, i) => {
      const [messageId, evidence] = CASES[i]!;
      assert.equal(result.message, redactUrisInText(renderResultMessage(TEMPLATES[messageId], evidence)), `case ${i}: ${messageId}`);
    });
    // And what a run without the report's shape (no interner: every message rendered) gives.
    const slow = runCheck(check, view, undefined, undefined, { texts: new MessageTexts() });
    assert.deepEqual(
      results.map((result) => result.message),
      slow.map((result) => result.message),
    );
  });

  it('renders a message once per template and shown members', () => {
    const texts = new MessageTexts();
    runCheck(check, view, undefined, undefined, { texts, shape: new ReportShape(), evidence: new EvidenceInterner() });
    // Rendered once each: the cases whose shown members are all texts, numbers, booleans or null,
    // less those whose template and members' numbers came before: the second `one` prod, the
    // shortened text that differs past the cut only, the redacted form of a URI, `a` and `b` in
    // another order, `same` (the text of `two`), the second `twice` and the second `none`. The
    // frozen record counts once: known again by identity, it is not walked, and its message is
    // rendered outside the memo. So are those of lists, records, `undefined`, `-0` (no plain JSON),
    // and of absent, inherited and truncated keys.
    const known = CASES.filter(([id, evidence]) => {
      if (id === 'missing' || id === 'inherited' || id === 'list' || id === 'late' || evidence === FROZEN) return false;
      return Object.values(evidence).every((value) => value === null || (typeof value !== 'object' && value !== undefined && !Object.is(value, -0)));
    }).length;
    const repeats = 7;
    assert.equal(texts.rendered, known - repeats + 1);
  });
});
