import { defineCheck } from '../../src/engine/define.js';
import { LOG_GROUP_MAPPINGS, logGroupVerdict, minRetentionOptions } from '../../src/analysis/log-groups.js';
import { executionLogGroupName, restStageLogsExecution } from '../../src/inventory/links.js';
import type { RestStageEntity } from '../../src/inventory/view.js';

const options = minRetentionOptions('an execution-log group');

type MessageId = 'kept' | 'weak-group' | 'not-created' | 'no-execution-logs';

export default defineCheck<RestStageEntity, MessageId, typeof options>({
  id: 'rest-execution-log-group',
  title: 'REST execution logs go to a log group that keeps them long enough and is encrypted with a KMS key',
  severity: 'medium',
  resourceTypes: ['rest-stage'],
  reads: ['rest-stages', 'log-groups'],
  rationale:
    'A REST stage with execution logging on (a method setting with loggingLevel ERROR or INFO) ' +
    'writes to the log group API-Gateway-Execution-Logs_<api-id>/<stage>, which API Gateway creates ' +
    'itself ("Set up CloudWatch logging for REST APIs in API Gateway"). These logs hold authorizer ' +
    'decisions, mapping results and, with data tracing, request and response bodies. They are ' +
    'judged as the access-log groups are: events kept at least minRetentionDays (365 by default; a ' +
    'group that never expires passes, as the AWS Config rule cw-loggroup-retention-period-check ' +
    'does) and encrypted with a KMS key ("Encrypt log data in CloudWatch Logs using AWS KMS"). The ' +
    'group API Gateway creates has neither a retention nor a key, so it fails on the key until one ' +
    'is associated. A group that does not exist yet is not applicable: nothing has been logged, and ' +
    'creating it beforehand with a retention and a key is the fix. Stages without execution ' +
    'logging are not applicable (rest-stage-execution-logging reports them).',
  remediation: {
    text: 'Set the execution-log group\'s retention to at least the minimum (or leave it to never expire) and associate a customer-managed KMS key the CloudWatch Logs service principal of the region may use.',
    cli: 'aws logs put-retention-policy --log-group-name API-Gateway-Execution-Logs_<api-id>/<stage> --retention-in-days 365 && aws logs associate-kms-key --log-group-name API-Gateway-Execution-Logs_<api-id>/<stage> --kms-key-id <kms-key-arn>',
    docs: 'https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-logging.html',
  },
  mappings: LOG_GROUP_MAPPINGS,
  options,
  messages: {
    kept: 'Stage {stage} writes execution logs to {logGroup}, kept {retention} and encrypted with {kmsKeyId}.',
    'weak-group': 'The execution-log group {logGroup} of stage {stage}: {problems}.',
    'not-created': 'The execution-log group {logGroup} of stage {stage} does not exist yet (API Gateway creates it, without retention or KMS key, at the first logged request).',
    'no-execution-logs': 'Stage {stage} writes no execution logs.',
  },
  select: (view) => view.restStages(),
  evaluate: ({ stage, api }, outcome, view, { minRetentionDays }) => {
    if (!restStageLogsExecution(stage.methodSettings)) return outcome.notApplicable('no-execution-logs', { stage: stage.stageName });
    const logGroup = executionLogGroupName(api.api.id, stage.stageName);
    const evidence = { stage: stage.stageName, logGroup };
    const slot = view.logGroup(api.region, logGroup);
    if (!slot.ok) return outcome.gap(slot.error, evidence);
    if (!slot.value.exists) return outcome.notApplicable('not-created', evidence);
    return logGroupVerdict(outcome, slot.value, minRetentionDays, evidence);
  },
});
