import { defineCheck } from '../../src/engine/define.js';
import { judgeAccessLogFormat, missingFields, REQUIRED_FIELDS } from '../../src/analysis/log-formats.js';
import { allStages, type StageEntity } from '../../src/analysis/stages.js';

export default defineCheck<StageEntity, 'complete' | 'missing-fields' | 'no-access-logs'>({
  id: 'access-log-fields',
  title: 'Access logs record the request id, source IP, caller and status of each request',
  severity: 'low',
  resourceTypes: ['rest-stage', 'v2-stage'],
  reads: ['rest-stages', 'v2-stages'],
  rationale:
    'An access log serves an investigation only if each line says which request it was, where it ' +
    'came from, who sent it and what happened. API Gateway writes only the $context variables the ' +
    'stage\'s format names (API Gateway developer guide, "Variables for access logging for API ' +
    'Gateway", and the HTTP and WebSocket API logging-variable pages): the request id ' +
    '($context.requestId or $context.extendedRequestId, which joins the line to execution logs and ' +
    'traces), the source IP ($context.identity.sourceIp), the caller (any of $context.identity.caller, ' +
    '$context.identity.user, $context.identity.userArn, $context.authorizer.principalId or a ' +
    '$context.authorizer.claims.<claim> of a Cognito or JWT authorizer) and the status ' +
    '($context.status). A format lacking any of them fails, naming what is missing. Stages that ' +
    'write no access logs are not applicable (the access-logging checks report them).',
  remediation: {
    text: 'Add the missing variables to the stage\'s access-log format (JSON is easiest to query).',
    cli:
      'aws apigateway update-stage --rest-api-id <api-id> --stage-name <stage> --patch-operations ' +
      'op=replace,path=/accessLogSettings/format,value=\'{"requestId":"$context.requestId","ip":"$context.identity.sourceIp","caller":"$context.identity.caller","principal":"$context.authorizer.principalId","status":"$context.status"}\'',
    docs: 'https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-variables-for-access-logging.html',
  },
  mappings: {
    owaspApi2023: ['API8'],
  },
  messages: {
    complete: 'The access-log format of stage {stage} records the request id, source IP, caller and status.',
    'missing-fields': 'The access-log format of stage {stage} does not record: {missing}.',
    'no-access-logs': 'Stage {stage} writes no access logs.',
  },
  select: (view) => allStages(view),
  evaluate: (target, outcome) =>
    judgeAccessLogFormat(target, outcome, (format, evidence) => {
      const missing = missingFields(format);
      if (missing.length > 0) {
        return outcome.fail('missing-fields', { ...evidence, missing: missing.map((m) => m.field), needs: missing });
      }
      return outcome.pass('complete', { ...evidence, fields: REQUIRED_FIELDS.map((need) => need.field) });
    }),
});
