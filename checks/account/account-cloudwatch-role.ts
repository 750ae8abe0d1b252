import { defineCheck } from '../../src/engine/define.js';
import type { CollectionError } from '../../src/inventory/schema.js';
import type { RegionEntity } from '../../src/inventory/view.js';

const LOGGING = new Set(['ERROR', 'INFO']);

function logs(level: string | undefined): boolean {
  return LOGGING.has((level ?? '').trim().toUpperCase());
}

/** Access logs to a CloudWatch Logs group go through the account role; Firehose ones do not. */
function toCloudWatch(destinationArn: string | undefined): boolean {
  return /^arn:[^:]+:logs:/.test(destinationArn?.trim() ?? '');
}

interface LoggingStage {
  name: string;
  wants: string[];
}

/** Stages of one region that ask API Gateway to write CloudWatch logs, and what was not collected. */
function loggingStages(region: RegionEntity['region']): { stages: LoggingStage[]; gaps: CollectionError[] } {
  const stages: LoggingStage[] = [];
  const gaps: CollectionError[] = [];
  const rest = region.apigateway.restApis;
  if (!rest.ok) gaps.push(rest.error);
  for (const api of rest.ok ? rest.value : []) {
    if (!api.stages.ok) {
      gaps.push(api.stages.error);
      continue;
    }
    for (const stage of api.stages.value) {
      const wants: string[] = [];
      const levels = Object.values(stage.methodSettings ?? {}).map((s) => s.loggingLevel);
      if (levels.some(logs)) wants.push('execution logs');
      if (toCloudWatch(stage.accessLogSettings?.destinationArn)) wants.push('access logs');
      if (wants.length) stages.push({ name: `${api.name ?? api.id}/${stage.stageName}`, wants });
    }
  }
  // HTTP APIs have no execution logs and write access logs through a service-linked role.
  const v2 = region.apigatewayv2.apis;
  if (!v2.ok) gaps.push(v2.error);
  for (const api of v2.ok ? v2.value : []) {
    if (api.ProtocolType !== 'WEBSOCKET') continue;
    if (!api.stages.ok) {
      gaps.push(api.stages.error);
      continue;
    }
    for (const stage of api.stages.value) {
      const wants: string[] = [];
      const levels = [stage.DefaultRouteSettings?.LoggingLevel, ...Object.values(stage.RouteSettings ?? {}).map((s) => s.LoggingLevel)];
      if (levels.some(logs)) wants.push('execution logs');
      if (toCloudWatch(stage.AccessLogSettings?.DestinationArn)) wants.push('access logs');
      if (wants.length) stages.push({ name: `${api.Name ?? api.ApiId}/${stage.StageName}`, wants });
    }
  }
  return { stages, gaps };
}

export default defineCheck<RegionEntity, 'role-set' | 'no-role' | 'no-logging'>({
  id: 'account-cloudwatch-role',
  title: 'Regions whose stages ask for CloudWatch logs have the API Gateway CloudWatch role set',
  severity: 'medium',
  resourceTypes: ['account'],
  reads: ['account-settings', 'rest-stages', 'v2-stages'],
  rationale:
    'API Gateway writes REST and WebSocket execution logs, and access logs sent to a CloudWatch ' +
    'Logs group, through one IAM role per account and region (GetAccount cloudwatchRoleArn). ' +
    'API Gateway refuses to turn logging on without it, but the role can be removed or ' +
    'overwritten afterwards (one AWS::ApiGateway::Account resource per region, several stacks ' +
    'setting it), and from then on stages configured to log write nothing: no error, no ' +
    'alarm, and the stage checks still read as logging. Incidents are then investigated with ' +
    'no logs. This check reports a region where some stage asks for such logs and no role is ' +
    'set; it cannot see whether the role still exists or trusts apigateway.amazonaws.com. HTTP ' +
    'APIs (access logs through a service-linked role) and Firehose destinations do not use the ' +
    'role and are not counted.',
  remediation: {
    text:
      'Create a role that apigateway.amazonaws.com can assume with the AmazonAPIGatewayPushToCloudWatchLogs ' +
      'managed policy, and set it as the account\'s CloudWatch role in every region that logs.',
    cli: "aws apigateway update-account --region <region> --patch-operations op=replace,path=/cloudwatchRoleArn,value='arn:aws:iam::<account-id>:role/<apigateway-cloudwatch-role>'",
    docs: 'https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-logging.html',
  },
  mappings: {
    owaspApi2023: ['API8'],
  },
  messages: {
    'role-set': 'API Gateway writes CloudWatch logs in {region} through {cloudwatchRoleArn} ({loggingStageCount} stage(s) ask for logs).',
    'no-role': 'No CloudWatch role is set for API Gateway in {region}, so these stages log nothing: {loggingStages}.',
    'no-logging': 'No stage in {region} asks for execution logs or CloudWatch access logs.',
  },
  select: (view) => view.regions(),
  evaluate: ({ region }, outcome, view) => {
    const { stages, gaps } = loggingStages(region);
    const evidence = {
      region: region.region,
      loggingStageCount: stages.length,
      loggingStages: stages.map((s) => `${s.name} (${s.wants.join(', ')})`),
    };
    if (stages.length === 0 && gaps.length === 0) return outcome.notApplicable('no-logging', evidence);
    const account = view.accountSettings(region);
    if (!account.ok) return outcome.gap(account.error, evidence);
    const cloudwatchRoleArn = account.value.cloudwatchRoleArn?.trim();
    if (cloudwatchRoleArn) return outcome.pass('role-set', { ...evidence, cloudwatchRoleArn });
    // No role: a failure only once a stage is known to ask for logs.
    if (stages.length === 0) return outcome.gap(gaps[0]!, evidence);
    return outcome.fail('no-role', evidence);
  },
});
