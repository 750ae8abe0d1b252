/** One REST API's details: resources with their methods, stages, authorizers, validators. */
import {
  GetAuthorizersCommand,
  GetRequestValidatorsCommand,
  GetResourcesCommand,
  GetStagesCommand,
  type APIGatewayClient,
} from '@aws-sdk/client-api-gateway';
import { z } from 'zod';
import type { CallTarget } from '../aws/call.js';
import {
  authorizerSchema,
  requestValidatorSchema,
  resourceSchema,
  stageSchema,
  type Collected,
  type Method,
  type Resource,
  type RestApi,
  type RestApiFields,
} from '../inventory/schema.js';
import type { InventoryPart } from '../inventory/parts.js';
import { ifReferenced, type RegionFetcher } from './context.js';
import { collectRestDeployments } from './deployed.js';
import { expectBody, requireList } from './list-answers.js';
import type { RestOperationName } from './operations.js';

/** The largest page API Gateway v1 list operations return. */
export const PAGE_SIZE = 500;

const resourcesSchema = z.array(resourceSchema);
const stagesSchema = z.array(stageSchema);
const authorizersSchema = z.array(authorizerSchema);
const requestValidatorsSchema = z.array(requestValidatorSchema);

/** A per-API slot when the collection wants its part, else `NotSelected` (no call). */
function apiSlot<T>(
  f: RegionFetcher,
  part: InventoryPart,
  operation: RestOperationName,
  apiArn: string,
  collect: () => Promise<Collected<T>>,
): Promise<Collected<T>> {
  return f.wants(part) ? collect() : Promise.resolve(f.notSelected(part, f.target(operation, apiArn)));
}

/** `onStages` is told of the API's stages slot as soon as it is settled. */
export async function collectRestApi(
  f: RegionFetcher,
  client: APIGatewayClient,
  api: RestApiFields,
  onStages?: (stages: RestApi['stages']) => void,
): Promise<RestApi> {
  const restApiId = api.id;
  const [resources, stages] = await Promise.all([
    apiSlot(f, 'rest-resources', 'GetResources', api.arn, () => collectResources(f, client, api)),
    apiSlot(f, 'rest-stages', 'GetStages', api.arn, async () => {
      const target = f.target('GetStages', api.arn);
      const result = await f.call(target, () => client.send(expectBody(new GetStagesCommand({ restApiId }))));
      // v1 leaves `item` out of an empty collection (`{}`: aws/aws-sdk-js#1416), so no
      // member is an API without stages; an empty body fails in `expectBody`.
      return f.conform(stagesSchema, result, target, (output) => output.item ?? []);
    }).then((slot) => {
      onStages?.(slot);
      return slot;
    }),
  ]);

  const [authorizers, requestValidators, deployments] = await Promise.all([
    apiSlot(f, 'rest-authorizers', 'GetAuthorizers', api.arn, () =>
      ifAnyMethod(f, resources, 'GetAuthorizers', api.arn, (method) => method.authorizerId, async (target) => {
        // No SDK paginator exists for GetAuthorizers: loop on `position`.
        const pages = await f.pages(target, (position) =>
          client.send(expectBody(new GetAuthorizersCommand({ restApiId, limit: PAGE_SIZE, position }))),
        );
        return f.conform(authorizersSchema, pages, target);
      }),
    ),
    apiSlot(f, 'rest-request-validators', 'GetRequestValidators', api.arn, () =>
      ifAnyMethod(f, resources, 'GetRequestValidators', api.arn, (method) => method.requestValidatorId, async (target) => {
        const pages = await f.pages(target, (position) =>
          client.send(expectBody(new GetRequestValidatorsCommand({ restApiId, limit: PAGE_SIZE, position }))),
        );
        return f.conform(requestValidatorsSchema, pages, target);
      }),
    ),
    // What the stages serve: read beside the working copy, whatever it holds.
    collectRestDeployments(f, client, api, stages),
  ]);

  return { ...api, resources, stages, authorizers, requestValidators, deployments };
}

async function collectResources(f: RegionFetcher, client: APIGatewayClient, api: RestApiFields) {
  const target = f.target('GetResources', api.arn);
  // Without `embed`, every method in `resourceMethods` comes back as an empty object.
  // Unlike the other v1 lists, resources are never an empty collection: every REST API has its
  // root resource `/` (API reference, RestApi: `rootResourceId`, "The API's root resource ID"),
  // so a page without `item` is not an answer.
  const pages = await f.pages(target, async (position) => {
    const command = new GetResourcesCommand({ restApiId: api.id, embed: ['methods'], limit: PAGE_SIZE, position });
    const output = await client.send(expectBody(command));
    return { items: requireList(output.items, 'item', 'every REST API has its root resource'), position: output.position };
  });
  return f.conform(resourcesSchema, pages, target);
}

/**
 * Fetches a per-API list only when some method refers to an entry of it; an API whose methods
 * name none gets an empty list without a call. Unknown when the resources are unknown.
 */
function ifAnyMethod<T>(
  f: RegionFetcher,
  resources: Collected<Resource[]>,
  operation: RestOperationName,
  apiArn: string,
  reference: (method: Method) => string | undefined,
  fetch: (target: CallTarget) => Promise<Collected<T[]>>,
): Promise<Collected<T[]>> {
  const anyMethodRefers = (resource: Resource) =>
    Object.values(resource.resourceMethods ?? {}).some((method) => Boolean(reference(method)));
  return ifReferenced(f.target(operation, apiArn), resources, anyMethodRefers, fetch);
}
