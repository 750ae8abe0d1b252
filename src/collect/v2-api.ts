/**
 * One HTTP or WebSocket API's details: routes, stages, integrations and authorizers, plus the
 * `NextToken` paging every API Gateway v2 list shares. An `ExportApi` of the working copy does
 * not replace the lists: it names no route, integration or authorizer ids, and it writes an
 * integration only on the routes that use it, while the checks judge every integration (see
 * bench/bound.ts).
 */
import {
  GetAuthorizersCommand,
  GetIntegrationsCommand,
  GetRoutesCommand,
  GetStagesCommand,
  type ApiGatewayV2Client,
} from '@aws-sdk/client-apigatewayv2';
import { z } from 'zod';
import type { CallTarget } from '../aws/call.js';
import {
  v2AuthorizerSchema,
  v2IntegrationSchema,
  v2RouteSchema,
  v2StageSchema,
  type Collected,
  type V2Api,
  type V2ApiFields,
  type V2Authorizer,
  type V2Route,
} from '../inventory/schema.js';
import { NOT_SELECTED, type InventoryPart } from '../inventory/parts.js';
import { skipped, type RegionFetcher } from './context.js';
import { collectStageExports } from './deployed.js';
import type { JsonSafe } from './json-safe.js';
import { expectBody, requireList } from './list-answers.js';
import type { V2OperationName } from './operations.js';

const routesSchema = z.array(v2RouteSchema);
const stagesSchema = z.array(v2StageSchema);
const integrationsSchema = z.array(v2IntegrationSchema);
const authorizersSchema = z.array(v2AuthorizerSchema);

/** What every v2 list operation returns. */
export interface V2ListOutput<TItem> {
  Items?: TItem[] | undefined;
  NextToken?: string | undefined;
}

/**
 * Fetches every page of a v2 list and checks the items against `schema`. Every page must carry
 * `items`: API Gateway v2 answers an empty list with `{"items": []}` (an account without v2 APIs
 * shows `"Items": []` in the CLI and SDK: aws/aws-sdk-js#2708, #2458), so a page without it is an
 * `UnexpectedResponse`, never an empty list. The SDK has no
 * paginators for v2 and `MaxResults` is a string with no documented maximum, so it is left out
 * and AWS picks the page size (Amazon API Gateway Version 2 API Reference).
 */
export async function v2List<TItem, T>(
  f: RegionFetcher,
  target: CallTarget,
  schema: z.ZodType<T>,
  fetchPage: (nextToken: string | undefined) => Promise<V2ListOutput<TItem>>,
  prepare?: (items: JsonSafe<TItem[]>) => unknown,
): Promise<Collected<T>> {
  const pages = await f.pages(target, async (nextToken) => {
    const output = await fetchPage(nextToken);
    return { items: requireList(output.Items, 'items', 'API Gateway v2 sends one, even when it is empty'), position: output.NextToken };
  });
  return f.conform(schema, pages, target, prepare);
}

/** `onStages` is told of the API's stages slot as soon as it is settled. */
export async function collectV2Api(f: RegionFetcher, client: ApiGatewayV2Client, api: V2ApiFields, onStages?: (stages: V2Api['stages']) => void): Promise<V2Api> {
  const { ApiId } = api;
  const slot = <T>(part: InventoryPart, operation: V2OperationName, collect: (target: CallTarget) => Promise<Collected<T>>) => {
    const target = f.v2Target(operation, api.arn);
    return f.wants(part) ? collect(target) : Promise.resolve(f.notSelected(part, target));
  };
  const [routes, stages, integrations] = await Promise.all([
    slot('v2-routes', 'GetRoutes', (target) =>
      v2List(f, target, routesSchema, (NextToken) => client.send(expectBody(new GetRoutesCommand({ ApiId, NextToken })))),
    ),
    slot('v2-stages', 'GetStages', (target) =>
      v2List(f, target, stagesSchema, (NextToken) => client.send(expectBody(new GetStagesCommand({ ApiId, NextToken })))),
    ).then((slot) => {
      onStages?.(slot);
      return slot;
    }),
    slot('v2-integrations', 'GetIntegrations', (target) =>
      v2List(f, target, integrationsSchema, (NextToken) => client.send(expectBody(new GetIntegrationsCommand({ ApiId, NextToken })))),
    ),
  ]);
  // What the HTTP API stages without automatic deployment serve.
  const exporting = collectStageExports(f, client, api, stages);
  const [authorizers, stageExports] = await Promise.all([
    slot('v2-authorizers', 'GetAuthorizers', (target) => collectAuthorizers(f, client, api, target, routes, exporting)),
    exporting,
  ]);
  return { ...api, routes, stages, authorizers, integrations, stageExports };
}

/**
 * The API's authorizers, read only when something names one: a route of the working copy, or a
 * route that a stage without automatic deployment still serves (its export names the authorizer,
 * and the checks look its settings up by that name among the API's: a stage serves its deployment,
 * not the working copy, "Stages for HTTP APIs"). Routes that cannot be read leave it unknown
 * whether one is named; an export that failed does too, so the authorizers are read then rather
 * than recorded as none.
 */
async function collectAuthorizers(
  f: RegionFetcher,
  client: ApiGatewayV2Client,
  api: V2ApiFields,
  target: CallTarget,
  routes: Collected<V2Route[]>,
  exporting: Promise<V2Api['stageExports']>,
): Promise<Collected<V2Authorizer[]>> {
  if (!routes.ok) return skipped(target, routes.error);
  const named =
    routes.value.some((route) => Boolean(route.AuthorizerId)) ||
    Object.values(await exporting).some((served) =>
      served.ok ? served.value.routes.some((route) => route.authorizerName !== undefined) : served.error.code !== NOT_SELECTED,
    );
  if (!named) return { ok: true, value: [] };
  return v2List(f, target, authorizersSchema, (NextToken) => client.send(expectBody(new GetAuthorizersCommand({ ApiId: api.ApiId, NextToken }))));
}
