import { defineCheck } from '../../src/engine/define.js';
import type { RestStageEntity } from '../../src/inventory/view.js';

export default defineCheck<RestStageEntity, 'enabled' | 'disabled'>({
  id: 'rest-stage-xray-tracing',
  title: 'REST API stages have AWS X-Ray tracing enabled',
  severity: 'low',
  resourceTypes: ['rest-stage'],
  reads: ['rest-stages'],
  rationale:
    'X-Ray traces follow each request through API Gateway and its integrations. Without them, ' +
    'investigating an incident or abuse of an API means reconstructing call paths from logs alone.',
  remediation: {
    text: 'Enable X-Ray tracing on the stage.',
    cli: 'aws apigateway update-stage --rest-api-id <api-id> --stage-name <stage> --patch-operations op=replace,path=/tracingEnabled,value=true',
    docs: 'https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-xray.html',
  },
  mappings: {
    securityHub: ['APIGateway.3'],
    awsConfig: ['api-gw-xray-enabled'],
    owaspApi2023: ['API8'],
    nist80053r5: ['CA-7'],
  },
  messages: {
    enabled: 'X-Ray tracing is enabled on stage {stage}.',
    disabled: 'X-Ray tracing is disabled on stage {stage}.',
  },
  select: (view) => view.restStages(),
  evaluate: ({ stage }, outcome) =>
    stage.tracingEnabled === true
      ? outcome.pass('enabled', { stage: stage.stageName })
      : outcome.fail('disabled', { stage: stage.stageName, tracingEnabled: stage.tracingEnabled ?? false }),
});
