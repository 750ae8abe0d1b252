/**
 * Registry parity: check files, the generated registry, check tests and the generated catalogue
 * name exactly the same ids, and every check's metadata is well formed.
 */
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { allChecks } from '../../checks/index.js';
import { renderCatalogue, renderCheck } from '../../src/cli/commands/checks.js';
import type { AnyCheck } from '../../src/engine/define.js';
import { RESOURCE_TYPES, SEVERITIES } from '../../src/engine/types.js';
import { FRAMEWORKS, isKnownRequirement, mappedIds, mappingsSchema } from '../../src/model/frameworks/index.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const KEBAB = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? walk(path) : [path];
  });
}

const checkFiles = walk(join(ROOT, 'checks')).filter((f) => f.endsWith('.ts') && f !== join(ROOT, 'checks', 'index.ts'));
const testFiles = walk(join(ROOT, 'test', 'checks')).filter(
  (f) => f.endsWith('.test.ts') && f !== fileURLToPath(import.meta.url),
);

const sorted = (ids: Iterable<string>) => [...ids].sort();
const fileIds = sorted(checkFiles.map((f) => basename(f, '.ts')));
const registryIds = sorted(allChecks.map((c) => c.id));
const testIds = sorted(testFiles.map((f) => basename(f, '.test.ts')));
const docIds = sorted(
  [...readFileSync(join(ROOT, 'docs', 'checks.md'), 'utf8').matchAll(/^## (\S+)\s*$/gm)].map((m) => m[1]!),
);

describe('check registry', () => {
  it('has checks', () => assert.ok(allChecks.length > 0));

  it('no two checks share an id', () => {
    assert.equal(new Set(registryIds).size, registryIds.length, `duplicates in ${registryIds.join(', ')}`);
    assert.equal(new Set(fileIds).size, fileIds.length, `two check files share a name: ${fileIds.join(', ')}`);
  });

  it('check files and the registry name the same ids (run `npm run gen`)', () => assert.deepEqual(registryIds, fileIds));
  it('lifecycle: a replaced id is no live check and is replaced once; a deprecated check names live replacements', () => {
    const live = new Set(allChecks.map((c) => c.id));
    const replaced = allChecks.flatMap((c) => c.replaces ?? []);
    assert.deepEqual(replaced.filter((id) => live.has(id)), [], 'an id still in use cannot be replaced');
    assert.equal(new Set(replaced).size, replaced.length, 'each old id is resolved by one check');
    const replacements = allChecks.flatMap((c) => c.deprecated?.replacedBy ?? []);
    assert.deepEqual(replacements.filter((id) => !live.has(id)), []);
  });

  it('every check has a test file named after it, and every test file a check', () => assert.deepEqual(testIds, fileIds));
  it('docs/checks.md has a section per check (run `npm run gen`)', () => assert.deepEqual(docIds, fileIds));

  it('each check file exports the check whose id is its file name', async () => {
    for (const file of checkFiles) {
      const mod = (await import(pathToFileURL(file).href)) as { default?: AnyCheck };
      assert.ok(mod.default, `${file} has no default export`);
      assert.equal(mod.default.id, basename(file, '.ts'), `${file}: id`);
      assert.ok(allChecks.includes(mod.default), `${file}: its check is not the registered one`);
    }
  });
});

describe('check metadata', () => {
  for (const check of allChecks) {
    describe(check.id, () => {
      it('id is kebab-case', () => assert.match(check.id, KEBAB));
      it('title is one line of at most 120 characters', () => {
        assert.ok(check.title.trim().length > 0, 'empty title');
        assert.ok(check.title.length <= 120, `title is ${check.title.length} characters`);
        assert.doesNotMatch(check.title, /\n/);
      });
      it('severity and resource types are known, at least one and none twice', () => {
        assert.ok((SEVERITIES as readonly string[]).includes(check.severity), check.severity);
        assert.ok(check.resourceTypes.length > 0, 'no resource type declared');
        for (const type of check.resourceTypes) assert.ok((RESOURCE_TYPES as readonly string[]).includes(type), type);
        assert.equal(new Set(check.resourceTypes).size, check.resourceTypes.length, `repeated: ${check.resourceTypes.join(', ')}`);
      });
      it('rationale and remediation are written', () => {
        assert.ok(check.rationale.trim().length >= 80, 'rationale is too short to explain anything');
        assert.ok(check.remediation.text.trim().length > 0, 'remediation text is empty');
        if (check.remediation.cli !== undefined) assert.match(check.remediation.cli, /^aws /, 'CLI remediation is an aws command');
        if (check.remediation.docs !== undefined) assert.match(check.remediation.docs, /^https:\/\//, 'docs is a URL');
      });
      it('maps to known frameworks only, and to known requirement ids of each', () => {
        assert.deepEqual(mappingsSchema.strict().parse(check.mappings), check.mappings);
        for (const framework of FRAMEWORKS) {
          for (const id of mappedIds(check.mappings, framework)) {
            assert.ok(isKnownRequirement(framework, id), `unknown ${framework.title} id ${id}`);
          }
        }
      });
      it('messages are non-empty and do not shadow built-in message ids', () => {
        const entries = Object.entries(check.messages as Record<string, string>);
        assert.ok(entries.length > 0, 'no messages');
        for (const [id, template] of entries) {
          assert.match(id, KEBAB, `message id ${id}`);
          assert.ok(template.trim().length > 0, `message ${id} is empty`);
          assert.ok(!['collection-gap', 'invalid-data', 'check-error'].includes(id), `message ${id} shadows a built-in`);
        }
      });
    });
  }
});

/** Why a root-cause table (check id → the checks it subsumes) is unsound; none when it is sound. */
function subsumptionProblems(table: ReadonlyMap<string, readonly string[]>, live: ReadonlySet<string>): string[] {
  const problems: string[] = [];
  for (const [id, subsumed] of table) {
    for (const other of subsumed) {
      if (other === id) problems.push(`${id} subsumes itself`);
      else if (!live.has(other)) problems.push(`${id} subsumes ${other}, which is no registered check`);
    }
  }
  // Two checks subsuming each other (directly or round a cycle) would leave both failures out of the score.
  const visiting: string[] = [];
  const done = new Set<string>();
  const visit = (id: string): void => {
    if (done.has(id)) return;
    if (visiting.includes(id)) {
      problems.push(`cycle: ${[...visiting.slice(visiting.indexOf(id)), id].join(' → ')}`);
      return;
    }
    visiting.push(id);
    for (const other of table.get(id) ?? []) if (other !== id) visit(other);
    visiting.pop();
    done.add(id);
  };
  for (const id of table.keys()) visit(id);
  return problems;
}

describe('root causes (`subsumes`)', () => {
  const live = new Set(allChecks.map((c) => c.id));

  it('name registered checks other than the check itself, without a cycle', () => {
    const table = new Map(allChecks.flatMap((c) => (c.subsumes ? [[c.id, c.subsumes] as const] : [])));
    assert.ok(table.size > 0);
    assert.deepEqual(subsumptionProblems(table, live), []);
  });

  it('the validation catches an unknown id, a check subsuming itself and a cycle', () => {
    const table = new Map([
      ['rest-method-authorization', ['rest-stage-waf', 'no-such-check']],
      ['rest-stage-waf', ['rest-stage-throttling']],
      ['rest-stage-throttling', ['rest-method-authorization', 'rest-stage-throttling']],
    ]);
    assert.deepEqual(subsumptionProblems(table, live), [
      'rest-method-authorization subsumes no-such-check, which is no registered check',
      'rest-stage-throttling subsumes itself',
      'cycle: rest-method-authorization → rest-stage-waf → rest-stage-throttling → rest-method-authorization',
    ]);
  });
});

describe('declared resource types reach every consumer', () => {
  const catalogue = readFileSync(join(ROOT, 'docs', 'checks.md'), 'utf8');
  const byId = (id: string) => allChecks.find((c) => c.id === id)!;

  it('a check evaluating REST and v2 stages declares both, the main one first', () => {
    assert.deepEqual(byId('access-log-group').resourceTypes, ['rest-stage', 'v2-stage']);
    assert.deepEqual(byId('default-endpoint-disabled').resourceTypes, ['rest-api', 'http-api', 'websocket-api']);
  });

  it('docs/checks.md names every declared type of each check (run `npm run gen`)', () => {
    for (const check of allChecks) {
      assert.ok(catalogue.includes(`**${check.title}** (${check.severity}, ${check.resourceTypes.join(', ')})`), check.id);
    }
  });

  it('`checks` and `checks show` name them, with the Security Hub resource types', () => {
    assert.match(renderCatalogue(allChecks), /^api-monitoring-alarms\s+\S+\s+rest-stage,v2-stage\s/m);
    const shown = renderCheck(byId('v2-integration-tls'));
    assert.match(shown, /resources: http-api, websocket-api/);
    assert.match(shown, /Security Hub resource types: AwsApiGatewayV2Api$/m);
    assert.match(renderCheck(byId('access-log-group')), /Security Hub resource types: AwsApiGatewayStage, AwsApiGatewayV2Stage$/m);
  });
});
