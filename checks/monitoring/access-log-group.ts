import { defineCheck } from '../../src/engine/define.js';
import { LOG_GROUP_MAPPINGS, logGroupVerdict, minRetentionOptions } from '../../src/analysis/log-groups.js';
import { allStages, stageFacts, type StageEntity } from '../../src/analysis/stages.js';

type MessageId = 'kept' | 'missing-group' | 'weak-group' | 'no-access-logs' | 'not-cloudwatch';

const options = minRetentionOptions('an access-log group');

export default defineCheck<StageEntity, MessageId, typeof options>({
  id: 'access-log-group',
  title: 'Access logs go to a log group that exists, keeps them long enough and is encrypted with a KMS key',
  severity: 'medium',
  resourceTypes: ['rest-stage', 'v2-stage'],
  reads: ['rest-stages', 'v2-stages', 'log-groups'],
  rationale:
    'Access logs only serve an investigation if they are still there and only the right people can ' +
    'read them. API Gateway does not check that the destination log group exists: a stage whose ' +
    'group was deleted (or never created in this region) writes nothing. Log groups keep events ' +
    'forever by default, but a short retention set to save cost (a week, a month) deletes the ' +
    'evidence before most breaches are even detected. Access logs hold caller IPs, identities and ' +
    'request paths; encrypting the group with a customer-managed KMS key adds a key policy and a ' +
    'CloudTrail record to every read. Like the AWS Config rule cw-loggroup-retention-period-check, ' +
    'a group set to never expire passes the retention test, and the minimum (minRetentionDays) is ' +
    '365 days by default. Stages without access logs, or logging to Firehose, are not applicable; ' +
    'the access-logging checks report the former.',
  remediation: {
    text:
      'Create the log group if it is missing, set its retention to at least the minimum (or leave it to ' +
      'never expire), and associate a customer-managed KMS key whose key policy lets the CloudWatch ' +
      'Logs service principal of the region use it.',
    cli: 'aws logs put-retention-policy --log-group-name <log-group> --retention-in-days 365 && aws logs associate-kms-key --log-group-name <log-group> --kms-key-id <kms-key-arn>',
    docs: 'https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html',
  },
  mappings: LOG_GROUP_MAPPINGS,
  options,
  messages: {
    kept: 'Stage {stage} logs to {logGroup}, kept {retention} and encrypted with {kmsKeyId}.',
    'missing-group': 'Stage {stage} sends access logs to {logGroup}, which does not exist: nothing is logged.',
    'weak-group': 'The access-log group {logGroup} of stage {stage}: {problems}.',
    'no-access-logs': 'Stage {stage} writes no access logs.',
    'not-cloudwatch': 'Stage {stage} sends access logs to {destinationArn}, not to a CloudWatch Logs group.',
  },
  select: (view) => allStages(view),
  evaluate: (target, outcome, view, { minRetentionDays }) => {
    const stage = stageFacts(target);
    const destinationArn = stage.accessLogDestination;
    if (!destinationArn) return outcome.notApplicable('no-access-logs', { stage: stage.stageName });
    const destination = view.accessLogGroup(target.api.region, destinationArn);
    if (!destination) return outcome.notApplicable('not-cloudwatch', { stage: stage.stageName, destinationArn });

    const base = { stage: stage.stageName, logGroup: destination.name, destinationArn };
    if (!destination.group.ok) return outcome.gap(destination.group.error, base);
    const group = destination.group.value;
    if (!group.exists) return outcome.fail('missing-group', base);

    return logGroupVerdict(outcome, group, minRetentionDays, base);
  },
});
