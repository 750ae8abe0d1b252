import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { allChecks } from '../../checks/index.js';
import { InputError } from '../../src/errors.js';
import { MAX_MUTE_FILE_BYTES, parseMuteFile, readMuteFile } from '../../src/mute/file.js';

const IDS = allChecks.map((check) => check.id);

function parse(text: string) {
  return parseMuteFile(text, 'mutes.yaml', IDS);
}

/** The one-line message a bad file earns. */
function problem(text: string): string {
  try {
    parse(text);
  } catch (error) {
    assert.ok(error instanceof InputError, `an InputError, not ${String(error)}`);
    assert.ok(!error.message.includes('\n'), `one line: ${error.message}`);
    return error.message;
  }
  assert.fail('the file was accepted');
}

const RULE = '  - reason: accepted\n    owner: team@example.com\n';

describe('mute file: what is accepted', () => {
  it('reads YAML with comments, settles ids (given, else rules[<index>]) and lower-cases check ids', () => {
    const list = parse(
      [
        '# accepted findings',
        'schemaVersion: 1',
        'rules:',
        '  - id: status-page',
        '    reason: anonymous by design   # trailing comment',
        '    owner: platform@example.com',
        '    expires: 2027-06-30',
        '    checks: [REST-Method-Authorization]',
        '    resources: [public-status]',
        '  - reason: dev stages',
        '    owner: dev@example.com',
        '    resources: ["*/dev"]',
        '    tags: { env: dev }',
      ].join('\n'),
    );
    assert.deepEqual(list, {
      source: 'mutes.yaml',
      rules: [
        {
          id: 'status-page',
          reason: 'anonymous by design',
          owner: 'platform@example.com',
          expires: '2027-06-30',
          checks: ['rest-method-authorization'],
          resources: ['public-status'],
        },
        { id: 'rules[1]', reason: 'dev stages', owner: 'dev@example.com', resources: ['*/dev'], tags: { env: 'dev' } },
      ],
    });
  });

  it('reads JSON as it is', () => {
    const list = parse(JSON.stringify({ schemaVersion: 1, rules: [{ reason: 'r', owner: 'o', accounts: ['123456789012'], expires: '2027-01-01T12:00:00Z' }] }));
    assert.equal(list.rules[0]!.expires, '2027-01-01T12:00:00Z');
  });

  it('accepts check patterns that match a known check, and an empty rule list', () => {
    assert.deepEqual(parse(`schemaVersion: 1\nrules:\n${RULE}    checks: ["rest-stage-*"]\n`).rules[0]!.checks, ['rest-stage-*']);
    assert.deepEqual(parse('schemaVersion: 1\nrules: []\n').rules, []);
  });
});

describe('mute file: one line naming the bad entry, exit 2', () => {
  const cases: [string, string, string][] = [
    ['a missing reason', `schemaVersion: 1\nrules:\n${RULE}    checks: [rest-stage-waf]\n  - owner: o\n    checks: [rest-stage-waf]\n`, 'rules[1].reason: required'],
    ['an empty reason', `schemaVersion: 1\nrules:\n  - reason: "  "\n    owner: o\n    checks: [rest-stage-waf]\n`, 'rules[0].reason: must not be empty'],
    ['a missing owner', `schemaVersion: 1\nrules:\n  - reason: r\n    checks: [rest-stage-waf]\n`, 'rules[0].owner: required'],
    ['no matcher (it would mute everything)', `schemaVersion: 1\nrules:\n${RULE}`, 'rules[0]: needs at least one matcher'],
    ['an empty matcher list', `schemaVersion: 1\nrules:\n${RULE}    regions: []\n`, 'rules[0].regions: needs at least one entry'],
    ['a misspelt key', `schemaVersion: 1\nrules:\n${RULE}    check: [rest-stage-waf]\n`, "rules[0]: unknown key 'check'"],
    ['a bad expiry', `schemaVersion: 1\nrules:\n${RULE}    checks: [rest-stage-waf]\n    expires: 2027-02-30\n`, 'rules[0].expires: must be an ISO date'],
    ['a tag value that is not a string', `schemaVersion: 1\nrules:\n${RULE}    tags: { critical: true }\n`, 'rules[0].tags.critical: must be a string'],
    ['an unknown check', `schemaVersion: 1\nrules:\n${RULE}    checks: [rest-stage-wafs]\n`, "rules[0].checks[0]: unknown check 'rest-stage-wafs'; did you mean rest-stage-waf?"],
    ['a pattern that matches no check', `schemaVersion: 1\nrules:\n${RULE}    checks: [rest-stage-waf, "graphql-*"]\n`, "rules[0].checks[1]: 'graphql-*' matches no check"],
    ['a duplicate id', `schemaVersion: 1\nrules:\n  - id: a\n    reason: r\n    owner: o\n    regions: [eu-west-1]\n  - id: a\n    reason: r\n    owner: o\n    regions: [us-east-1]\n`, "rules[1].id: 'a' is also the id of rules[0]"],
    ['another version', 'schemaVersion: 2\nrules: []\n', 'schemaVersion: must be 1'],
    ['no rules list', 'schemaVersion: 1\n', 'rules: required'],
    ['an empty file', '', 'is empty'],
    ['broken YAML', 'schemaVersion: 1\nrules: [\n', 'not valid YAML or JSON'],
  ];
  for (const [name, text, expected] of cases) {
    it(name, () => {
      const message = problem(text);
      assert.ok(message.startsWith('mute file mutes.yaml: '), message);
      assert.ok(message.includes(expected), `${message} should include ${expected}`);
    });
  }
});

describe('readMuteFile', () => {
  const dir = mkdtempSync(join(tmpdir(), 'apiposture-mutes-'));

  it('reads a file', async () => {
    const path = join(dir, 'ok.yaml');
    writeFileSync(path, `schemaVersion: 1\nrules:\n${RULE}    regions: [eu-west-1]\n`);
    assert.equal((await readMuteFile(path, IDS)).rules.length, 1);
  });

  it('a missing file is one line, not a stack trace', async () => {
    await assert.rejects(readMuteFile(join(dir, 'missing.yaml'), IDS), (error: Error) => {
      assert.ok(error instanceof InputError);
      assert.equal(error.message, `mute file ${join(dir, 'missing.yaml')}: cannot be read (ENOENT)`);
      return true;
    });
  });

  it('refuses a file over the size limit before reading it', async () => {
    const path = join(dir, 'big.yaml');
    writeFileSync(path, `# ${'x'.repeat(MAX_MUTE_FILE_BYTES)}\n`);
    await assert.rejects(readMuteFile(path, IDS), /over the 1048576-byte limit/);
  });
});
