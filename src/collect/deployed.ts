/**
 * What each stage serves, as opposed to the working copy: a stage serves a deployment, and a
 * change reaches it only when deployed ("Deploy REST APIs in API Gateway"; "Stages for HTTP
 * APIs": with automatic deployment off, changes wait for a deployment).
 *
 * Fewest calls: one `GetExport` per distinct deployment id of a REST API (through the first
 * stage that serves it), one `GetDeployment` (`embed=apisummary`) per deployment only a canary
 * serves (no stage export shows it), one `ExportApi` per deployment HTTP API stages without
 * `AutoDeploy` serve (through the first such stage; a stage naming no deployment has its own).
 * AutoDeploy stages serve the latest configuration, read already; WebSocket APIs cannot be
 * exported, so nothing is asked for them (the checks say so).
 */
import { GetDeploymentCommand, GetExportCommand, type APIGatewayClient } from '@aws-sdk/client-api-gateway';
import { ExportApiCommand, type ApiGatewayV2Client } from '@aws-sdk/client-apigatewayv2';
import type { z } from 'zod';
import type { CallTarget } from '../aws/call.js';
import { servedDeploymentIds } from '../inventory/links.js';
import { shareEqualMethods } from '../inventory/share.js';
import {
  deployedRestConfigSchema,
  deployedV2ConfigSchema,
  type Collected,
  type DeployedRestConfig,
  type DeployedV2Config,
  type RestApi,
  type RestApiFields,
  type Stage,
  type V2Api,
  type V2ApiFields,
  type V2Stage,
} from '../inventory/schema.js';
import type { RegionFetcher } from './context.js';
import { exportDocument, parseApiSummary, parseHttpApiExport, parseRestExport } from './exports.js';
import { expectBody } from './list-answers.js';

/**
 * `GetExport` parameters. `extensions` takes a comma-separated combination ("any combination of
 * the following parameters is supported", API reference GetExport; a combined value shown
 * working in aws/aws-cli#3133): `apigateway` for the integrations and request validators ("Export
 * a REST API from API Gateway": it is what includes `x-amazon-apigateway-request-validator`),
 * `authorizers` for `x-amazon-apigateway-authorizer` (the authorizers' settings). JSON, not YAML.
 */
export const REST_EXPORT = { exportType: 'oas30', accepts: 'application/json', parameters: { extensions: 'apigateway,authorizers' } } as const;

/** `ExportApi` parameters: OpenAPI 3.0 (the only one), JSON, with the API Gateway extensions. */
export const HTTP_API_EXPORT = { Specification: 'OAS30', OutputType: 'JSON', IncludeExtensions: true } as const;

/** Sets a record entry as data (a key named `__proto__` stays a key). */
function setEntry<T>(record: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(record, key, { value, enumerable: true, writable: true, configurable: true });
}

/** Reads an answer into the snapshot's shape; a document AWS would not send is an `UnexpectedResponse`. */
function readAnswer<A, T>(f: RegionFetcher, target: CallTarget, answer: Collected<A>, read: (answer: A) => T, schema: z.ZodType<T>): Collected<T> {
  if (!answer.ok) return answer;
  let value: T;
  try {
    value = read(answer.value);
  } catch (error) {
    return f.fail(target, 'UnexpectedResponse', error instanceof Error ? error.message : String(error));
  }
  return f.conform(schema, { ok: true, value }, target);
}

/** What each deployment a REST API's stages (and canaries) serve, by deployment id; nothing when the stages are unknown. */
export async function collectRestDeployments(
  f: RegionFetcher,
  client: APIGatewayClient,
  api: RestApiFields,
  stages: Collected<Stage[]>,
): Promise<RestApi['deployments']> {
  if (!stages.ok) return {};
  if (!f.wants('rest-deployments')) {
    const deployments: RestApi['deployments'] = {};
    for (const id of servedDeploymentIds(stages.value)) {
      setEntry(deployments, id, f.notSelected('rest-deployments', f.target('GetExport', `${api.arn}/deployments/${id}`)));
    }
    return deployments;
  }
  const exportedThrough = new Map<string, string>();
  for (const stage of stages.value) {
    if (stage.deploymentId && !exportedThrough.has(stage.deploymentId)) exportedThrough.set(stage.deploymentId, stage.stageName);
  }
  const canaryOnly = servedDeploymentIds(stages.value).filter((id) => !exportedThrough.has(id));
  const slots = await Promise.all([
    ...[...exportedThrough].map(async ([id, stageName]) => [id, await restExport(f, client, api, id, stageName)] as const),
    ...canaryOnly.map(async (id) => [id, await apiSummary(f, client, api, id)] as const),
  ]);
  const deployments: RestApi['deployments'] = {};
  for (const [id, slot] of slots) setEntry(deployments, id, slot);
  shareEqualMethods(deployments);
  return deployments;
}

async function restExport(f: RegionFetcher, client: APIGatewayClient, api: RestApiFields, deploymentId: string, stageName: string) {
  const target = f.target('GetExport', `${api.arn}/stages/${stageName}`);
  const answer = await f.call(target, () => client.send(expectBody(new GetExportCommand({ restApiId: api.id, stageName, ...REST_EXPORT }))));
  const draft = { policy: api.policy, disableExecuteApiEndpoint: api.disableExecuteApiEndpoint };
  return readAnswer<{ body?: Uint8Array }, DeployedRestConfig>(
    f,
    target,
    answer,
    (output) => parseRestExport(exportDocument(output.body), { deploymentId, stageName, draft }),
    deployedRestConfigSchema,
  );
}

async function apiSummary(f: RegionFetcher, client: APIGatewayClient, api: RestApiFields, deploymentId: string) {
  const target = f.target('GetDeployment', `${api.arn}/deployments/${deploymentId}`);
  const answer = await f.call(target, () =>
    client.send(expectBody(new GetDeploymentCommand({ restApiId: api.id, deploymentId, embed: ['apisummary'] }))),
  );
  return readAnswer<{ apiSummary?: unknown; createdDate?: Date }, DeployedRestConfig>(
    f,
    target,
    answer,
    (output) => ({
      ...parseApiSummary(output.apiSummary, deploymentId),
      // The deployment's date comes with it here; exports do not carry it.
      ...(output.createdDate instanceof Date ? { createdDate: output.createdDate.toISOString() } : {}),
    }),
    deployedRestConfigSchema,
  );
}

/** What each HTTP API stage without automatic deployment serves, by stage name. */
export async function collectStageExports(
  f: RegionFetcher,
  client: ApiGatewayV2Client,
  api: V2ApiFields,
  stages: Collected<V2Stage[]>,
): Promise<V2Api['stageExports']> {
  if (!stages.ok || api.ProtocolType === 'WEBSOCKET') return {};
  const exported = stages.value.filter((stage) => stage.AutoDeploy !== true);
  if (!f.wants('v2-exports')) {
    const stageExports: V2Api['stageExports'] = {};
    for (const { StageName } of exported) {
      setEntry(stageExports, StageName, f.notSelected('v2-exports', f.v2Target('ExportApi', `${api.arn}/stages/${StageName}`)));
    }
    return stageExports;
  }
  // Stages serving one deployment serve the same routes: one export, through the first of them.
  const exportedThrough = new Map<string, string>();
  for (const { StageName, DeploymentId } of exported) {
    if (DeploymentId && !exportedThrough.has(DeploymentId)) exportedThrough.set(DeploymentId, StageName);
  }
  const byStage = new Map<string, Promise<Collected<DeployedV2Config>>>();
  const slots = await Promise.all(
    exported.map(async ({ StageName, DeploymentId }) => {
      const through = (DeploymentId && exportedThrough.get(DeploymentId)) || StageName;
      let exporting = byStage.get(through);
      if (!exporting) {
        exporting = httpApiExport(f, client, api, through);
        byStage.set(through, exporting);
      }
      const slot = await exporting;
      return [StageName, slot.ok && through !== StageName ? { ok: true as const, value: { ...slot.value, stageName: StageName } } : slot] as const;
    }),
  );
  const stageExports: V2Api['stageExports'] = {};
  for (const [stageName, slot] of slots) setEntry(stageExports, stageName, slot);
  return stageExports;
}

async function httpApiExport(f: RegionFetcher, client: ApiGatewayV2Client, api: V2ApiFields, stageName: string) {
  const target = f.v2Target('ExportApi', `${api.arn}/stages/${stageName}`);
  // An API without routes cannot be exported (400 BadRequestException, aws/aws-sdk-js#3980):
  // recorded as a failed call, since what the stage still serves is then unknown.
  const answer = await f.call(target, () => client.send(expectBody(new ExportApiCommand({ ApiId: api.ApiId, StageName: stageName, ...HTTP_API_EXPORT }))));
  return readAnswer<{ body?: Uint8Array }, DeployedV2Config>(
    f,
    target,
    answer,
    (output) => parseHttpApiExport(exportDocument(output.body), stageName),
    deployedV2ConfigSchema,
  );
}
