import { defineCheck } from '../../src/engine/define.js';
import { judgeAccessLogFormat, API_KEY_VARIABLE, logsApiKey } from '../../src/analysis/log-formats.js';
import { allStages, type StageEntity } from '../../src/analysis/stages.js';

export default defineCheck<StageEntity, 'no-api-key' | 'logs-api-key' | 'no-access-logs'>({
  id: 'access-log-api-key',
  title: 'Access logs do not write the API key of each request',
  severity: 'medium',
  resourceTypes: ['rest-stage', 'v2-stage'],
  reads: ['rest-stages', 'v2-stages'],
  rationale:
    'The access-log variable $context.identity.apiKey is the API key sent with the request itself ' +
    '(API Gateway developer guide, "Variables for access logging for API Gateway": "For API methods ' +
    'that require an API key, this variable is the API key associated with the method request"; the ' +
    'WebSocket variables page lists it as "the API owner key associated with key-enabled API ' +
    'request"). A format that writes it copies every client\'s key into the log group, where anyone ' +
    'who can read the logs (or the destination of a subscription or export) can take it and call the ' +
    'API under that client\'s usage plan. $context.identity.apiKeyId identifies the key without ' +
    'revealing it and is what an investigation needs. Stages that write no access logs are not ' +
    'applicable.',
  remediation: {
    text: 'Replace $context.identity.apiKey with $context.identity.apiKeyId in the stage\'s access-log format, and rotate the API keys already written to the logs.',
    cli:
      'aws apigateway update-stage --rest-api-id <api-id> --stage-name <stage> --patch-operations ' +
      'op=replace,path=/accessLogSettings/format,value=\'$context.requestId $context.identity.sourceIp $context.identity.apiKeyId $context.status\'',
    docs: 'https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-variables-for-access-logging.html',
  },
  mappings: {
    owaspApi2023: ['API8'],
  },
  messages: {
    'no-api-key': 'The access-log format of stage {stage} does not write the API key.',
    'logs-api-key': 'The access-log format of stage {stage} writes {variable}: every API key sent to the stage lands in {destinationArn}.',
    'no-access-logs': 'Stage {stage} writes no access logs.',
  },
  select: (view) => allStages(view),
  evaluate: (target, outcome) =>
    judgeAccessLogFormat(target, outcome, (format, evidence) =>
      logsApiKey(format) ? outcome.fail('logs-api-key', { ...evidence, variable: API_KEY_VARIABLE }) : outcome.pass('no-api-key', evidence),
    ),
});
