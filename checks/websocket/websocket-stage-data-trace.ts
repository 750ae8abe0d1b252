import { defineCheck } from '../../src/engine/define.js';
import { entryRouteSetting, routeSettingsEntries, websocketStages } from '../../src/inventory/v2.js';
import type { V2StageEntity } from '../../src/inventory/view.js';

export default defineCheck<V2StageEntity, 'off' | 'on'>({
  id: 'websocket-stage-data-trace',
  title: 'WebSocket API stages do not log full message data (data trace)',
  severity: 'medium',
  resourceType: 'v2-stage',
  rationale:
    'Data trace writes the content of connection requests and messages into the execution logs: ' +
    'tokens and headers sent on $connect, and whatever personal or secret data the messages ' +
    'carry. Anyone who can read the log group then reads that data, for as long as the group ' +
    'keeps it. It can be switched on in the stage\'s default route settings or for single ' +
    'routes, so the default and every override are judged (an override without the setting ' +
    'inherits the default). HTTP APIs have no data trace and are not evaluated.',
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
  },
  select: (view) => websocketStages(view),
  evaluate: ({ stage }, outcome) => {
    const entries = routeSettingsEntries(stage);
    const on = entries.filter((entry) => entryRouteSetting(stage, entry, 'DataTraceEnabled') === true).map((e) => e.label);
    if (on.length === 0) return outcome.pass('off', { stage: stage.StageName, overrideCount: entries.length - 1 });
    return outcome.fail('on', { stage: stage.StageName, dataTraceOn: on });
  },
});
