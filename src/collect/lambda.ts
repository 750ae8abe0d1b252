/**
 * The Lambda functions what the stages serve invokes (src/analysis/lambda.ts names them), each
 * read once per scan in its own region: `GetFunctionConfiguration` (runtime and package type,
 * never code nor environment variables), `GetPolicy` (its resource-based policy) and
 * `GetFunctionUrlConfig` (its function URL). A qualified ARN (alias or version) is read with its
 * qualifier: the alias or version has its own policy and, for an alias, its own URL. Functions of
 * other accounts are not read: their slot says so, which is an answer rather than a failure.
 */
import {
  GetFunctionConfigurationCommand,
  GetFunctionUrlConfigCommand,
  GetPolicyCommand,
  type LambdaClient,
} from '@aws-sdk/client-lambda';
import { lambdaFunctionLinks, parseFunctionArn, type FunctionArnParts } from '../analysis/lambda.js';
import { errorCode } from '../aws/retry.js';
import { CROSS_ACCOUNT } from '../inventory/links.js';
import {
  functionUrlSchema,
  lambdaFunctionSchema,
  type Collected,
  type CollectionError,
  type Inventory,
  type LambdaFunction,
  type RegionInventory,
} from '../inventory/schema.js';
import { regionOfOneApi, type ApiRead, type RegionFetcher } from './context.js';
import { KeyedReads } from './keyed-reads.js';
import { definedOnly, valueSchemaOf } from './slots.js';

/** What GetPolicy and GetFunctionUrlConfig answer when there is no policy or no URL. */
const NOT_FOUND = 'ResourceNotFoundException';

const configurationSchema = lambdaFunctionSchema.omit({ policy: true, url: true });
const policySchema = valueSchemaOf(lambdaFunctionSchema.shape.policy);
const urlSchema = functionUrlSchema.nullable();

export async function collectLambdaFunctions(f: RegionFetcher, functionArns: Iterable<string>): Promise<Record<string, Collected<LambdaFunction>>> {
  return new FunctionReads(f).all(functionArns);
}

/**
 * The functions' reads, each started once: as soon as an API is read (`startFor`), the
 * functions its stages serve are read in the fetcher's own lane, while the other APIs still
 * are, so a region's wall time is the larger of the API Gateway and Lambda bounds, not their
 * sum. `all` then reads what the whole scan names (the same set: an API's functions depend on
 * that API alone) and waits for every one.
 */
export class FunctionReads {
  private readonly reads: KeyedReads<string, Collected<LambdaFunction>>;
  private readonly lanes = new Map<string, RegionFetcher>();

  /**
   * `f` reports progress and records errors; `laneOf(region)` makes the fetcher whose lane a
   * region's functions are read in. Lambda's control-plane quotas are per account and Region
   * ("Lambda quotas", Lambda API requests), so each region gets its own lane on its own buckets:
   * one lane for every region would hold each region's calls behind the others' token waits.
   */
  constructor(
    private readonly f: RegionFetcher,
    private readonly laneOf: (region: string) => RegionFetcher = () => f,
  ) {
    this.reads = new KeyedReads(f, 'lambda-functions', (arn: string) => arn, (arn) => collectFunction(f, arn, (region) => this.laneFor(region)));
  }

  private laneFor(region: string): RegionFetcher {
    let lane = this.lanes.get(region);
    if (!lane) {
      lane = this.laneOf(region);
      this.lanes.set(region, lane);
    }
    return lane;
  }

  /** Starts reading functions (`functionsServedBy` one API); none is started twice. */
  start(functionArns: readonly string[]): void {
    for (const arn of functionArns) void this.reads.start(arn);
  }

  /** Every function of `functionArns`, by ARN, once each has been read. */
  all(functionArns: Iterable<string>): Promise<Record<string, Collected<LambdaFunction>>> {
    return this.reads.all([...new Set(functionArns)].sort());
  }
}

/**
 * The functions one API's stages serve, sorted: what the whole scan names is the union over its
 * APIs, gathered as each is read rather than worked out again for the finished snapshot.
 */
export function functionsServedBy(region: RegionInventory['region'], read: ApiRead, account: Inventory['account']): string[] {
  return [...lambdaFunctionLinks({ regions: [regionOfOneApi(region, read)], account }).uses.keys()].sort();
}

/** Undefined for "there is none" (no policy, no URL): an answer, not a failure of the scan. */
async function orNone<T>(request: () => Promise<T>): Promise<T | undefined> {
  try {
    return await request();
  } catch (error) {
    if (errorCode(error) === NOT_FOUND) return undefined;
    throw error;
  }
}

function unread(f: RegionFetcher, arn: string, region: string, code: string, message: string): { ok: false; error: CollectionError } {
  return { ok: false, error: { ...f.target('GetFunctionConfiguration', arn, region), code, message } };
}

async function collectFunction(global: RegionFetcher, arn: string, laneFor: (region: string) => RegionFetcher): Promise<Collected<LambdaFunction>> {
  const fn = parseFunctionArn(arn);
  if (!fn) return unread(global, arn, global.region, 'InvalidArn', `${arn} is not the ARN of a Lambda function`);
  if (fn.account !== global.ctx.accountId) {
    return unread(
      global,
      arn,
      fn.region,
      CROSS_ACCOUNT,
      `the function belongs to account ${fn.account}, not to the scanned account ${global.ctx.accountId}; apiposture reads the scanned account only`,
    );
  }
  const f = laneFor(fn.region);
  const client = f.ctx.clients.client('lambda', fn.region);
  const target = f.target('GetFunctionConfiguration', arn, fn.region);
  const configured = await f.call(target, () =>
    orNone(() => client.send(new GetFunctionConfigurationCommand({ FunctionName: fn.name, ...(fn.qualifier ? { Qualifier: fn.qualifier } : {}) }))),
  );
  if (configured.ok && configured.value === undefined) {
    // The API names a function that is gone: an answer (its calls fail), not a failure of the scan.
    return unread(f, arn, fn.region, NOT_FOUND, `no function ${fn.name}${fn.qualifier ? `:${fn.qualifier}` : ''} exists in ${fn.region} of account ${f.ctx.accountId}`);
  }
  // Only what the checks read: never the environment variables, which may hold secrets.
  const configuration = f.conform(configurationSchema, configured, target, (output) => ({
    FunctionName: output?.FunctionName,
    FunctionArn: output?.FunctionArn,
    Runtime: output?.Runtime,
    PackageType: output?.PackageType,
    Version: output?.Version,
    LastModified: output?.LastModified,
  }));
  if (!configuration.ok) return configuration;
  const [policy, url] = await Promise.all([collectPolicy(f, client, arn, fn), collectUrl(f, client, arn, fn)]);
  return { ok: true, value: { ...definedOnly(configuration.value), policy, url } };
}

async function collectPolicy(f: RegionFetcher, client: LambdaClient, arn: string, fn: FunctionArnParts): Promise<Collected<string | null>> {
  const target = f.target('GetPolicy', arn, fn.region);
  const result = await f.call(target, () =>
    orNone(() => client.send(new GetPolicyCommand({ FunctionName: fn.name, ...(fn.qualifier ? { Qualifier: fn.qualifier } : {}) }))),
  );
  return f.conform(policySchema, result, target, (output) => output?.Policy ?? null);
}

/**
 * A URL belongs to the unpublished version or to an alias, never to a numbered version ("Creating
 * and managing Lambda function URLs": "You can add a function URL to any function alias or to the
 * $LATEST unpublished function version"): for a version ARN, the URL asked about is the
 * function's own, which invokes the same function's code.
 */
async function collectUrl(f: RegionFetcher, client: LambdaClient, arn: string, fn: FunctionArnParts): Promise<Collected<{ FunctionUrl?: string; AuthType?: string } | null>> {
  const target = f.target('GetFunctionUrlConfig', arn, fn.region);
  const alias = fn.qualifier && !/^\d+$/.test(fn.qualifier) && fn.qualifier !== '$LATEST' ? fn.qualifier : undefined;
  const result = await f.call(target, () =>
    orNone(() => client.send(new GetFunctionUrlConfigCommand({ FunctionName: fn.name, ...(alias ? { Qualifier: alias } : {}) }))),
  );
  return f.conform(urlSchema, result, target, (output) => (output ? definedOnly({ FunctionUrl: output.FunctionUrl, AuthType: output.AuthType }) : null));
}
