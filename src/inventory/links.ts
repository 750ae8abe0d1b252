/**
 * What each API relies on beyond API Gateway: the user pools its authorizers trust, the log
 * groups its stages write to, and the KMS keys protecting those logs. The collectors use these
 * to fetch only what is linked; the query layer uses them to link findings back to APIs.
 */
import type { Inventory, RegionInventory, RestApi, V2Api } from './schema.js';
import { restApiArn, v2ApiArn } from './arns.js';

export interface PoolUse {
  apiArn: string;
  apiName: string;
  authorizerName: string;
}

const ISSUER = /^https:\/\/cognito-idp\.([a-z0-9-]+)\.amazonaws\.com\/([\w-]+_[\w]+)\/?$/;
const POOL_ARN = /^arn:([\w-]+):cognito-idp:([a-z0-9-]+):(\d{12}):userpool\/([\w-]+_[\w]+)$/;

/** The pool ARN behind a JWT issuer URL of Cognito (assumed to be in the scanned account). */
export function userPoolArnFromIssuer(issuer: string, accountId: string, partition = 'aws'): string | undefined {
  const match = ISSUER.exec(issuer.trim());
  return match ? `arn:${partition}:cognito-idp:${match[1]}:${accountId}:userpool/${match[2]}` : undefined;
}

export function parseUserPoolArn(arn: string): { region: string; account: string; poolId: string } | undefined {
  const match = POOL_ARN.exec(arn);
  return match ? { region: match[2]!, account: match[3]!, poolId: match[4]! } : undefined;
}

function restPoolUses(region: RegionInventory, api: RestApi, partition: string): [string, PoolUse][] {
  if (!api.authorizers.ok) return [];
  const apiArn = api.arn ?? restApiArn(region.region, api.id, partition);
  return api.authorizers.value
    .filter((a) => a.type === 'COGNITO_USER_POOLS')
    .flatMap((a) => (a.providerARNs ?? []).map((arn): [string, PoolUse] => [arn, { apiArn, apiName: api.name ?? api.id, authorizerName: a.name ?? a.id }]));
}

function v2PoolUses(region: RegionInventory, api: V2Api, accountId: string, partition: string): [string, PoolUse][] {
  if (!api.authorizers.ok) return [];
  const apiArn = api.arn ?? v2ApiArn(region.region, api.ApiId, partition);
  return api.authorizers.value.flatMap((a): [string, PoolUse][] => {
    const issuer = a.JwtConfiguration?.Issuer;
    const poolArn = issuer ? userPoolArnFromIssuer(issuer, accountId, partition) : undefined;
    return poolArn ? [[poolArn, { apiArn, apiName: api.Name ?? api.ApiId, authorizerName: a.Name ?? a.AuthorizerId }]] : [];
  });
}

/** Every Cognito user pool an authorizer trusts, with the APIs and authorizers that trust it. */
export function userPoolUses(inventory: Pick<Inventory, 'regions' | 'account'>): Map<string, PoolUse[]> {
  const { id: accountId, partition } = inventory.account;
  const uses = new Map<string, PoolUse[]>();
  for (const region of inventory.regions) {
    const rest = region.apigateway.restApis.ok ? region.apigateway.restApis.value : [];
    const v2 = region.apigatewayv2.apis.ok ? region.apigatewayv2.apis.value : [];
    const pairs = [
      ...rest.flatMap((api) => restPoolUses(region, api, partition)),
      ...v2.flatMap((api) => v2PoolUses(region, api, accountId, partition)),
    ];
    for (const [poolArn, use] of pairs) uses.set(poolArn, [...(uses.get(poolArn) ?? []), use]);
  }
  return uses;
}

export interface LogGroupUse {
  apiArn: string;
  /** `api/stage` */
  stage: string;
  kind: 'access' | 'execution';
}

const LOG_GROUP_ARN = /^arn:[\w-]+:logs:[a-z0-9-]+:\d{12}:log-group:(.+?)(:\*)?$/;

/** The log group name in a stage's access-log destination; undefined for Firehose destinations. */
export function logGroupNameFromArn(destinationArn: string): string | undefined {
  return LOG_GROUP_ARN.exec(destinationArn)?.[1];
}

/** REST execution logs land here (when the stage logs and the account has a CloudWatch role). */
export function executionLogGroupName(apiId: string, stageName: string): string {
  return `API-Gateway-Execution-Logs_${apiId}/${stageName}`;
}

function restStageLogsExecution(methodSettings: Record<string, { loggingLevel?: string | undefined }> | undefined): boolean {
  return Object.values(methodSettings ?? {}).some((s) => s.loggingLevel === 'ERROR' || s.loggingLevel === 'INFO');
}

/** Every log group the region's stages write to, by name, with who writes to it. */
export function logGroupUses(region: RegionInventory, partition = 'aws'): Map<string, LogGroupUse[]> {
  const uses = new Map<string, LogGroupUse[]>();
  const add = (name: string | undefined, use: LogGroupUse) => {
    if (name) uses.set(name, [...(uses.get(name) ?? []), use]);
  };
  const rest = region.apigateway.restApis.ok ? region.apigateway.restApis.value : [];
  for (const api of rest) {
    if (!api.stages.ok) continue;
    const apiArn = api.arn ?? restApiArn(region.region, api.id, partition);
    for (const stage of api.stages.value) {
      const label = `${api.name ?? api.id}/${stage.stageName}`;
      const destination = stage.accessLogSettings?.destinationArn;
      if (destination) add(logGroupNameFromArn(destination), { apiArn, stage: label, kind: 'access' });
      if (restStageLogsExecution(stage.methodSettings)) {
        add(executionLogGroupName(api.id, stage.stageName), { apiArn, stage: label, kind: 'execution' });
      }
    }
  }
  const v2 = region.apigatewayv2.apis.ok ? region.apigatewayv2.apis.value : [];
  for (const api of v2) {
    if (!api.stages.ok) continue;
    const apiArn = api.arn ?? v2ApiArn(region.region, api.ApiId, partition);
    for (const stage of api.stages.value) {
      const destination = stage.AccessLogSettings?.DestinationArn;
      if (destination) add(logGroupNameFromArn(destination), { apiArn, stage: `${api.Name ?? api.ApiId}/${stage.StageName}`, kind: 'access' });
    }
  }
  return uses;
}

/** KMS key ARNs protecting the region's linked log groups and its trails. */
export function kmsKeyArnsOf(region: RegionInventory): string[] {
  const keys = new Set<string>();
  for (const group of Object.values(region.logGroups)) {
    if (group.ok && group.value.kmsKeyId) keys.add(group.value.kmsKeyId);
  }
  if (region.trails.ok) for (const trail of region.trails.value) if (trail.KmsKeyId) keys.add(trail.KmsKeyId);
  return [...keys].sort();
}
