import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EVIDENCE_ITEMS, EvidenceInterner, givenEvidenceOf, MAX_EVIDENCE_ITEMS, MAX_EVIDENCE_TEXT, resultEvidence } from '../../src/engine/evidence-bounds.js';
import { runChecks } from '../../src/engine/runner.js';
import type { Evidence, Status } from '../../src/engine/types.js';
import { restApi, withRestApis } from '../fixtures/builders.js';
import { testCheck } from '../fixtures/test-check.js';
import { collectedWithin } from '../support/collected.js';

const STATUSES: Status[] = ['FAIL', 'ERROR', 'PASS', 'NOT_APPLICABLE'];

/** The interned form must be exactly what the uninterned path makes, by JSON text and by what a renderer reads. */
function assertSameAsSlowPath(interner: EvidenceInterner, evidence: Evidence): void {
  for (const status of STATUSES) {
    const interned = interner.resultEvidence(evidence, status);
    assert.ok(interned !== undefined, `${JSON.stringify(evidence)} is plain JSON`);
    const slow = resultEvidence(evidence, status);
    assert.equal(JSON.stringify(interned), JSON.stringify(slow));
    assert.deepEqual(interned, slow);
    assert.deepEqual(Object.keys(interned), Object.keys(slow));
    assert.ok(Object.isFrozen(interned));
  }
}

describe('evidence interning', () => {
  it('gives equal bounded evidence one shared, frozen object, made once', () => {
    const interner = new EvidenceInterner();
    const a = interner.resultEvidence({ stage: 'prod', methods: ['GET /a', 'POST /b'], nested: { n: 1, ok: true, none: null } }, 'FAIL');
    const made = interner.made;
    const b = interner.resultEvidence({ stage: 'prod', methods: ['GET /a', 'POST /b'], nested: { n: 1, ok: true, none: null } }, 'FAIL');
    assert.ok(a !== undefined && a === b);
    assert.equal(interner.made, made, 'the second record made nothing');
    assert.ok(Object.isFrozen(a) && Object.isFrozen(a.methods) && Object.isFrozen(a.nested));
    // Lists that bound to the same form share it too: a passing result keeps only the count.
    const c = interner.resultEvidence({ methods: ['GET /x', 'GET /y'] }, 'PASS');
    const d = interner.resultEvidence({ methods: ['PUT /z', 'PUT /w'] }, 'PASS');
    assert.equal(c, d);
    assert.deepEqual(c, { methods: ['… 2 more not shown'] });
  });

  it('keeps apart evidence whose JSON differs: key order, types, values, nesting', () => {
    const interner = new EvidenceInterner();
    const forms: Evidence[] = [
      { a: 1, b: 2 },
      { b: 2, a: 1 },
      { a: '1', b: 2 },
      { a: 1, b: 2, c: null },
      { a: [1], b: 2 },
      { a: { x: 1 }, b: 2 },
      { a: { x: '1' }, b: 2 },
      { a: [1, 2], b: 2 },
      { a: [[1, 2]], b: 2 },
      { a: [[1], 2], b: 2 },
      { a: true, b: 2 },
      { a: 1, b: 2, '': 0 },
      {},
      { a: [] },
      { a: {} },
    ];
    const seen = forms.map((evidence) => interner.resultEvidence(evidence, 'FAIL'));
    for (let i = 0; i < forms.length; i++) {
      assert.equal(JSON.stringify(seen[i]), JSON.stringify(forms[i]));
      for (let j = 0; j < i; j++) assert.notEqual(seen[i], seen[j], `${JSON.stringify(forms[i])} vs ${JSON.stringify(forms[j])}`);
    }
    // Asked again, each finds its own.
    forms.forEach((evidence, i) => assert.equal(interner.resultEvidence(structuredClone(evidence), 'FAIL'), seen[i]));
  });

  it('does not intern what is not plain JSON: undefined members and items, -0, NaN, Infinity, class instances, holes', () => {
    const interner = new EvidenceInterner();
    class Box {
      constructor(readonly v: number) {}
    }
    // eslint-disable-next-line no-sparse-arrays
    const holey = [1, , 3];
    const rejected: Evidence[] = [
      { a: undefined },
      { a: [1, undefined] },
      { a: -0 },
      { a: Number.NaN },
      { a: Number.POSITIVE_INFINITY },
      { a: new Date(0) },
      { a: new Map() },
      { a: new Box(1) },
      { a: Object.create(null) as object },
      { a: holey },
      { a: 1n },
      { a: () => 1 },
      { a: Symbol('s') },
    ];
    rejected.forEach((evidence, i) => assert.equal(interner.resultEvidence(evidence, 'FAIL'), undefined, `case ${i}`));
    // What a result does not keep does not matter: an undefined item past the bound of a passing result.
    assert.deepEqual(interner.resultEvidence({ a: [undefined, undefined] }, 'PASS'), { a: ['… 2 more not shown'] });
  });

  it('bounds exactly as the uninterned path does: lists, markers, long texts, URIs, wide and deep records, __proto__', () => {
    const interner = new EvidenceInterner();
    const list = (n: number) => Array.from({ length: n }, (_, i) => `GET /p${i}`);
    const wide = Object.fromEntries(Array.from({ length: MAX_EVIDENCE_ITEMS + 5 }, (_, i) => [`k${i}`, i]));
    let deep: Record<string, unknown> = { leaf: 'x' };
    for (let i = 0; i < 12; i++) deep = { deep };
    const cases: Evidence[] = [
      { methods: list(3) },
      { methods: list(EVIDENCE_ITEMS.FAIL + 1) },
      { methods: list(EVIDENCE_ITEMS.FAIL + 2) },
      { methods: list(250) },
      { methods: [...list(5), '… 40 more not shown'] },
      { uri: 'u'.repeat(MAX_EVIDENCE_TEXT + 500) },
      { uri: 'https://user:secret@example.com/path?api_key=abc#t=1', stageUri: '${stageVariables.url}/x?k=v' },
      { wide },
      { deep },
      { rows: [{ a: 1, b: [1, 2, 3] }, { a: 2, b: [] }] },
      JSON.parse('{"variables":{"__proto__":"v","x":"https://a:b@h/"}}') as Evidence,
      Object.freeze({ frozen: Object.freeze(list(30)) }),
      { '0': 'a', z: 1, '1': 'b' },
    ];
    for (const evidence of cases) assertSameAsSlowPath(interner, evidence);
    const proto = interner.resultEvidence(JSON.parse('{"variables":{"__proto__":"v"}}') as Evidence, 'FAIL')!;
    assert.deepEqual(Object.keys(proto.variables as object), ['__proto__']);
    assert.equal(Object.getPrototypeOf(proto.variables), Object.prototype);
    // A record cut at MAX_EVIDENCE_ITEMS that has the marker's own key among the kept ones is left to the uninterned path.
    const clash = Object.fromEntries([['…', 'mine'], ...Object.entries(wide)]);
    assert.equal(interner.resultEvidence({ clash }, 'FAIL'), undefined);
  });

  it('follows a frozen list whose records change: bounded anew each time, not from a memo', () => {
    const interner = new EvidenceInterner();
    const record: Record<string, unknown> = { v: 1 };
    const shared = Object.freeze([record]);
    const first = interner.resultEvidence({ shared }, 'FAIL');
    record.v = 2;
    const second = interner.resultEvidence({ shared }, 'FAIL');
    assert.deepEqual(first, { shared: [{ v: 1 }] });
    assert.deepEqual(second, { shared: [{ v: 2 }] });
  });

  it('a result of a report run holds interned evidence that no renderer can change', () => {
    const check = testCheck({
      id: 'interned-test',
      messages: { fail: 'Fails {methods}' },
      evaluate: (_api, outcome) => outcome.fail('fail', { methods: ['GET /a', 'GET /b'], nested: { n: 1 } }),
    });
    const inventory = withRestApis(restApi({ id: 'a1' }), restApi({ id: 'a2' }));
    const [a, b] = runChecks([check], inventory, { reportShape: true });
    assert.ok(a && b && a.evidence === b.evidence, 'equal evidence is one object');
    assert.throws(() => {
      (a.evidence as Record<string, unknown>).methods = [];
    }, TypeError);
    assert.throws(() => (a.evidence.methods as string[]).push('x'), TypeError);
    // Without the report's shape (the check tests), evidence is bounded as before and not frozen.
    const [c] = runChecks([check], inventory);
    assert.ok(c && !Object.isFrozen(c.evidence));
  });
});

describe('evidence interning of texts', () => {
  it('gives a text one number whichever way it came: as given, as a redacted URI, as a marker', () => {
    const interner = new EvidenceInterner();
    const redacted = interner.resultEvidence({ uri: 'https://user:secret@host/x' }, 'FAIL');
    const given = interner.resultEvidence({ uri: 'https://[redacted]@host/x' }, 'FAIL');
    assert.equal(redacted, given);
    const cut = interner.resultEvidence({ methods: ['GET /a', 'GET /b'] }, 'PASS');
    const alreadyCut = interner.resultEvidence({ methods: ['… 2 more not shown'] }, 'PASS');
    assert.equal(cut, alreadyCut);
    const long = 'u'.repeat(MAX_EVIDENCE_TEXT + 10);
    const a = interner.resultEvidence({ text: long }, 'FAIL');
    const b = interner.resultEvidence({ text: `${long}` }, 'FAIL');
    assert.equal(a, b);
    assert.equal((a!.text as string).length, MAX_EVIDENCE_TEXT + '… (10 characters not shown)'.length);
  });
});

describe('evidence interning: texts known from the last list or record at a depth', () => {
  const long = 'x'.repeat(MAX_EVIDENCE_TEXT + 5);
  const secret = 'https://user:pw@example.com/hook?token=abc';
  // Each run after the first repeats or changes texts, keys and places of the one before it.
  const runs: Evidence[] = [
    { stage: 'prod', api: 'a', uri: secret, list: ['GET /a', secret, long] },
    { stage: 'prod', api: 'a', uri: secret, list: ['GET /a', secret, long] },
    { stage: 'dev', api: 'a', uri: long, list: [secret, 'GET /a', long] },
    { api: 'dev', stage: 'a', uri: long, list: ['GET /a', 'GET /a', 'GET /a'] },
    { api: 'dev', other: 'a', uri: 1, list: [1, 'GET /a', { api: 'dev', stage: 'a' }] },
    { api: 'dev', other: 'a', uri: '1', list: ['1', 'GET /a', { stage: 'a', api: 'dev' }] },
    { nested: { stage: 'prod', api: 'a' }, list: [[secret, 'prod'], ['prod', secret]] },
    { nested: { api: 'prod', stage: 'a' }, list: [['prod', secret], [secret, 'prod']] },
    Object.fromEntries(Array.from({ length: MAX_EVIDENCE_ITEMS + 2 }, (_, i) => [`k${i}`, i % 2 === 0 ? 'prod' : secret])),
    Object.fromEntries(Array.from({ length: MAX_EVIDENCE_ITEMS + 1 }, (_, i) => [`k${i}`, i % 2 === 0 ? secret : 'prod'])),
    { k0: 'prod', k1: secret },
  ];

  it('intern each record as the slow path bounds it, in any order, fresh texts or the same', () => {
    const orders = [runs, [...runs].reverse(), runs.flatMap((r) => [r, r])];
    for (const order of orders) {
      const interner = new EvidenceInterner();
      // Texts made afresh for each record, as checks make them.
      for (const evidence of order) assertSameAsSlowPath(interner, structuredClone(evidence));
      // The same record again gives the object the first gave.
      for (const evidence of order) assert.equal(interner.resultEvidence(structuredClone(evidence), 'FAIL'), interner.resultEvidence(evidence, 'FAIL'));
    }
  });
});

describe('two interners', () => {
  it('each give their own object, and none for a value that is not plain JSON', () => {
    const [a, b] = [new EvidenceInterner(), new EvidenceInterner()];
    const fromA = a.resultEvidence({ n: { m: 1 } }, 'FAIL')!;
    const fromB = b.resultEvidence({ n: { m: 1 } }, 'FAIL')!;
    assert.notEqual(fromA, fromB);
    assert.deepEqual(fromA, fromB);
    assert.equal(a.resultEvidence({ n: -0 }, 'FAIL'), undefined, 'not plain JSON: no interned object');
  });
});

describe('the interner\'s tables', () => {
  /** The private bucket table, reached for the one case ordinary evidence cannot make: two composites with one hash. */
  interface Buckets {
    addComposite(hash: number, value: object, keys: readonly string[] | undefined): number;
    findComposite(hash: number, ids: readonly number[], count: number, keys: readonly string[] | undefined): number;
    resultEvidence: EvidenceInterner['resultEvidence'];
  }

  it('keep every composite of a hash findable, from the first to the third', () => {
    const interner = new EvidenceInterner() as unknown as Buckets & { values: unknown[] };
    // Texts to build lists of: their numbers are the ids the lists hold.
    const texts = ['x', 'y', 'z'].map((text) => interner.resultEvidence({ [text]: text }, 'FAIL')![text] as string);
    const ids = texts.map((text) => interner.values.indexOf(text));
    const lists = ids.map((id) => interner.addComposite(7, [interner.values[id]], undefined));
    lists.forEach((list, i) => assert.equal(interner.findComposite(7, [ids[i]!], 1, undefined), list, `list ${i}`));
    assert.equal(interner.findComposite(7, [ids[0]!, ids[1]!], 2, undefined), -1, 'another list of that hash is not found');
    assert.equal(interner.findComposite(8, [ids[0]!], 1, undefined), -1, 'nor one of another hash');
  });

  it('share key lists between records with the same keys, and keep records with other keys apart', () => {
    const interner = new EvidenceInterner();
    const sequence: Evidence[] = [
      { a: 1, b: 2 },
      { a: 1, b: 3 },
      { a: 1, c: 3 },
      { a: 1, b: 3 },
      { a: 1, b: 3, c: 4 },
      { a: 1 },
      { a: 1, b: 2 },
      { b: 2, a: 1 },
      { n: { a: 1, b: 2 }, m: { a: 1, c: 2 } },
      { n: { a: 1, c: 2 }, m: { a: 1, b: 2 } },
      Object.fromEntries(Array.from({ length: MAX_EVIDENCE_ITEMS + 3 }, (_, i) => [`k${i}`, i])),
      Object.fromEntries(Array.from({ length: MAX_EVIDENCE_ITEMS + 4 }, (_, i) => [`k${i}`, i])),
    ];
    const given = sequence.map((evidence) => interner.resultEvidence(evidence, 'FAIL')!);
    for (const evidence of sequence) assertSameAsSlowPath(interner, evidence);
    // Equal JSON, one object; other JSON, other objects.
    for (let i = 0; i < sequence.length; i++) {
      for (let j = 0; j < i; j++) {
        const equal = JSON.stringify(given[i]) === JSON.stringify(given[j]);
        assert.equal(given[i] === given[j], equal, `${JSON.stringify(sequence[i]).slice(0, 40)} vs ${JSON.stringify(sequence[j]).slice(0, 40)}`);
      }
    }
    assert.equal(given[3], given[1]);
    assert.equal(given[6], given[0]);
  });

  it('are let go with the run: its results keep only which records it gave', async () => {
    const check = testCheck({
      id: 'interned-tables-test',
      messages: { fail: 'Fails {stage}' },
      evaluate: (api, outcome) => outcome.fail('fail', { stage: api.api.id, methods: ['GET /a'] }),
    });
    const proto = EvidenceInterner.prototype as unknown as { given(): unknown };
    const given = proto.given;
    let interner: WeakRef<object> | undefined;
    proto.given = function (this: EvidenceInterner) {
      interner = new WeakRef(this);
      return given.call(this);
    };
    let results;
    try {
      results = runChecks([check], withRestApis(restApi({ id: 'a1' }), restApi({ id: 'a2' })), { reportShape: true });
    } finally {
      proto.given = given;
    }
    const noted = givenEvidenceOf(results)!;
    assert.ok(results.every((result) => noted.gave(result.evidence)), 'every result holds a record the run gave');
    assert.equal(noted.gave({ stage: 'a1', methods: ['GET /a'] }), false, 'an equal record made elsewhere is not one it gave');
    assert.ok(!(noted instanceof EvidenceInterner));
    assert.ok(interner !== undefined && (await collectedWithin(() => interner?.deref() === undefined)), 'the interner (and its tables) was collected while the results live');
    assert.equal(results.length, 2);
  });
});
