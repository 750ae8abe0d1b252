/**
 * AWS Lambda: the functions API integrations and Lambda authorizers invoke, read once per scan
 * each (configuration, resource policy, function URL), in the function's own region.
 *
 * Rates: "Lambda quotas", section "Lambda API requests" (AWS Lambda Developer Guide): GetPolicy
 * API requests, 15 requests per second; the "remainder of the control plane API requests
 * (excludes invocation, GetFunction, and GetPolicy requests)", 15 requests per second across all
 * APIs, which GetFunctionConfiguration and GetFunctionUrlConfig share. Neither can be increased
 * and no burst is published, so one second's worth. The quotas are per account and Region: other
 * tools of the account spend the same budget, and throttled calls are retried through callAws.
 */
import { LambdaClient } from '@aws-sdk/client-lambda';
import { defineService, reads } from '../descriptor.js';

/** Qualified ARNs (`function:name:alias`) fall under `function:*` too. */
const FUNCTION = 'arn:${Partition}:lambda:*:${Account}:function:*';

export const lambda = defineService({
  id: 'lambda',
  client: (config) => new LambdaClient(config),
  operations: reads('lambda', {
    GetFunctionConfiguration: [FUNCTION],
    GetPolicy: [FUNCTION],
    GetFunctionUrlConfig: [FUNCTION],
  }),
  rates: [
    { name: 'lambda:GetPolicy', rate: { ratePerSecond: 15, burst: 15 }, operations: ['GetPolicy'] },
    {
      name: 'lambda:control-plane',
      rate: { ratePerSecond: 15, burst: 15 },
      operations: ['GetFunctionConfiguration', 'GetFunctionUrlConfig'],
    },
  ],
  phases: ['lambda-functions'],
});
