import { defineCheck } from '../../src/engine/define.js';
import { LOG_GROUP_MAPPINGS, logGroupVerdict, minRetentionOptions } from '../../src/analysis/log-groups.js';
import { webAclTargets } from '../../src/analysis/web-acls.js';
import { logGroupNameFromArn } from '../../src/inventory/links.js';
import type { WebAclEntity } from '../../src/inventory/view.js';

const options = minRetentionOptions('a WAF log group');

type MessageId = 'kept' | 'missing-group' | 'weak-group' | 'no-logging' | 'not-cloudwatch';

export default defineCheck<WebAclEntity, MessageId, typeof options>({
  id: 'waf-log-group',
  title: 'WAF logs go to a log group that exists, keeps them long enough and is encrypted with a KMS key',
  severity: 'medium',
  resourceTypes: ['web-acl'],
  reads: ['rest-stages', 'web-acl-logging', 'log-groups'],
  rationale:
    'WAF logs hold every inspected request\'s client IP, URI, headers (those not redacted) and the ' +
    'rule that matched: the evidence of an attack, and data to protect. A web ACL logging to a ' +
    'CloudWatch Logs group (named aws-waf-logs-…, "AWS WAF logging destinations") is judged as the ' +
    'access-log groups are: the group must exist (a deleted group receives nothing), keep events ' +
    'at least minRetentionDays (365 by default; a group that never expires passes, as the AWS ' +
    'Config rule cw-loggroup-retention-period-check does) and be encrypted with a KMS key ' +
    '("Encrypt log data in CloudWatch Logs using AWS KMS"). Web ACLs without logging ' +
    '(waf-web-acl-logging reports them) and those logging to S3 or Data Firehose are not applicable.',
  remediation: {
    text: 'Set the WAF log group\'s retention to at least the minimum (or leave it to never expire) and associate a customer-managed KMS key the CloudWatch Logs service principal of the region may use.',
    cli: 'aws logs put-retention-policy --log-group-name aws-waf-logs-<name> --retention-in-days 365 && aws logs associate-kms-key --log-group-name aws-waf-logs-<name> --kms-key-id <kms-key-arn>',
    docs: 'https://docs.aws.amazon.com/waf/latest/developerguide/logging-cw-logs.html',
  },
  mappings: LOG_GROUP_MAPPINGS,
  options,
  messages: {
    kept: 'Web ACL {webAcl} logs to {logGroup}, kept {retention} and encrypted with {kmsKeyId}.',
    'missing-group': 'Web ACL {webAcl} sends its logs to {logGroup}, which does not exist: nothing is logged.',
    'weak-group': 'The WAF log group {logGroup} of web ACL {webAcl}: {problems}.',
    'no-logging': 'Web ACL {webAcl} has no logging configuration.',
    'not-cloudwatch': 'Web ACL {webAcl} sends its logs to {destination}, not to a CloudWatch Logs group.',
  },
  select: (view) => webAclTargets(view),
  evaluate: ({ ref, arn, region, logging }, outcome, view, { minRetentionDays }) => {
    const base = { webAcl: ref.name, webAclArn: arn };
    if (!logging.ok) return outcome.gap(logging.error, base);
    if (!logging.value.enabled) return outcome.notApplicable('no-logging', base);
    const destination = logging.value.LogDestinationConfigs?.[0];
    const logGroup = destination ? logGroupNameFromArn(destination) : undefined;
    if (!destination || !logGroup) return outcome.notApplicable('not-cloudwatch', { ...base, destination: destination ?? null });
    const evidence = { ...base, destination, logGroup };
    const slot = view.logGroup(region, logGroup);
    if (!slot.ok) return outcome.gap(slot.error, evidence);
    if (!slot.value.exists) return outcome.fail('missing-group', evidence);
    return logGroupVerdict(outcome, slot.value, minRetentionDays, evidence);
  },
});
