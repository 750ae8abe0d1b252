import { defineCheck } from '../../src/engine/define.js';
import { DEFAULT_KEY, describeSettingKey, entrySetting } from '../../src/inventory/method-settings.js';
import type { RestStageEntity } from '../../src/inventory/view.js';

export default defineCheck<RestStageEntity, 'off' | 'on'>({
  id: 'rest-stage-data-trace',
  title: 'REST API stages do not log full request and response bodies (data trace)',
  severity: 'medium',
  resourceType: 'rest-stage',
  rationale:
    'Data trace ("log full requests/responses data") writes request and response headers and ' +
    'bodies into the execution logs: tokens, API keys, passwords, personal data and whatever ' +
    'else the API carries. Anyone who can read the log group then reads that data, and it is ' +
    'kept for the group\'s retention. AWS advises against enabling it for production APIs. It ' +
    'can be switched on for the whole stage (*/*) or for single methods, so every entry counts.',
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
  },
  select: (view) => view.restStages(),
  evaluate: ({ stage }, outcome) => {
    const keys = Object.keys(stage.methodSettings ?? {}).sort((a, b) =>
      a === DEFAULT_KEY ? -1 : b === DEFAULT_KEY ? 1 : a.localeCompare(b),
    );
    const on = keys.filter((key) => entrySetting(stage, key, 'dataTraceEnabled') === true).map(describeSettingKey);
    if (on.length === 0) return outcome.pass('off', { stage: stage.stageName, settingsEntries: keys.length });
    return outcome.fail('on', { stage: stage.stageName, dataTraceOn: on });
  },
});
