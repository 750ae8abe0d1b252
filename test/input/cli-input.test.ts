/**
 * Malformed and hostile files given to `evaluate <snapshot>`, `securityhub import <report>`
 * and `merge <report>…`. Every one is refused with exit 2 and one line on stderr, with no stack
 * trace, no control character from the file and nothing written. The whole matrix runs through
 * the CLI's `main` in this process (fast); a sample of it through the built CLI, as a user runs it.
 */
import assert from 'node:assert/strict';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, writeFileSync, ftruncateSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { runBuiltCli, runCli, type CliRun } from '../e2e/run-cli.js';
import { DEMO_PATH, demo, nonLogLines, tempDir } from '../faults/support.js';

const dir = tempDir('apiposture-input-');

function file(name: string, content: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

/** A sparse file of `bytes` bytes: no disk space, no time. */
function sparse(name: string, bytes: number): string {
  const path = join(dir, name);
  const fd = openSync(path, 'w');
  ftruncateSync(fd, bytes);
  closeSync(fd);
  return path;
}

const OVER_512_MB = 512 * 1024 * 1024 + 1;
/** Snapshots may be larger than reports (a 10,000-API account's is 650 MB): their limit is 1 GiB. */
const OVER_1_GIB = 1024 * 1024 * 1024 + 1;
/** Escape sequences that would clear the screen and retitle the terminal, and a line break. */
const TERMINAL_ATTACK = '\u001b[2J\u001b]0;pwned\u0007\r\nFAKE: all good\n';

function deeplyNested(depth: number): string {
  return `{"schemaVersion":1,"x":${'['.repeat(depth)}${']'.repeat(depth)}}`;
}

interface BadFile {
  name: string;
  /** Makes the file; `kind` is what it stands in for (undefined: not a case for that kind). */
  make: (kind: 'snapshot' | 'report') => string | undefined;
  /** What the one line says, for both kinds. */
  error: RegExp;
}

let validReport = '';

const BAD_FILES: BadFile[] = [
  { name: 'missing', make: () => join(dir, 'nope.json'), error: /cannot read (snapshot|report) .*: no such file/ },
  {
    name: 'a directory',
    make: (kind) => {
      const path = join(dir, `${kind}-dir.json`);
      mkdirSync(path, { recursive: true });
      return path;
    },
    error: /cannot read (snapshot|report) .*: EISDIR/,
  },
  { name: 'empty', make: (kind) => file(`${kind}-empty.json`, ''), error: /is not valid JSON/ },
  {
    name: 'truncated JSON',
    make: (kind) => file(`${kind}-cut.json`, (kind === 'snapshot' ? JSON.stringify(demo) : validReport).slice(0, 700)),
    error: /is not valid JSON/,
  },
  {
    name: 'binary garbage with terminal escapes',
    make: (kind) => file(`${kind}-garbage.bin`, Buffer.concat([Buffer.from([0xff, 0xfe, 0x00, 0x9b]), Buffer.from(TERMINAL_ATTACK), Buffer.alloc(64, 0xc3)])),
    error: /is not valid JSON/,
  },
  { name: 'a JSON array', make: (kind) => file(`${kind}-array.json`, '[{"schemaVersion": 1}]'), error: /is not an apiposture (inventory snapshot|report) \(expected a JSON object\)/ },
  { name: 'JSON null', make: (kind) => file(`${kind}-null.json`, 'null'), error: /expected a JSON object/ },
  { name: 'a JSON string', make: (kind) => file(`${kind}-string.json`, '"schemaVersion"'), error: /expected a JSON object/ },
  { name: 'no schemaVersion', make: (kind) => file(`${kind}-unversioned.json`, '{"regions": []}'), error: /no schemaVersion/ },
  {
    name: 'another schema version',
    make: (kind) => file(`${kind}-v9.json`, JSON.stringify({ ...(kind === 'snapshot' ? demo : JSON.parse(validReport)), schemaVersion: 9 })),
    error: /schema version 9; this apiposture reads version \d+/,
  },
  {
    name: 'a schema version that is a huge string with line breaks',
    make: (kind) => file(`${kind}-hugeversion.json`, JSON.stringify({ schemaVersion: `${TERMINAL_ATTACK}${'9'.repeat(100_000)}` })),
    error: /schema version "\\u001b\[2J.*…$/,
  },
  {
    name: 'wrong types',
    make: (kind) => {
      if (kind === 'snapshot') {
        const broken = structuredClone(demo) as unknown as { regions: { region: unknown }[] };
        broken.regions[0]!.region = 42;
        return file('snapshot-types.json', JSON.stringify(broken));
      }
      const report = JSON.parse(validReport) as { results: unknown[][] };
      report.results[0]![1] = 'MAYBE';
      return file('report-types.json', JSON.stringify(report));
    },
    error: /is not a valid apiposture (inventory snapshot|report): (regions\.0\.region|results\.0\.1): /,
  },
  {
    // Only snapshots have keyed maps whose values are checked (a report's evidence is free-form).
    name: 'a key with line breaks and escapes in the failing path',
    make: (kind) => {
      if (kind === 'report') return undefined;
      const broken = structuredClone(demo);
      (broken.regions[0]!.webAcls as Record<string, unknown>)[`evil${TERMINAL_ATTACK}`] = { ok: 'yes' };
      return file('snapshot-evilkey.json', JSON.stringify(broken));
    },
    error: /is not a valid apiposture inventory snapshot: regions\.0\.webAcls\.evil\\u001B\[2J\\u001B\]0;pwned\\u0007\\u000D\\u000AFAKE: all good\\u000A/,
  },
  { name: 'deeply nested', make: (kind) => file(`${kind}-deep.json`, deeplyNested(100_000)), error: /nests deeper than 256 levels/ },
  {
    name: 'deeply nested where the schema does not look (a web ACL rule, report evidence)',
    make: (kind) => {
      const deep = `${'{"NotStatement":{"Statement":'.repeat(5_000)}{}${'}}'.repeat(5_000)}`;
      if (kind === 'snapshot') {
        const inventory = structuredClone(demo);
        const acl = Object.values(inventory.regions[0]!.webAcls)[0]!;
        assert.ok(acl.ok);
        acl.value.Rules = [{ Name: 'deep', Statement: '__DEEP__' }];
        return file('snapshot-deepacl.json', JSON.stringify(inventory).replace('"__DEEP__"', deep));
      }
      // report.json is compact since schema version 2; since version 3 evidence records are in one table.
      const withDeepEvidence = validReport.replace(/"evidence":\s*\[\{/, `"evidence": [{"deep": ${deep},`);
      assert.notEqual(withDeepEvidence, validReport, 'the report has evidence to nest into');
      return file('report-deepevidence.json', withDeepEvidence);
    },
    error: /nests deeper than 256 levels/,
  },
  {
    name: 'over the 512 MB limit (sparse)',
    make: (kind) => sparse(`${kind}-huge.json`, kind === 'snapshot' ? OVER_1_GIB : OVER_512_MB),
    error: /is (536870913 bytes, over the 536870912|1073741825 bytes, over the 1073741824)-byte limit/,
  },
];


type Runner = (args: string[]) => Promise<CliRun>;

function commandsFor(bad: BadFile, out: (command: string) => string): [string, string[]][] {
  const snapshot = bad.make('snapshot');
  const report = bad.make('report');
  return [
    ...(snapshot ? [['evaluate', ['evaluate', snapshot, '--output-dir', out('evaluate')]] as [string, string[]]] : []),
    ...(report
      ? [
          ['securityhub import', ['securityhub', 'import', report, '--security-hub-dry-run', '--output-dir', out('securityhub')]] as [string, string[]],
          ['merge', ['merge', report, '--output-dir', out('merge')]] as [string, string[]],
        ]
      : []),
  ];
}

async function assertAllRefused(bad: BadFile, run: Runner, commands?: readonly string[]): Promise<void> {
  const out = (command: string) => join(dir, `out-${run === runBuiltCli ? 'cli' : 'main'}-${command}-${bad.name.replace(/\W+/g, '-')}`);
  const chosen = commandsFor(bad, out).filter(([name]) => !commands || commands.includes(name));
  assert.ok(chosen.length > 0);
  for (const [name, args] of chosen) assertRefused(await run(args), bad.error, `${name} (${bad.name})`);
  for (const command of ['evaluate', 'securityhub', 'merge']) assert.equal(existsSync(out(command)), false, `nothing written by ${command}`);
}

function assertRefused(run: CliRun, error: RegExp, label: string): void {
  assert.equal(run.code, 2, `${label}: exit code (stderr: ${run.stderr.slice(0, 300)})`);
  assert.equal(run.stdout, '', `${label}: nothing on stdout`);
  const lines = nonLogLines(run.stderr);
  assert.equal(lines.length, 1, `${label}: one line (stderr: ${run.stderr.slice(0, 300)})`);
  const line = lines[0]!;
  // eslint-disable-next-line no-control-regex
  assert.doesNotMatch(line, /[\u0000-\u001f\u007f-\u009f]/, `${label}: no control character reaches the terminal`);
  assert.ok(line.length <= 2100, `${label}: a line, not a page (${line.length} characters)`);
  assert.match(line, /^apiposture: /, label);
  assert.doesNotMatch(line, /\bat .*\.js:\d+/, `${label}: no stack trace`);
  assert.match(line, error, label);
}

describe('malformed and hostile input files', () => {
  before(async () => {
    const out = join(dir, 'valid');
    const run = await runCli(['evaluate', DEMO_PATH, '--output-dir', out, '--fail-on', 'none', '--format', 'json']);
    assert.equal(run.code, 3, run.stderr);
    validReport = readFileSync(join(out, 'report.json'), 'utf8');
  });

  for (const bad of BAD_FILES) {
    it(`${bad.name}: evaluate, securityhub import and merge exit 2 with one line`, () => assertAllRefused(bad, runCli));
  }

  describe('the same through the built CLI (a sample)', () => {
    const sample: [string, string][] = [
      ['binary garbage with terminal escapes', 'evaluate'],
      ['a key with line breaks and escapes in the failing path', 'evaluate'],
      ['over the 512 MB limit (sparse)', 'securityhub import'],
      ['a schema version that is a huge string with line breaks', 'securityhub import'],
      ['deeply nested', 'merge'],
      ['wrong types', 'merge'],
    ];
    for (const [name, command] of sample) {
      it(`${name}: ${command}`, () => assertAllRefused(BAD_FILES.find((b) => b.name === name)!, runBuiltCli, [command]));
    }
  });

  it('merge names the bad file among good ones, and writes nothing', async () => {
    const good = join(dir, 'valid', 'report.json');
    const bad = file('merge-bad.json', '{"schemaVersion": 1, "tool": 5}');
    const out = join(dir, 'out-merge-mixed');
    const run = await runCli(['merge', good, bad, '--output-dir', out]);
    assertRefused(run, /merge-bad\.json is not a valid apiposture report: tool: /, 'merge');
    assert.equal(existsSync(out), false);
  });
});
