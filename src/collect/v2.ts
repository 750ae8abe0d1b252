/**
 * The API Gateway v2 collector for one region: HTTP and WebSocket APIs with their details, and
 * the custom domains as v2 sees them, with their API mappings. Calls share the region's
 * concurrency and, being `apigateway:GET` on the same endpoint, the v1 rate-limit bucket.
 */
import { GetApiMappingsCommand, GetApisCommand, GetDomainNamesCommand, type ApiGatewayV2Client } from '@aws-sdk/client-apigatewayv2';
import { z } from 'zod';
import {
  apiMappingSchema,
  v2ApiFieldsSchema,
  v2DomainNameSchema,
  type Collected,
  type RegionInventory,
  type V2Api,
  type V2ApiFields,
  type V2DomainName,
} from '../inventory/schema.js';
import { domainArn, v2ApiArn } from '../inventory/view.js';
import type { RegionFetcher } from './context.js';
import { expectBody } from './list-answers.js';
import { collectV2Api, v2List } from './v2-api.js';
import { countedList, type StagesRead } from './stages-read.js';

const apiListSchema = z.array(v2ApiFieldsSchema);
const domainListSchema = z.array(v2DomainNameSchema.omit({ apiMappings: true }));
const apiMappingsSchema = z.array(apiMappingSchema);

type V2DomainFields = Omit<V2DomainName, 'apiMappings'>;
export type ApiGatewayV2Inventory = RegionInventory['apigatewayv2'];

/** `stages`, when given, is told how many APIs are listed and of each one's stages as soon as they are read. */
export async function collectApiGatewayV2(f: RegionFetcher, stages?: StagesRead): Promise<ApiGatewayV2Inventory> {
  const client = f.ctx.clients.apiGatewayV2(f.region);
  const [apis, domainNames] = await Promise.all([
    f.wants('v2-apis') ? collectV2Apis(f, client, stages) : countedList<V2Api>(stages, 'v2', Promise.resolve(f.notSelected('v2-apis', f.v2Target('GetApis', f.region)))),
    f.wants('domains') ? collectV2DomainNames(f, client) : f.notSelected('domains', f.v2Target('GetDomainNames', f.region)),
  ]);
  return { apis, domainNames };
}

async function collectV2Apis(f: RegionFetcher, client: ApiGatewayV2Client, stages: StagesRead | undefined): Promise<Collected<V2Api[]>> {
  const list = (): Promise<Collected<V2ApiFields[]>> =>
    v2List(
      f,
      f.v2Target('GetApis', f.region),
      apiListSchema,
      (NextToken) => client.send(expectBody(new GetApisCommand({ NextToken }))),
      (apis) => apis.map((api) => ({ ...api, arn: api.ApiId ? v2ApiArn(f.region, api.ApiId, f.ctx.partition) : undefined })),
    );
  return f.eachListed('v2-apis', () => countedList(stages, 'v2', list()), (fields) =>
    f.forApi(async () => {
      const api = await collectV2Api(f, client, fields, (read) => stages?.v2Stages(fields, read));
      f.announce({ kind: 'v2', api });
      return api;
    }),
  );
}

async function collectV2DomainNames(f: RegionFetcher, client: ApiGatewayV2Client): Promise<Collected<V2DomainName[]>> {
  const list = (): Promise<Collected<V2DomainFields[]>> =>
    v2List(f, f.v2Target('GetDomainNames', f.region), domainListSchema, (NextToken) => client.send(expectBody(new GetDomainNamesCommand({ NextToken }))));
  return f.eachListed('v2-domains', list, async (domain) => {
    f.announce({ kind: 'v2-domain', domain });
    return { ...domain, apiMappings: await collectApiMappings(f, client, domain) };
  });
}

function collectApiMappings(f: RegionFetcher, client: ApiGatewayV2Client, domain: V2DomainFields) {
  const resource = domain.DomainNameArn ?? domainArn(f.region, domain.DomainName, f.ctx.partition);
  return v2List(f, f.v2Target('GetApiMappings', resource), apiMappingsSchema, (NextToken) =>
    client.send(expectBody(new GetApiMappingsCommand({ DomainName: domain.DomainName, NextToken }))),
  );
}
