import { defineCheck } from '../../src/engine/define.js';
import { entryRouteSetting, routeSettingsEntries, websocketStages } from '../../src/analysis/v2.js';
import type { V2StageEntity } from '../../src/inventory/view.js';

const LOGGING = new Set(['ERROR', 'INFO']);

/** A missing LoggingLevel is OFF. */
function level(value: string | undefined): string {
  return value?.trim().toUpperCase() || 'OFF';
}

export default defineCheck<V2StageEntity, 'logging' | 'not-logging'>({
  id: 'websocket-stage-execution-logging',
  title: 'WebSocket API stages write execution logs (ERROR or INFO) for every route',
  severity: 'medium',
  resourceTypes: ['v2-stage'],
  reads: ['v2-stages'],
  rationale:
    'Execution logs record what API Gateway did with each connection and message: authorizer ' +
    'decisions on $connect, integration errors and throttling. Without them an attack or a ' +
    'misbehaving authorizer leaves no trace in API Gateway. The level is set in the stage\'s ' +
    'default route settings and may be overridden per route, so one override set to OFF silences ' +
    'that route even when the stage logs; the default and every override are judged, an ' +
    'override without a level inheriting the default. HTTP APIs have no execution logs (only ' +
    'access logs), so their stages are not evaluated.',
  remediation: {
    text:
      'Set the stage\'s default logging level to ERROR or INFO and remove per-route overrides that ' +
      'turn it OFF. Execution logging needs the account-level CloudWatch role (apigateway ' +
      'update-account, /cloudwatchRoleArn).',
    cli: 'aws apigatewayv2 update-stage --api-id <api-id> --stage-name <stage> --default-route-settings LoggingLevel=ERROR,DataTraceEnabled=false',
    docs: 'https://docs.aws.amazon.com/apigateway/latest/developerguide/websocket-api-logging.html',
  },
  mappings: {
    securityHub: ['APIGateway.1'],
    awsConfig: ['api-gw-execution-logging-enabled'],
    owaspApi2023: ['API8'],
    nist80053r5: ['AC-4(26)', 'AU-10', 'AU-12', 'AU-2', 'AU-3', 'AU-6(3)', 'AU-6(4)', 'CA-7', 'SC-7(9)', 'SI-7(8)'],
  },
  messages: {
    logging: 'Stage {stage} logs every route at ERROR or INFO (default {defaultLevel}; {overrideCount} route overrides).',
    'not-logging': 'Stage {stage} does not log ({notLoggingCount}): {notLogging}.',
  },
  select: (view) => websocketStages(view),
  evaluate: ({ stage }, outcome) => {
    const entries = routeSettingsEntries(stage);
    const judged = entries.map((entry) => ({ entry, level: level(entryRouteSetting(stage, entry, 'LoggingLevel')) }));
    const evidence = {
      stage: stage.StageName,
      defaultLevel: judged[0]!.level,
      overrideCount: entries.length - 1,
    };
    const notLogging = judged.filter((j) => !LOGGING.has(j.level)).map((j) => `${j.entry.label} (${j.level})`);
    if (notLogging.length === 0) return outcome.pass('logging', evidence);
    return outcome.fail('not-logging', { ...evidence, notLoggingCount: notLogging.length, notLogging });
  },
});
