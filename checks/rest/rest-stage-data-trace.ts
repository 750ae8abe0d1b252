import { defineCheck } from '../../src/engine/define.js';
import { DEFAULT_KEY, describeSettingKey, resolvedEntrySetting } from '../../src/analysis/method-settings.js';
import type { RestStageEntity } from '../../src/inventory/view.js';

/** Execution-log levels; a missing level is OFF. */
const LEVELS = new Set(['OFF', 'ERROR', 'INFO']);

export default defineCheck<RestStageEntity, 'off' | 'on' | 'dormant'>({
  id: 'rest-stage-data-trace',
  title: 'REST API stages do not log full request and response bodies (data trace)',
  severity: 'medium',
  resourceTypes: ['rest-stage'],
  reads: ['rest-stages'],
  rationale:
    'Data trace ("log full requests/responses data") writes request and response headers and ' +
    'bodies into the execution logs: tokens, API keys, passwords, personal data and whatever ' +
    'else the API carries. Anyone who can read the log group then reads that data, and it is ' +
    'kept for the group\'s retention. AWS advises against enabling it for production APIs. It ' +
    'can be switched on for the whole stage (*/*) or for single methods, so every entry counts, ' +
    'each resolved like the methods it covers (method key, then resource key, then default). ' +
    'Data trace is part of CloudWatch execution logging (Developer Guide, "Set up CloudWatch ' +
    'logging for REST APIs"): where the logging level is OFF (or unset) nothing is written, so ' +
    'such an entry passes with a distinct message naming it, since turning logging on would start ' +
    'writing bodies. An entry with data trace on and a logging level this check does not know ' +
    'cannot be judged.',
  remediation: {
    text:
      'Turn data trace off on the stage default and on every per-method override; use it only ' +
      'briefly, on non-production stages, to debug.',
    cli: "aws apigateway update-stage --rest-api-id <api-id> --stage-name <stage> --patch-operations 'op=replace,path=/*/*/logging/dataTrace,value=false'",
    docs: 'https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-logging.html',
  },
  mappings: {
    owaspApi2023: ['API3', 'API8'],
  },
  messages: {
    off: 'Data trace is off on stage {stage}.',
    on: 'Data trace is on for stage {stage}: {dataTraceOn}.',
    dormant: 'Data trace is set on stage {stage} but writes nothing, since execution logging is off there: {dormantDataTrace}.',
  },
  select: (view) => view.restStages(),
  evaluate: ({ stage }, outcome) => {
    const keys = Object.keys(stage.methodSettings ?? {}).sort((a, b) =>
      a === DEFAULT_KEY ? -1 : b === DEFAULT_KEY ? 1 : a.localeCompare(b),
    );
    const traced = keys
      .filter((key) => resolvedEntrySetting(stage, key, 'dataTraceEnabled') === true)
      .map((key) => ({ label: describeSettingKey(key), level: (resolvedEntrySetting(stage, key, 'loggingLevel') ?? 'OFF').trim().toUpperCase() }));
    const unknown = traced.filter((t) => !LEVELS.has(t.level));
    if (unknown.length > 0) {
      return outcome.invalid(
        `data trace is on with a logging level this check does not know, on ${unknown.map((t) => `${t.label} (${t.level})`).join(', ')}`,
        { stage: stage.stageName },
      );
    }
    const on = traced.filter((t) => t.level !== 'OFF').map((t) => t.label);
    const dormantDataTrace = traced.filter((t) => t.level === 'OFF').map((t) => t.label);
    const dormant = dormantDataTrace.length ? { dormantDataTrace } : {};
    if (on.length > 0) return outcome.fail('on', { stage: stage.stageName, dataTraceOn: on, ...dormant });
    if (dormantDataTrace.length > 0) return outcome.pass('dormant', { stage: stage.stageName, settingsEntries: keys.length, dormantDataTrace });
    return outcome.pass('off', { stage: stage.stageName, settingsEntries: keys.length });
  },
});
