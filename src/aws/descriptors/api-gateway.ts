/**
 * API Gateway v1 (REST APIs) and v2 (HTTP and WebSocket APIs). Every read is `apigateway:GET`
 * on the resource path (API Gateway Developer Guide, "API Gateway Amazon Resource Name (ARN)
 * reference"). v1 and v2 share some operation names (`GetStages`, `GetAuthorizers`,
 * `GetDomainNames`): an operation is identified by service and name together.
 */
import { APIGatewayClient } from '@aws-sdk/client-api-gateway';
import { ApiGatewayV2Client } from '@aws-sdk/client-apigatewayv2';
import { defineService, type OperationSpec, type RateSpec } from '../descriptor.js';

const get = (...paths: string[]): OperationSpec => ({
  iamAction: 'apigateway:GET',
  iamResources: paths.map((path) => `arn:\${Partition}:apigateway:\${Region}::${path}`),
});

/**
 * v1 and v2 management calls share one endpoint prefix and, we assume, one quota. The reads of
 * what stages serve (GetExport, GetDeployment, v2 ExportApi) fall under it too: the quota table
 * ("API Gateway quotas for creating, deploying and managing an API", Amazon API Gateway quotas)
 * lists no stricter rate for them, unlike GetResources.
 */
const MANAGEMENT_RATE: RateSpec<never> = { name: 'apigateway', rate: { ratePerSecond: 10, burst: 40 } };

export const apiGateway = defineService({
  id: 'apigateway',
  client: (config) => new APIGatewayClient(config),
  operations: {
    GetAccount: get('/account'),
    GetRestApis: get('/restapis'),
    GetResources: get('/restapis/*/resources'),
    GetStages: get('/restapis/*/stages'),
    GetAuthorizers: get('/restapis/*/authorizers'),
    GetRequestValidators: get('/restapis/*/requestvalidators'),
    // What a stage serves (its deployment), not the working copy: the OpenAPI export of a
    // stage, and a canary-only deployment's API summary.
    GetExport: get('/restapis/*/stages/*/exports/*'),
    GetDeployment: get('/restapis/*/deployments/*'),
    GetUsagePlans: get('/usageplans'),
    GetApiKeys: get('/apikeys'),
    GetDomainNames: get('/domainnames'),
    GetBasePathMappings: {
      iamAction: 'apigateway:GET',
      // Private custom domains have ARNs with the account and a `+id` suffix.
      iamResources: [
        'arn:${Partition}:apigateway:${Region}::/domainnames/*/basepathmappings',
        'arn:${Partition}:apigateway:${Region}:${Account}:/domainnames/*/basepathmappings',
      ],
    },
    GetClientCertificates: get('/clientcertificates'),
  },
  rates: [
    // 5 requests every 2 seconds, on top of the account-wide management rate.
    { name: 'apigateway:GetResources', rate: { ratePerSecond: 2.5, burst: 5 }, operations: ['GetResources'] },
    MANAGEMENT_RATE,
  ],
  phases: ['account', 'rest-apis', 'domains'],
});

export const apiGatewayV2 = defineService({
  id: 'apigatewayv2',
  client: (config) => new ApiGatewayV2Client(config),
  operations: {
    GetApis: get('/apis'),
    GetRoutes: get('/apis/*/routes'),
    GetStages: get('/apis/*/stages'),
    GetIntegrations: get('/apis/*/integrations'),
    GetAuthorizers: get('/apis/*/authorizers'),
    // What an HTTP API stage without automatic deployment serves: its OpenAPI export.
    ExportApi: get('/apis/*/exports/*'),
    GetDomainNames: get('/domainnames'),
    GetApiMappings: get('/domainnames/*/apimappings'),
  },
  rates: [MANAGEMENT_RATE],
  phases: ['v2-apis', 'v2-domains'],
});
