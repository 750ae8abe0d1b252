import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assessTrail, describeAssessment, managementEventCoverage } from '../../src/analysis/cloudtrail.js';
import { failed, trail } from '../fixtures/builders.js';

describe('managementEventCoverage', () => {
  const cases: [string, Parameters<typeof managementEventCoverage>[0], boolean, string][] = [
    ['no selectors: the default', {}, true, 'all management events (default selectors)'],
    ['empty lists: the default', { EventSelectors: [], AdvancedEventSelectors: [] }, true, 'all management events (default selectors)'],
    ['basic, fields left to their defaults', { EventSelectors: [{}] }, true, 'all management events (basic selectors)'],
    ['basic, read-only', { EventSelectors: [{ ReadWriteType: 'ReadOnly' }] }, false, 'read-only management events only'],
    [
      'basic, excluding RDS Data API events',
      { EventSelectors: [{ ExcludeManagementEventSources: ['rdsdata.amazonaws.com'] }] },
      false,
      'no management events; a selector excludes management events from rdsdata.amazonaws.com',
    ],
    [
      'advanced, management with a readOnly operator other than Equals',
      { AdvancedEventSelectors: [{ FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }, { Field: 'readOnly', NotEquals: ['true'] }] }] },
      false,
      'no management events; a management selector filters readOnly with an operator other than Equals',
    ],
    [
      'advanced, management filtered by caller',
      {
        AdvancedEventSelectors: [
          { Name: 'ops', FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }, { Field: 'userIdentity.arn', NotStartsWith: ['arn:aws:sts::1:assumed-role/ci'] }] },
        ],
      },
      false,
      'no management events; selector ops filters on userIdentity.arn',
    ],
    [
      'advanced, eventCategory NotEquals Data is not an Equals Management',
      { AdvancedEventSelectors: [{ FieldSelectors: [{ Field: 'eventCategory', NotEquals: ['Data'] }] }] },
      false,
      'no management events',
    ],
  ];
  for (const [name, selectors, all, detail] of cases) {
    it(name, () => assert.deepEqual(managementEventCoverage(selectors), { all, detail }));
  }
});

describe('assessTrail', () => {
  it('finds nothing lacking in a good trail', () => {
    const a = assessTrail(trail());
    assert.deepEqual(a.lacks, []);
    assert.deepEqual(a.unknown, []);
    assert.equal(describeAssessment(a), 'org-audit (home eu-west-1): meets every requirement');
  });

  it('lists what is lacking and what was not collected', () => {
    const a = assessTrail(
      trail({ KmsKeyId: ' ', IncludeGlobalServiceEvents: undefined, HomeRegion: undefined, status: failed('GetTrailStatus'), selectors: failed('GetEventSelectors') }),
    );
    assert.deepEqual(a.lacks, ['no global service events', 'not encrypted with a KMS key']);
    assert.deepEqual(a.unknown.map((u) => [u.what, u.error.operation]), [
      ['logging status', 'GetTrailStatus'],
      ['event selectors', 'GetEventSelectors'],
    ]);
    assert.equal(
      describeAssessment(a),
      'org-audit: no global service events; not encrypted with a KMS key; logging status not collected; event selectors not collected',
    );
  });
});
