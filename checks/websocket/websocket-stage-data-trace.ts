import { defineCheck } from '../../src/engine/define.js';
import { entryRouteSetting, routeSettingsEntries, websocketStages } from '../../src/analysis/v2.js';
import type { V2StageEntity } from '../../src/inventory/view.js';

/** Execution-log levels; a missing level is OFF. */
const LEVELS = new Set(['OFF', 'ERROR', 'INFO']);

export default defineCheck<V2StageEntity, 'off' | 'on' | 'dormant'>({
  id: 'websocket-stage-data-trace',
  title: 'WebSocket API stages do not log full message data (data trace)',
  severity: 'medium',
  resourceTypes: ['v2-stage'],
  reads: ['v2-stages'],
  rationale:
    'Data trace writes the content of connection requests and messages into the execution logs: ' +
    'tokens and headers sent on $connect, and whatever personal or secret data the messages ' +
    'carry. Anyone who can read the log group then reads that data, for as long as the group ' +
    'keeps it. It can be switched on in the stage\'s default route settings or for single ' +
    'routes, so the default and every override are judged (an override without the setting ' +
    'inherits the default). Data trace is part of CloudWatch execution logging (Developer Guide, ' +
    '"Configure logging for WebSocket APIs"): where the logging level is OFF (or unset) nothing is ' +
    'written, so such an entry passes with a distinct message naming it, since turning logging on ' +
    'would start writing messages; an entry with data trace on and a level this check does not ' +
    'know cannot be judged. HTTP APIs have no data trace and are not evaluated.',
  remediation: {
    text:
      'Turn data trace off in the default route settings and in every route override; use it only ' +
      'briefly, on non-production stages, to debug.',
    cli: 'aws apigatewayv2 update-stage --api-id <api-id> --stage-name <stage> --default-route-settings LoggingLevel=ERROR,DataTraceEnabled=false',
    docs: 'https://docs.aws.amazon.com/apigateway/latest/developerguide/websocket-api-logging.html',
  },
  mappings: {
    owaspApi2023: ['API3', 'API8'],
  },
  messages: {
    off: 'Data trace is off on stage {stage}.',
    on: 'Data trace is on for stage {stage}: {dataTraceOn}.',
    dormant: 'Data trace is set on stage {stage} but writes nothing, since execution logging is off there: {dormantDataTrace}.',
  },
  select: (view) => websocketStages(view),
  evaluate: ({ stage }, outcome) => {
    const entries = routeSettingsEntries(stage);
    const traced = entries
      .filter((entry) => entryRouteSetting(stage, entry, 'DataTraceEnabled') === true)
      .map((entry) => ({ label: entry.label, level: (entryRouteSetting(stage, entry, 'LoggingLevel') ?? 'OFF').trim().toUpperCase() }));
    const unknown = traced.filter((t) => !LEVELS.has(t.level));
    if (unknown.length > 0) {
      return outcome.invalid(
        `data trace is on with a logging level this check does not know, on ${unknown.map((t) => `${t.label} (${t.level})`).join(', ')}`,
        { stage: stage.StageName },
      );
    }
    const on = traced.filter((t) => t.level !== 'OFF').map((t) => t.label);
    const dormantDataTrace = traced.filter((t) => t.level === 'OFF').map((t) => t.label);
    const overrideCount = entries.length - 1;
    if (on.length > 0) return outcome.fail('on', { stage: stage.StageName, dataTraceOn: on, ...(dormantDataTrace.length ? { dormantDataTrace } : {}) });
    if (dormantDataTrace.length > 0) return outcome.pass('dormant', { stage: stage.StageName, overrideCount, dormantDataTrace });
    return outcome.pass('off', { stage: stage.StageName, overrideCount });
  },
});
