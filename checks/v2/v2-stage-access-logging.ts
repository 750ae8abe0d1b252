import { defineCheck } from '../../src/engine/define.js';
import type { V2StageEntity } from '../../src/inventory/view.js';

export default defineCheck<V2StageEntity, 'enabled' | 'disabled'>({
  id: 'v2-stage-access-logging',
  title: 'HTTP and WebSocket API stages write access logs to CloudWatch Logs or Firehose',
  severity: 'medium',
  resourceTypes: ['v2-stage'],
  reads: ['v2-stages'],
  rationale:
    'Access logs are the record of who called the API: source IP, caller identity, route, status ' +
    'and latency for every request (or, for WebSocket APIs, every connection and message), in a ' +
    'format you choose. For HTTP APIs they are the only logs API Gateway writes at all. Without ' +
    'them, abuse of an API, credential stuffing or data scraping cannot be detected or ' +
    'reconstructed afterwards.',
  remediation: {
    text:
      'Configure access logging on the stage with a CloudWatch Logs group and a format that ' +
      'includes at least requestId, sourceIp, the route key, status and (for authorized routes) ' +
      'the caller identity.',
    cli: 'aws apigatewayv2 update-stage --api-id <api-id> --stage-name <stage> --access-log-settings \'{"DestinationArn":"<log-group-arn>","Format":"$context.requestId $context.identity.sourceIp $context.routeKey $context.status"}\'',
    docs: 'https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-logging.html',
  },
  mappings: {
    securityHub: ['APIGateway.9'],
    awsConfig: ['api-gwv2-access-logs-enabled'],
    owaspApi2023: ['API8'],
    nist80053r5: ['AC-4(26)', 'AU-10', 'AU-12', 'AU-2', 'AU-3', 'AU-6(3)', 'AU-6(4)', 'CA-7', 'SC-7(9)', 'SI-7(8)'],
  },
  messages: {
    enabled: 'Stage {stage} writes access logs to {destinationArn}.',
    disabled: 'Stage {stage} writes no access logs.',
  },
  select: (view) => view.v2Stages(),
  evaluate: ({ stage, api }, outcome) => {
    const protocol = api.api.ProtocolType;
    const destinationArn = stage.AccessLogSettings?.DestinationArn?.trim();
    if (destinationArn) {
      return outcome.pass('enabled', {
        stage: stage.StageName,
        protocol,
        destinationArn,
        formatSet: Boolean(stage.AccessLogSettings?.Format?.trim()),
      });
    }
    return outcome.fail('disabled', { stage: stage.StageName, protocol, accessLogSettings: stage.AccessLogSettings ?? null });
  },
});
