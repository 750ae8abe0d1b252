/**
 * The API Gateway v1 (REST) collector for one region: account settings, REST APIs with their
 * details, usage plans, API keys (never their values), custom domains with base path mappings,
 * client certificates. region.ts runs it with the other collectors of a region.
 */
import {
  GetAccountCommand,
  GetApiKeysCommand,
  GetBasePathMappingsCommand,
  GetClientCertificatesCommand,
  GetDomainNamesCommand,
  GetRestApisCommand,
  GetUsagePlansCommand,
  type APIGatewayClient,
} from '@aws-sdk/client-api-gateway';
import { z } from 'zod';
import {
  accountSettingsSchema,
  apiKeySchema,
  basePathMappingSchema,
  clientCertificateSchema,
  domainNameSchema,
  restApiFieldsSchema,
  usagePlanSchema,
  type Collected,
  type DomainName,
  type RestApi,
  type RestApiFields,
} from '../inventory/schema.js';
import { domainArn, restApiArn } from '../inventory/view.js';
import type { InventoryPart } from '../inventory/parts.js';
import type { RegionFetcher } from './context.js';
import { expectBody } from './list-answers.js';
import type { RestOperationName } from './operations.js';
import { collectRestApi, PAGE_SIZE } from './rest-api.js';
import { countedList, type StagesRead } from './stages-read.js';

const restApiListSchema = z.array(restApiFieldsSchema);
const usagePlansSchema = z.array(usagePlanSchema);
const apiKeysSchema = z.array(apiKeySchema);
const domainListSchema = z.array(domainNameSchema.omit({ basePathMappings: true }));
const basePathMappingsSchema = z.array(basePathMappingSchema);
const clientCertificatesSchema = z.array(clientCertificateSchema);

type DomainFields = Omit<DomainName, 'basePathMappings'>;

/**
 * The region's account-wide REST settings (account, usage plans, API keys, client
 * certificates), with `account` progress; a part the collection does not want is `NotSelected`.
 */
export function collectRestAccountWide(f: RegionFetcher, client: APIGatewayClient) {
  const slot = <T>(part: InventoryPart, operation: RestOperationName, collect: () => Promise<Collected<T>>): Promise<Collected<T>> =>
    f.wants(part) ? collect() : Promise.resolve(f.notSelected(part, f.target(operation, f.region)));
  return trackAccountPhase(f, {
    account: slot('account-settings', 'GetAccount', () => collectAccount(f, client)),
    usagePlans: slot('usage-plans', 'GetUsagePlans', () => collectUsagePlans(f, client)),
    apiKeys: slot('api-keys', 'GetApiKeys', () => collectApiKeys(f, client)),
    clientCertificates: slot('client-certificates', 'GetClientCertificates', () => collectClientCertificates(f, client)),
  });
}

/** Awaits named slots, reporting `account` progress as each one lands. */
async function trackAccountPhase<T extends Record<string, Promise<unknown>>>(
  f: RegionFetcher,
  slots: T,
): Promise<{ [K in keyof T]: Awaited<T[K]> }> {
  const settled = await f.eachWithProgress('account', Object.entries(slots), async ([key, slot]) => {
    const value: unknown = await slot;
    return [key, value] as const;
  });
  return Object.fromEntries(settled) as { [K in keyof T]: Awaited<T[K]> };
}

async function collectAccount(f: RegionFetcher, client: APIGatewayClient) {
  const target = f.target('GetAccount', f.region);
  return f.conform(accountSettingsSchema, await f.call(target, () => client.send(expectBody(new GetAccountCommand({})))), target);
}

/** `stages`, when given, is told how many APIs are listed and of each one's stages as soon as they are read. */
export async function collectRestApis(f: RegionFetcher, client: APIGatewayClient, stages?: StagesRead): Promise<Collected<RestApi[]>> {
  const target = f.target('GetRestApis', f.region);
  const list = async (): Promise<Collected<RestApiFields[]>> => {
    const pages = await f.pages(target, (position) => client.send(expectBody(new GetRestApisCommand({ limit: PAGE_SIZE, position }))));
    return f.conform(restApiListSchema, pages, target, (apis) =>
      apis.map((api) => ({ ...api, arn: api.id ? restApiArn(f.region, api.id, f.ctx.partition) : undefined })),
    );
  };
  return f.eachListed('rest-apis', () => countedList(stages, 'rest', list()), (fields) =>
    f.forApi(async () => {
      const api = await collectRestApi(f, client, fields, (read) => stages?.restStages(fields, read));
      f.announce({ kind: 'rest', api });
      return api;
    }),
  );
}

async function collectUsagePlans(f: RegionFetcher, client: APIGatewayClient) {
  const target = f.target('GetUsagePlans', f.region);
  const pages = await f.pages(target, (position) => client.send(expectBody(new GetUsagePlansCommand({ limit: PAGE_SIZE, position }))));
  return f.conform(usagePlansSchema, pages, target);
}

async function collectApiKeys(f: RegionFetcher, client: APIGatewayClient) {
  const target = f.target('GetApiKeys', f.region);
  // `includeValues` stays unset: key values are secrets and no check needs them.
  const pages = await f.pages(target, (position) => client.send(expectBody(new GetApiKeysCommand({ limit: PAGE_SIZE, position }))));
  return f.conform(apiKeysSchema, pages, target, (keys) => keys.map(({ value: _value, ...key }) => key));
}

async function collectClientCertificates(f: RegionFetcher, client: APIGatewayClient) {
  const target = f.target('GetClientCertificates', f.region);
  const pages = await f.pages(target, (position) =>
    client.send(expectBody(new GetClientCertificatesCommand({ limit: PAGE_SIZE, position }))),
  );
  return f.conform(clientCertificatesSchema, pages, target, (certificates) =>
    certificates.map(({ pemEncodedCertificate: _pem, ...certificate }) => certificate),
  );
}

export async function collectDomainNames(f: RegionFetcher, client: APIGatewayClient): Promise<Collected<DomainName[]>> {
  const target = f.target('GetDomainNames', f.region);
  const list = async (): Promise<Collected<DomainFields[]>> =>
    f.conform(domainListSchema, await f.pages(target, (position) => client.send(expectBody(new GetDomainNamesCommand({ limit: PAGE_SIZE, position })))), target);
  return f.eachListed('domains', list, async (domain) => {
    f.announce({ kind: 'domain', domain });
    return { ...domain, basePathMappings: await collectBasePathMappings(f, client, domain) };
  });
}

async function collectBasePathMappings(f: RegionFetcher, client: APIGatewayClient, domain: DomainFields & { domainNameId?: string }) {
  const resource = domain.domainNameArn ?? domainArn(f.region, domain.domainName, f.ctx.partition);
  const target = f.target('GetBasePathMappings', resource);
  const pages = await f.pages(target, (position) =>
    client.send(
      expectBody(new GetBasePathMappingsCommand({
        domainName: domain.domainName,
        // Private custom domains are addressed by name and id.
        ...(domain.domainNameId ? { domainNameId: domain.domainNameId } : {}),
        limit: PAGE_SIZE,
        position,
      })),
    ),
  );
  return f.conform(basePathMappingsSchema, pages, target);
}
