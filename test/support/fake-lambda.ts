/**
 * AWS Lambda for the AWS look-alike (fake-aws.ts): REST-JSON `GET /2015-03-31/functions/{name}/
 * configuration` and `/policy`, `GET /2021-10-31/functions/{name}/url`, with `?Qualifier=`,
 * serving the inventory's `shared.lambdaFunctions` (keyed by the ARN the APIs name) in the
 * region the client signed for. No policy or no URL is ResourceNotFoundException, as in Lambda;
 * a slot recorded as failed is answered with its error.
 */
import type { CollectionError, Collected, Inventory, LambdaFunction } from '../../src/inventory/schema.js';

type Reply = { status: number; body: unknown; headers?: Record<string, string> };

const PATH = /^\/(2015-03-31|2021-10-31)\/functions\/([^/]+)\/(configuration|policy|url)$/;
const OPERATIONS = { configuration: 'GetFunctionConfiguration', policy: 'GetPolicy', url: 'GetFunctionUrlConfig' } as const;

export function isLambdaPath(pathname: string): boolean {
  return PATH.test(pathname);
}

function errorReply(error: Pick<CollectionError, 'code' | 'message'>): Reply {
  const status = error.code.includes('NotFound') ? 404 : error.code.startsWith('TooMany') ? 429 : 403;
  return { status, body: { message: error.message, Type: 'User' }, headers: { 'x-amzn-errortype': error.code } };
}

const notFound = (what: string): Reply => errorReply({ code: 'ResourceNotFoundException', message: `The resource you requested does not exist. (${what})` });

/** The slot the request names; a URL asked without a qualifier also answers for a version ARN (the collector asks so). */
function findFunction(inventory: Inventory, base: string, qualifier: string | null, kind: string): Collected<LambdaFunction> | undefined {
  const functions = inventory.shared?.lambdaFunctions ?? {};
  const exact = functions[qualifier ? `${base}:${qualifier}` : base];
  if (exact || kind !== 'url' || qualifier) return exact;
  const version = Object.keys(functions).find((arn) => arn.startsWith(`${base}:`) && /^\d+$/.test(arn.slice(base.length + 1)));
  return version ? functions[version] : undefined;
}

export function lambdaReply(inventory: Inventory, regionName: string, url: URL): [string, Reply] {
  const match = PATH.exec(url.pathname)!;
  const kind = match[3] as keyof typeof OPERATIONS;
  const operation = OPERATIONS[kind];
  const name = decodeURIComponent(match[2]!);
  const base = name.startsWith('arn:') ? name : `arn:${inventory.account.partition}:lambda:${regionName}:${inventory.account.id}:function:${name}`;
  const qualifier = url.searchParams.get('Qualifier');
  const slot = findFunction(inventory, base, qualifier, kind);
  if (!slot) return [operation, notFound(base)];
  if (!slot.ok) return [operation, errorReply(slot.error)];
  const fn = slot.value;
  if (kind === 'configuration') {
    const { policy: _policy, url: _url, ...configuration } = fn;
    return [operation, { status: 200, body: configuration }];
  }
  if (kind === 'policy') {
    if (!fn.policy.ok) return [operation, errorReply(fn.policy.error)];
    return [operation, fn.policy.value === null ? notFound(`policy of ${base}`) : { status: 200, body: { Policy: fn.policy.value, RevisionId: 'rev-1' } }];
  }
  if (!fn.url.ok) return [operation, errorReply(fn.url.error)];
  if (fn.url.value === null) return [operation, notFound(`function URL of ${base}`)];
  return [operation, { status: 200, body: { ...fn.url.value, FunctionArn: fn.FunctionArn, CreationTime: '2026-01-01T00:00:00Z', LastModifiedTime: '2026-01-01T00:00:00Z' } }];
}
