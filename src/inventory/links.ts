/**
 * What each API relies on beyond API Gateway: the user pools its authorizers trust, the log
 * groups its stages and their web ACLs write to, and the KMS keys protecting those logs. The collectors use these
 * to fetch only what is linked; the query layer uses them to link findings back to APIs.
 */
import type { Collected, CollectionError, Inventory, RegionInventory, RestApi, V2Api } from './schema.js';
import { restApiArn, v2ApiArn } from './arns.js';

export interface PoolUse {
  apiArn: string;
  apiName: string;
  authorizerName: string;
  /**
   * How the authorizer names the pool: a REST provider ARN carries the pool's account; a JWT
   * issuer URL does not, so its pool is only assumed to be in the scanned account.
   */
  via: 'provider-arn' | 'jwt-issuer';
}

// China regions serve Cognito under amazonaws.com.cn.
const ISSUER = /^https:\/\/cognito-idp\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?\/([\w-]+_[\w]+)\/?$/;
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

/** The slot code of a trusted pool the collector did not read because its ARN names another account. */
export const CROSS_ACCOUNT = 'CrossAccount';
/** DescribeUserPool's answer when the scanned account has no pool with the id asked for. */
export const POOL_NOT_FOUND = 'ResourceNotFoundException';

/**
 * Why a trusted pool is outside the scan, or undefined when its slot is a real collection gap.
 * A REST authorizer's provider ARN names the pool's account; a JWT issuer URL names only the
 * region and pool id, so its pool is looked up in the scanned account, and "no such pool" there
 * means another account's pool (or a deleted one). A denied or failed call stays a gap.
 */
export function outsideScanReason(error: CollectionError, uses: readonly PoolUse[]): string | undefined {
  if (error.code === CROSS_ACCOUNT) return error.message;
  if (error.code !== POOL_NOT_FOUND || error.operation !== 'DescribeUserPool') return undefined;
  const pool = parseUserPoolArn(error.resource);
  const where = pool ? `pool ${pool.poolId} does not exist in ${pool.region} of the scanned account ${pool.account}` : `${error.resource} does not exist`;
  return uses.every((use) => use.via === 'jwt-issuer')
    ? `${where}; a JWT issuer URL does not name the pool's account, so the issuer is a pool of another account (or a deleted one)`
    : `${where}; the authorizer trusts a pool that no longer exists`;
}

function restPoolUses(region: RegionInventory, api: RestApi, partition: string): [string, PoolUse][] {
  if (!api.authorizers.ok) return [];
  const apiArn = api.arn ?? restApiArn(region.region, api.id, partition);
  return api.authorizers.value
    .filter((a) => a.type === 'COGNITO_USER_POOLS')
    .flatMap((a) =>
      (a.providerARNs ?? []).map((arn): [string, PoolUse] => [arn, { apiArn, apiName: api.name ?? api.id, authorizerName: a.name ?? a.id, via: 'provider-arn' }]),
    );
}

function v2PoolUses(region: RegionInventory, api: V2Api, accountId: string, partition: string): [string, PoolUse][] {
  if (!api.authorizers.ok) return [];
  const apiArn = api.arn ?? v2ApiArn(region.region, api.ApiId, partition);
  return api.authorizers.value.flatMap((a): [string, PoolUse][] => {
    const issuer = a.JwtConfiguration?.Issuer;
    const poolArn = issuer ? userPoolArnFromIssuer(issuer, accountId, partition) : undefined;
    return poolArn ? [[poolArn, { apiArn, apiName: api.Name ?? api.ApiId, authorizerName: a.Name ?? a.AuthorizerId, via: 'jwt-issuer' }]] : [];
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
    for (const [poolArn, use] of pairs) {
      const list = uses.get(poolArn);
      if (list) list.push(use);
      else uses.set(poolArn, [use]);
    }
  }
  return uses;
}

export interface LogGroupUse {
  apiArn: string;
  /** `api/stage` */
  stage: string;
  /** `waf`: the stage's web ACL logs there (`webAclArn`). */
  kind: 'access' | 'execution' | 'waf';
  webAclArn?: string;
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

export function restStageLogsExecution(methodSettings: Record<string, { loggingLevel?: string | undefined }> | undefined): boolean {
  return Object.values(methodSettings ?? {}).some((s) => s.loggingLevel === 'ERROR' || s.loggingLevel === 'INFO');
}

/**
 * What says which log groups a region's stages write to: its APIs' stages and its web ACLs'
 * logging. A region's inventory is one; the collector builds one as soon as every stage is read.
 */
export interface RegionStages {
  region: string;
  apigateway: { restApis: Collected<readonly Pick<RestApi, 'id' | 'name' | 'arn' | 'stages'>[]> };
  apigatewayv2: { apis: Collected<readonly Pick<V2Api, 'ApiId' | 'Name' | 'arn' | 'stages'>[]> };
  webAclLogging?: RegionInventory['webAclLogging'];
}

/** Every log group the region's stages write to, by name, with who writes to it. */
export function logGroupUses(region: RegionStages, partition = 'aws'): Map<string, LogGroupUse[]> {
  const uses = new Map<string, LogGroupUse[]>();
  const add = (name: string | undefined, use: LogGroupUse) => {
    if (!name) return;
    // Appended in place: copying the list on every use made a group shared by many stages quadratic.
    const known = uses.get(name);
    if (known) known.push(use);
    else uses.set(name, [use]);
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
      const webAclArn = stage.webAclArn?.trim();
      for (const name of webAclArn ? wafLogGroupNames(region, webAclArn) : []) add(name, { apiArn, stage: label, kind: 'waf', webAclArn });
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

/** The CloudWatch Logs groups a web ACL's logging configuration sends to (S3 and Firehose are not groups). */
export function wafLogGroupNames(region: Pick<RegionStages, 'webAclLogging'>, webAclArn: string): string[] {
  const logging = region.webAclLogging?.[webAclArn];
  if (!logging?.ok || !logging.value.enabled) return [];
  return (logging.value.LogDestinationConfigs ?? []).flatMap((arn) => logGroupNameFromArn(arn) ?? []);
}

/** KMS key ARNs protecting the region's linked log groups and its trails. */
export function kmsKeyArnsOf(region: Pick<RegionInventory, 'logGroups' | 'trails'>): string[] {
  const keys = new Set<string>();
  for (const group of Object.values(region.logGroups)) {
    if (group.ok && group.value.kmsKeyId) keys.add(group.value.kmsKeyId);
  }
  if (region.trails.ok) for (const trail of region.trails.value) if (trail.KmsKeyId) keys.add(trail.KmsKeyId);
  return [...keys].sort();
}

/** The deployment ids a REST API's stages serve: each stage's, then each canary's. */
export function servedDeploymentIds(stages: readonly { deploymentId?: string; canarySettings?: { deploymentId?: string } }[]): string[] {
  const ids = new Set<string>();
  for (const stage of stages) if (stage.deploymentId) ids.add(stage.deploymentId);
  for (const stage of stages) if (stage.canarySettings?.deploymentId) ids.add(stage.canarySettings.deploymentId);
  return [...ids];
}
