import { defineCheck } from '../../src/engine/define.js';
import type { RestStageEntity } from '../../src/inventory/view.js';

export default defineCheck<RestStageEntity, 'enabled' | 'disabled'>({
  id: 'rest-stage-access-logging',
  title: 'REST API stages write access logs to CloudWatch Logs or Firehose',
  severity: 'medium',
  resourceTypes: ['rest-stage'],
  reads: ['rest-stages'],
  rationale:
    'Access logs are the one record of who called the API: caller identity, source IP, method, ' +
    'path, status and latency for every request, in a format you choose. Execution logs do not ' +
    'replace them (they describe API Gateway\'s processing, not the caller, and are often kept ' +
    'at ERROR). Without access logs, abuse of an API, credential stuffing or data scraping ' +
    'cannot be detected or reconstructed afterwards.',
  remediation: {
    text:
      'Configure access logging on the stage with a CloudWatch Logs group (or a Firehose stream ' +
      'named amazon-apigateway-…) and a format that includes at least requestId, sourceIp, ' +
      'caller identity, method, path and status.',
    cli: "aws apigateway update-stage --rest-api-id <api-id> --stage-name <stage> --patch-operations op=replace,path=/accessLogSettings/destinationArn,value=<log-group-arn> 'op=replace,path=/accessLogSettings/format,value=$context.requestId $context.identity.sourceIp $context.httpMethod $context.resourcePath $context.status'",
    docs: 'https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-logging.html',
  },
  mappings: {
    owaspApi2023: ['API8'],
  },
  messages: {
    enabled: 'Stage {stage} writes access logs to {destinationArn}.',
    disabled: 'Stage {stage} writes no access logs.',
  },
  select: (view) => view.restStages(),
  evaluate: ({ stage }, outcome) => {
    const destinationArn = stage.accessLogSettings?.destinationArn?.trim();
    if (destinationArn) {
      return outcome.pass('enabled', {
        stage: stage.stageName,
        destinationArn,
        formatSet: Boolean(stage.accessLogSettings?.format),
      });
    }
    return outcome.fail('disabled', { stage: stage.stageName, accessLogSettings: stage.accessLogSettings ?? null });
  },
});
