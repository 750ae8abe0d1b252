/** Small hand-made reports for the Security Hub tests. */
import type { ResourceType, Severity, Status } from '../../src/engine/types.js';
import type { Report, ReportCheck, ReportResult } from '../../src/report/model.js';

export const ACCOUNT = '123456789012';
export const EU = 'eu-west-1';
export const US = 'us-east-1';

export function check(id: string, overrides: Partial<ReportCheck> = {}): ReportCheck {
  return {
    id,
    title: `Title of ${id}`,
    severity: 'high',
    resourceType: 'rest-stage',
    rationale: 'Because.',
    remediation: { text: `Fix ${id}.`, docs: 'https://docs.aws.amazon.com/apigateway/latest/developerguide/welcome.html' },
    mappings: { securityHub: ['APIGateway.1'], awsConfig: ['api-gw-execution-logging-enabled'], owaspApi2023: ['API8'] },
    ...overrides,
  };
}

export function stageArn(region: string, api: string, stage = 'prod'): string {
  return `arn:aws:apigateway:${region}::/restapis/${api}/stages/${stage}`;
}

export function result(
  checkId: string,
  arn: string,
  status: Status,
  options: { region?: string; type?: ResourceType; severity?: Severity; name?: string; evidence?: Record<string, unknown> } = {},
): ReportResult {
  const region = options.region ?? arn.split(':')[3] ?? EU;
  return {
    checkId,
    status,
    severity: options.severity ?? 'high',
    resource: {
      arn,
      type: options.type ?? 'rest-stage',
      name: options.name ?? arn.split('/').slice(-3).join('/'),
      account: ACCOUNT,
      region,
      ...(options.type === 'iam-policy' || options.type === 'account' ? {} : { apiArn: arn.replace(/\/stages\/.*$/, '') }),
    },
    messageId: status.toLowerCase(),
    message: `${checkId} is ${status} on ${arn}.`,
    evidence: options.evidence ?? { stage: 'prod' },
    ...(status === 'ERROR'
      ? { error: { kind: 'collection-gap' as const, operation: 'apigateway:GetStages', code: 'AccessDeniedException', message: 'denied' } }
      : {}),
  };
}

export function report(
  results: ReportResult[],
  options: { regions?: string[]; checks?: ReportCheck[]; generatedAt?: string; collectedAt?: string } = {},
): Report {
  const checkIds = [...new Set(results.map((r) => r.checkId))];
  const zeroStatus = { PASS: 0, FAIL: 0, NOT_APPLICABLE: 0, ERROR: 0 };
  const zeroSeverity = { critical: 0, high: 0, medium: 0, low: 0, info: 0 };
  return {
    schemaVersion: 1,
    tool: { name: 'apiposture', version: '0.1.0' },
    scan: {
      account: ACCOUNT,
      partition: 'aws',
      regions: options.regions ?? [EU, US],
      collectedAt: options.collectedAt ?? '2026-11-01T12:00:00.000Z',
      generatedAt: options.generatedAt ?? '2026-11-01T12:01:00.000Z',
      complete: results.every((r) => r.status !== 'ERROR'),
    },
    summary: {
      apis: 0,
      incompleteApis: 0,
      results: zeroStatus,
      failuresBySeverity: zeroSeverity,
      grades: { A: 0, B: 0, C: 0, D: 0, F: 0, 'N/A': 0 },
      collectionErrors: 0,
    },
    scoring: { formula: 'f', severityWeights: zeroSeverity, gradeFloors: [], gradeCaps: [] },
    apis: [],
    accountResults: [],
    results,
    checks: options.checks ?? checkIds.map((id) => check(id)),
    collectionErrors: [],
  };
}
