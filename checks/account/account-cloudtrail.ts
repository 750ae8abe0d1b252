import { defineCheck } from '../../src/engine/define.js';
import { assessTrail, describeAssessment } from '../../src/analysis/cloudtrail.js';
import type { RegionEntity } from '../../src/inventory/view.js';

type MessageId = 'audited' | 'no-compliant-trail' | 'no-trails';

export default defineCheck<RegionEntity, MessageId>({
  id: 'account-cloudtrail',
  title: 'A multi-Region, validated, KMS-encrypted CloudTrail trail records all management events',
  severity: 'high',
  resourceTypes: ['account'],
  reads: ['trails'],
  rationale:
    'CloudTrail is the record of who changed an API: who removed an authorizer, attached a ' +
    'permissive resource policy, disabled a web ACL, deployed a stage or created an API key. ' +
    'Event history keeps only 90 days of management events, region by region; a trail keeps them ' +
    'as long as you want. It must be multi-Region with global service events ' +
    '(IAM and STS calls happen outside the API\'s region), be logging, record management reads ' +
    'and writes from every event source, validate its log files (digest files prove nothing was ' +
    'altered or deleted) and encrypt them with a KMS key (reading them then needs the key ' +
    'policy\'s consent). One result per scanned region: a trail counts in a region when ' +
    'DescribeTrails lists it there, shadow copies of multi-Region and organization trails included. ' +
    'The evidence lists every trail considered and what it lacks.',
  remediation: {
    text:
      'Create (or fix) one multi-Region trail with global service events, log file validation and a ' +
      'KMS key, recording all management events, and make sure it is logging; an organization trail ' +
      'covers every account.',
    cli: 'aws cloudtrail create-trail --name <trail> --s3-bucket-name <bucket> --is-multi-region-trail --include-global-service-events --enable-log-file-validation --kms-key-id <kms-key-arn> && aws cloudtrail start-logging --name <trail>',
    docs: 'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/best-practices-security.html',
  },
  mappings: {
    securityHub: ['CloudTrail.1', 'CloudTrail.2', 'CloudTrail.4'],
    awsConfig: [
      'multi-region-cloudtrail-enabled',
      'cloud-trail-encryption-enabled',
      'cloud-trail-log-file-validation-enabled',
      'cloudtrail-security-trail-enabled',
    ],
    owaspApi2023: ['API8'],
    nist80053r5: [
      'AC-2(4)', 'AC-4(26)', 'AC-6(9)', 'AU-10', 'AU-12', 'AU-2', 'AU-3', 'AU-6(3)', 'AU-6(4)', 'AU-14(1)',
      'CA-7', 'SC-7(9)', 'SI-3(8)', 'SI-4(20)', 'SI-7(8)', 'SA-8(22)', 'AU-9', 'CA-9(1)', 'CM-3(6)', 'SC-13',
      'SC-28', 'SC-28(1)', 'SC-7(10)', 'SI-7(6)', 'SI-4', 'SI-7(1)', 'SI-7(3)', 'SI-7(7)',
    ],
  },
  messages: {
    audited: 'Trail {trail} records every management event in {region}, validated and encrypted with {kmsKeyId}.',
    'no-compliant-trail': 'No trail seen in {region} meets the rule: {trails}.',
    'no-trails': 'No CloudTrail trail is seen in {region}: API changes are kept 90 days in event history only.',
  },
  select: (view) => view.regions(),
  evaluate: ({ region }, outcome) => {
    const trails = region.trails;
    if (!trails.ok) return outcome.gap(trails.error, { region: region.region });
    if (trails.value.length === 0) return outcome.fail('no-trails', { region: region.region, trails: [] });

    const assessed = trails.value.map((trail) => ({ trail, assessment: assessTrail(trail) }));
    const evidence = { region: region.region, trails: assessed.map((a) => describeAssessment(a.assessment)) };
    const compliant = assessed.find((a) => a.assessment.lacks.length === 0 && a.assessment.unknown.length === 0);
    if (compliant) {
      return outcome.pass('audited', {
        ...evidence,
        trail: compliant.trail.Name,
        trailArn: compliant.trail.TrailARN,
        kmsKeyId: compliant.trail.KmsKeyId,
      });
    }
    // A trail that lacks nothing known might still pass: its missing data decides.
    const candidate = assessed.find((a) => a.assessment.lacks.length === 0);
    if (candidate) return outcome.gap(candidate.assessment.unknown[0]!.error, { ...evidence, trail: candidate.trail.Name });
    return outcome.fail('no-compliant-trail', evidence);
  },
});
