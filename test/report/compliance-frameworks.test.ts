import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { allChecks } from '../../checks/index.js';
import { FRAMEWORKS, isKnownRequirement, mappedIds } from '../../src/model/frameworks/index.js';
import nist, { NIST_BY_SECURITY_HUB_CONTROL } from '../../src/model/frameworks/nist-800-53-r5.js';
import securityHub from '../../src/model/frameworks/security-hub.js';

const sorted = (ids: Iterable<string>) => [...new Set(ids)].sort();

describe('framework mappings', () => {
  it('every mapping id of every check is a requirement of its framework', () => {
    for (const check of allChecks) {
      for (const framework of FRAMEWORKS) {
        for (const id of mappedIds(check.mappings, framework)) {
          assert.ok(isKnownRequirement(framework, id), `${check.id}: unknown ${framework.title} id ${id}`);
        }
      }
    }
  });

  it('framework ids and requirement ids are unique', () => {
    assert.equal(new Set(FRAMEWORKS.map((f) => f.id)).size, FRAMEWORKS.length);
    for (const framework of FRAMEWORKS) {
      const ids = framework.requirements.map((r) => r.id);
      assert.equal(new Set(ids).size, ids.length, framework.id);
    }
  });
});

describe('NIST SP 800-53 Rev. 5 is derived from the Security Hub controls', () => {
  it('every Security Hub control has its NIST requirements in the table', () => {
    assert.deepEqual(sorted(Object.keys(NIST_BY_SECURITY_HUB_CONTROL)), sorted(securityHub.requirements.map((r) => r.id)));
  });

  it('the framework lists exactly the NIST controls those Security Hub controls relate to', () => {
    assert.deepEqual(sorted(nist.requirements.map((r) => r.id)), sorted(Object.values(NIST_BY_SECURITY_HUB_CONTROL).flat()));
    for (const requirement of nist.requirements) assert.ok(requirement.title, `${requirement.id} has a title`);
  });

  it("each check maps to the NIST controls of its Security Hub controls, no more and no fewer", () => {
    for (const check of allChecks) {
      const derived = sorted(mappedIds(check.mappings, securityHub).flatMap((control) => NIST_BY_SECURITY_HUB_CONTROL[control] ?? []));
      assert.deepEqual(sorted(mappedIds(check.mappings, nist)), derived, check.id);
    }
  });

  it('some checks do map to it', () => {
    assert.ok(allChecks.filter((check) => mappedIds(check.mappings, nist).length > 0).length >= 10);
  });
});
