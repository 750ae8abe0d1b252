import { parsePolicy, type ApiContext, type PolicyDocument } from '../../src/analysis/policy.js';

/** The API the policy tests judge, and its execute-api ARN prefix. */
export const CTX: ApiContext = { partition: 'aws', region: 'eu-west-1', accountId: '123456789012', apiId: 'a1b2c3d4e5' };
export const API = 'arn:aws:execute-api:eu-west-1:123456789012:a1b2c3d4e5';

/** A parsed policy document of these statements; a test input that does not parse is a bug in the test. */
export function doc(...Statement: object[]): PolicyDocument {
  const parsed = parsePolicy(JSON.stringify({ Version: '2012-10-17', Statement }));
  if (!parsed.ok) throw new Error(parsed.reason);
  return parsed.document;
}
