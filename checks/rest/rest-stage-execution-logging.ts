import { defineCheck } from '../../src/engine/define.js';
import { DEFAULT_KEY, effectiveSetting, hasMethodOverrides, restMethods, stageDefault } from '../../src/analysis/method-settings.js';
import { labelsWith } from '../../src/analysis/method-labels.js';
import type { RestStageEntity } from '../../src/inventory/view.js';

const LOGGING = new Set(['ERROR', 'INFO']);

/** A missing loggingLevel (or a missing settings entry) is OFF. */
function level(value: string | undefined): string {
  return (value ?? 'OFF').toUpperCase();
}

export default defineCheck<RestStageEntity, 'logging' | 'not-logging' | 'default-logging' | 'default-not-logging'>({
  id: 'rest-stage-execution-logging',
  title: 'REST API stages write execution logs (ERROR or INFO) for every method',
  severity: 'medium',
  resourceTypes: ['rest-stage'],
  reads: ['rest-resources', 'rest-stages'],
  rationale:
    'Execution logs record what API Gateway did with each request: authorizer decisions, ' +
    'validation failures, integration errors and throttling. Without them an attack, a ' +
    'misconfigured authorizer or an abused method leaves no trace in API Gateway, and incidents ' +
    'are investigated blind. The level is set per stage (the */* default) and may be overridden ' +
    'per method, so one override set to OFF silences that method even when the stage logs; ' +
    'this check resolves the effective level of every method.',
  remediation: {
    text:
      'Set the stage logging level to ERROR or INFO and remove per-method overrides that turn ' +
      'it OFF. Execution logging also needs the account-level CloudWatch role (apigateway ' +
      'update-account, /cloudwatchRoleArn).',
    cli: "aws apigateway update-stage --rest-api-id <api-id> --stage-name <stage> --patch-operations 'op=replace,path=/*/*/logging/loglevel,value=ERROR'",
    docs: 'https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-logging.html',
  },
  mappings: {
    securityHub: ['APIGateway.1'],
    awsConfig: ['api-gw-execution-logging-enabled'],
    owaspApi2023: ['API8'],
    nist80053r5: ['AC-4(26)', 'AU-10', 'AU-12', 'AU-2', 'AU-3', 'AU-6(3)', 'AU-6(4)', 'CA-7', 'SC-7(9)', 'SI-7(8)'],
  },
  messages: {
    logging: 'Every method of stage {stage} logs at ERROR or INFO ({methodCount} checked; stage default {defaultLevel}).',
    'not-logging': 'Methods of stage {stage} that do not log ({notLoggingCount} of {methodCount}): {notLogging}.',
    'default-logging': 'Stage {stage} has no methods; its default logging level is {defaultLevel}.',
    'default-not-logging': 'Stage {stage} has no methods and its default logging level is {defaultLevel}.',
  },
  select: (view) => view.restStages(),
  evaluate: ({ stage, api }, outcome) => {
    const resources = api.api.resources;
    if (!resources.ok) return outcome.gap(resources.error, { stage: stage.stageName });
    const defaultLevel = level(stageDefault(stage)?.loggingLevel);
    const methods = restMethods(resources.value);
    if (methods.length === 0) {
      const evidence = { stage: stage.stageName, defaultLevel, methodCount: 0, settingsKey: DEFAULT_KEY };
      return LOGGING.has(defaultLevel)
        ? outcome.pass('default-logging', evidence)
        : outcome.fail('default-not-logging', evidence);
    }
    // Without overrides every method logs at the stage default.
    const overridden = hasMethodOverrides(stage);
    let notLogging: readonly string[] = [];
    let notLoggingCount = 0;
    if (!overridden) {
      // Every method at the default: the list is the API's, shared by its stages (as a result keeps it).
      if (!LOGGING.has(defaultLevel)) {
        notLogging = labelsWith(methods, ` (${defaultLevel})`);
        notLoggingCount = methods.length;
      }
    } else {
      const listed: string[] = [];
      for (const m of methods) {
        const methodLevel = level(effectiveSetting(stage, m.path, m.httpMethod, 'loggingLevel').value);
        if (!LOGGING.has(methodLevel)) listed.push(`${m.label} (${methodLevel})`);
      }
      notLogging = listed;
      notLoggingCount = listed.length;
    }
    const evidence = { stage: stage.stageName, defaultLevel, methodCount: methods.length };
    if (notLoggingCount === 0) return outcome.pass('logging', evidence);
    return outcome.fail('not-logging', { ...evidence, notLoggingCount, notLogging });
  },
});
