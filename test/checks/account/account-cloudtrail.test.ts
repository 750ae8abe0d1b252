import check from '../../../checks/account/account-cloudtrail.js';
import { failed, inventory, region, trail, type RegionInput } from '../../fixtures/builders.js';
import { testCheck } from '../tester.js';

function inv(trails: RegionInput['trails'], more: RegionInput[] = []) {
  return inventory({ regions: [region({ trails }), ...more.map((r) => region(r))] });
}

const legacy = trail({
  Name: 'legacy-us',
  HomeRegion: 'us-east-1',
  IsMultiRegionTrail: false,
  LogFileValidationEnabled: false,
  KmsKeyId: undefined,
});

testCheck(check, [
  {
    name: 'a multi-Region, validated, encrypted, logging trail recording all management events passes',
    inventory: inv([trail()]),
    expect: [
      {
        status: 'PASS',
        messageId: 'audited',
        resource: '123456789012/eu-west-1',
        evidence: { trail: 'org-audit', trails: ['org-audit (home eu-west-1): meets every requirement'] },
      },
    ],
  },
  {
    name: 'one good trail among weak ones passes; the evidence lists each trail',
    inventory: inv([legacy, trail()]),
    expect: [
      {
        status: 'PASS',
        evidence: {
          trails: [
            'legacy-us (home us-east-1): not multi-Region; no log file validation; not encrypted with a KMS key',
            'org-audit (home eu-west-1): meets every requirement',
          ],
        },
      },
    ],
  },
  {
    name: 'no trail: fail',
    inventory: inv([]),
    expect: [{ status: 'FAIL', messageId: 'no-trails' }],
  },
  {
    name: 'a single-Region trail without validation or KMS fails, saying what it lacks',
    inventory: inv([legacy]),
    expect: [
      {
        status: 'FAIL',
        messageId: 'no-compliant-trail',
        evidence: { trails: ['legacy-us (home us-east-1): not multi-Region; no log file validation; not encrypted with a KMS key'] },
      },
    ],
  },
  {
    name: 'a stopped trail, or one without global service events, fails',
    inventory: inv([trail({ Name: 'stopped', status: { IsLogging: false } }), trail({ Name: 'regional-events', IncludeGlobalServiceEvents: false })]),
    expect: [
      {
        status: 'FAIL',
        evidence: { trails: ['stopped (home eu-west-1): not logging', 'regional-events (home eu-west-1): no global service events'] },
      },
    ],
  },
  {
    name: 'basic selectors: write-only, excluded sources, or no management events fail',
    inventory: inv([
      trail({ Name: 'writes', selectors: { EventSelectors: [{ ReadWriteType: 'WriteOnly', IncludeManagementEvents: true }] } }),
      trail({
        Name: 'no-kms-events',
        selectors: { EventSelectors: [{ ReadWriteType: 'All', IncludeManagementEvents: true, ExcludeManagementEventSources: ['kms.amazonaws.com'] }] },
      }),
      trail({ Name: 'data-only', selectors: { EventSelectors: [{ ReadWriteType: 'All', IncludeManagementEvents: false }] } }),
    ]),
    expect: [
      {
        status: 'FAIL',
        evidence: {
          trails: [
            'writes (home eu-west-1): write-only management events only',
            'no-kms-events (home eu-west-1): no management events; a selector excludes management events from kms.amazonaws.com',
            'data-only (home eu-west-1): no management events',
          ],
        },
      },
    ],
  },
  {
    name: 'basic selectors splitting reads and writes cover both',
    inventory: inv([
      trail({
        Name: 'split',
        selectors: { EventSelectors: [{ ReadWriteType: 'ReadOnly' }, { ReadWriteType: 'WriteOnly', IncludeManagementEvents: true }] },
      }),
    ]),
    expect: [{ status: 'PASS', evidence: { trail: 'split' } }],
  },
  {
    name: 'default selectors (none returned) record all management events',
    inventory: inv([trail({ selectors: {} })]),
    expect: [{ status: 'PASS' }],
  },
  {
    name: 'advanced selectors: eventCategory Management without filters passes',
    inventory: inv([
      trail({
        selectors: {
          AdvancedEventSelectors: [
            { Name: 'management', FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }] },
            { Name: 's3-data', FieldSelectors: [{ Field: 'eventCategory', Equals: ['Data'] }, { Field: 'resources.type', Equals: ['AWS::S3::Object'] }] },
          ],
        },
      }),
    ]),
    expect: [{ status: 'PASS' }],
  },
  {
    name: 'advanced selectors: a readOnly filter or an eventSource exclusion fails; data events only fails',
    inventory: inv([
      trail({
        Name: 'writes',
        selectors: { AdvancedEventSelectors: [{ FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }, { Field: 'readOnly', Equals: ['false'] }] }] },
      }),
      trail({
        Name: 'no-kms',
        selectors: {
          AdvancedEventSelectors: [
            {
              Name: 'mgmt-without-kms',
              FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }, { Field: 'eventSource', NotEquals: ['kms.amazonaws.com'] }],
            },
          ],
        },
      }),
      trail({ Name: 'data', selectors: { AdvancedEventSelectors: [{ FieldSelectors: [{ Field: 'eventCategory', Equals: ['Data'] }] }] } }),
    ]),
    expect: [
      {
        status: 'FAIL',
        evidence: {
          trails: [
            'writes (home eu-west-1): write-only management events only',
            'no-kms (home eu-west-1): no management events; selector mgmt-without-kms filters on eventSource',
            'data (home eu-west-1): no management events',
          ],
        },
      },
    ],
  },
  {
    name: 'advanced selectors for reads and for writes together cover both',
    inventory: inv([
      trail({
        selectors: {
          AdvancedEventSelectors: [
            { FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }, { Field: 'readOnly', Equals: ['true'] }] },
            { FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }, { Field: 'readOnly', Equals: ['false'] }] },
          ],
        },
      }),
    ]),
    expect: [{ status: 'PASS' }],
  },
  {
    name: 'DescribeTrails denied is ERROR; each region gets its own result',
    inventory: inv(failed('DescribeTrails'), [{ region: 'us-east-1', trails: [legacy] }]),
    expect: [
      { status: 'ERROR', messageId: 'collection-gap', resource: '123456789012/eu-west-1' },
      { status: 'FAIL', resource: '123456789012/us-east-1' },
    ],
  },
  {
    name: 'a candidate trail whose status or selectors were not collected is ERROR',
    inventory: inv([legacy, trail({ status: failed('GetTrailStatus') })]),
    expect: [
      {
        status: 'ERROR',
        messageId: 'collection-gap',
        evidence: { trails: ['legacy-us (home us-east-1): not multi-Region; no log file validation; not encrypted with a KMS key', 'org-audit (home eu-west-1): logging status not collected'] },
      },
    ],
  },
  {
    name: 'missing data of a trail that fails anyway, or when another trail passes, changes nothing',
    inventory: inv([legacy, trail({ Name: 'shadow', selectors: failed('GetEventSelectors') }), trail()], [
      { region: 'us-east-1', trails: [trail({ Name: 'unvalidated', LogFileValidationEnabled: false, status: failed('GetTrailStatus') })] },
    ]),
    expect: [
      { status: 'PASS', resource: '123456789012/eu-west-1', evidence: { trail: 'org-audit' } },
      { status: 'FAIL', resource: '123456789012/us-east-1', evidence: { trails: ['unvalidated (home eu-west-1): no log file validation; logging status not collected'] } },
    ],
  },
]);
