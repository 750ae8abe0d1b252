/** What the inventory view hands to checks: one entity per resource kind, and the gaps where data is missing. */
import type { ResourceRef } from '../model/results.js';
import type { PoolUse } from './links.js';
import type {
  Collected,
  CollectionError,
  DomainName,
  HostedZone,
  IamPolicy,
  IdentityPool,
  LambdaFunction,
  RecordSet,
  KmsKey,
  RegionInventory,
  RestApi,
  Stage,
  UserPool,
  V2Api,
  V2DomainName,
  V2Stage,
  WebAcl,
  WebAclLogging,
} from './schema.js';

export interface RegionEntity {
  kind: 'region';
  region: RegionInventory;
  ref: ResourceRef;
}

export interface RestApiEntity {
  kind: 'rest-api';
  api: RestApi;
  region: RegionInventory;
  ref: ResourceRef;
}

export interface RestStageEntity {
  kind: 'rest-stage';
  stage: Stage;
  api: RestApiEntity;
  ref: ResourceRef;
}

export interface V2ApiEntity {
  kind: 'v2-api';
  api: V2Api;
  region: RegionInventory;
  /** `http-api` or `websocket-api`. */
  ref: ResourceRef;
}

export interface V2StageEntity {
  kind: 'v2-stage';
  stage: V2Stage;
  api: V2ApiEntity;
  ref: ResourceRef;
}

/**
 * A custom domain name. API Gateway keeps one set of domains per region; v1 (`GetDomainNames`)
 * and v2 (`GetDomainNames` + `GetApiMappings`) describe it in two shapes. The entity joins them
 * by name: either side may be missing (v2 does not list edge-optimized or private domains).
 */
export interface DomainEntity {
  kind: 'domain';
  name: string;
  /** The v1 view: security policy (including the enhanced TLS 1.3 ones), mTLS, base paths. */
  v1?: DomainName;
  /** The v2 view: per-endpoint configurations and API mappings. */
  v2?: V2DomainName;
  region: RegionInventory;
  /** ARNs of the REST, HTTP and WebSocket APIs this domain serves (from both mapping lists). */
  mappedApiArns: string[];
  /** Mapping lists that could not be collected: the mapped APIs may be incomplete. */
  mappingGaps: CollectionError[];
  ref: ResourceRef;
}

/** A Cognito user pool that at least one authorizer trusts. */
export interface UserPoolEntity {
  kind: 'user-pool';
  pool: UserPool;
  /** The chain to each API: API → authorizer → this pool. */
  trustedBy: PoolUse[];
  ref: ResourceRef;
}

/** A pool an authorizer trusts that is not in the scanned account: nothing here can judge it. */
export interface OutsideUserPoolEntity {
  kind: 'outside-user-pool';
  /** Why the pool is outside the scan, for the result's message. */
  reason: string;
  trustedBy: PoolUse[];
  ref: ResourceRef;
}

/** A customer-managed KMS key protecting linked log groups or trails. */
export interface KmsKeyEntity {
  kind: 'kms-key';
  key: KmsKey;
  /** What the key protects: log group names and trail ARNs. */
  protects: string[];
  ref: ResourceRef;
}

/**
 * A Route 53 record (alias or CNAME) of a public hosted zone that points at an API Gateway
 * target (src/analysis/dns.ts says which records are selected and what they target).
 */
export interface DnsRecordEntity {
  kind: 'dns-record';
  zone: HostedZone;
  record: RecordSet;
  /** A regional custom domain's target name, an API's default endpoint, or a CloudFront distribution. */
  target:
    | { kind: 'regional-domain'; host: string; region: string }
    | { kind: 'api-endpoint'; host: string; region: string; apiId: string }
    | { kind: 'cloudfront'; host: string };
  via: 'alias' | 'cname';
  ref: ResourceRef;
}

/** How an API invokes a Lambda function: which stage serves it, through an integration or an authorizer. */
export interface LambdaUse {
  apiArn: string;
  apiName: string;
  role: 'integration' | 'authorizer';
  /** `deployment d1 (stage prod): GET /pets`, `stage prod: authorizer token-check`. */
  where: string;
}

/**
 * What a function's invocation chain shows of its uses (of one role, when the selection asks for one):
 * the first distinct ones, in order, and how many distinct ones there are. Two uses are the same
 * when API name, place and role are; a function many stages invoke has a use per method of each,
 * of which no more are kept than a chain shows.
 */
export interface LambdaUses {
  /** At most as many as a result lists (`MAX_LIST_ITEMS`). */
  readonly shown: readonly LambdaUse[];
  readonly count: number;
}

/** A Lambda function that what the stages serve invokes (src/analysis/lambda.ts). */
export interface LambdaFunctionEntity {
  kind: 'lambda-function';
  fn: LambdaFunction;
  usedBy: LambdaUses;
  ref: ResourceRef;
}

/** A function an API invokes that the scan cannot judge: another account's, or one that does not exist. */
export interface OutsideLambdaFunctionEntity {
  kind: 'outside-lambda-function';
  reason: string;
  usedBy: LambdaUses;
  ref: ResourceRef;
}

/** A stage that a web ACL protects. */
export interface WebAclUse {
  apiArn: string;
  /** `api/stage` */
  stage: string;
}

/** A WAFv2 web ACL that REST stages name, with what was read of it (src/analysis/waf-acls.ts). */
export interface WebAclEntity {
  kind: 'web-acl';
  arn: string;
  region: RegionInventory;
  /** `GetWebACL`. */
  acl: Collected<WebAcl>;
  /** `GetLoggingConfiguration`. */
  logging: Collected<WebAclLogging>;
  usedBy: WebAclUse[];
  ref: ResourceRef;
}

/** A Cognito identity pool of a scanned region (src/analysis/cognito.ts `identityPools`). */
export interface IdentityPoolEntity {
  kind: 'identity-pool';
  pool: IdentityPool;
  region: RegionInventory;
  ref: ResourceRef;
}

export interface IamPolicyEntity {
  kind: 'iam-policy';
  policy: IamPolicy;
  ref: ResourceRef;
}

export type Entity =
  | RegionEntity
  | RestApiEntity
  | RestStageEntity
  | V2ApiEntity
  | V2StageEntity
  | DomainEntity
  | UserPoolEntity
  | OutsideUserPoolEntity
  | KmsKeyEntity
  | IamPolicyEntity
  | IdentityPoolEntity
  | WebAclEntity
  | LambdaFunctionEntity
  | OutsideLambdaFunctionEntity
  | DnsRecordEntity;

/** Something a check should have evaluated but cannot, because its data was not collected. */
export interface Gap {
  ref: ResourceRef;
  error: CollectionError;
}

export interface Selection<T> {
  readonly targets: readonly T[];
  readonly gaps: readonly Gap[];
}
