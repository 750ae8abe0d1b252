/**
 * Security Hub CSPM in memory, for tests: `BatchImportFindings` with the documented update rule
 * (an `UpdatedAt` not later than the stored one is ignored) and what Security Hub adds to a
 * stored finding (`Region`, `Workflow`, top-level `Severity` / `Types`, `aws/` product fields);
 * `GetFindings` with EQUALS / PREFIX string filters, in pages. Used behind aws-sdk-client-mock
 * (test/securityhub/fake-hub.ts) and over REST-JSON by the local AWS look-alike (fake-aws.ts).
 */
import type {
  AwsSecurityFinding,
  BatchImportFindingsRequest,
  BatchImportFindingsResponse,
  GetFindingsRequest,
  GetFindingsResponse,
  ImportFindingsError,
  StringFilter,
} from '@aws-sdk/client-securityhub';

export interface ImportCall {
  region: string;
  ids: string[];
  findings: AwsSecurityFinding[];
}

export class SecurityHubStore {
  readonly stored = new Map<string, AwsSecurityFinding>();
  readonly imports: ImportCall[] = [];
  readonly reads: { region: string; request: GetFindingsRequest }[] = [];
  /** Per-finding failures: return an error to refuse a finding on this attempt. */
  refuse: (finding: AwsSecurityFinding, attempt: number) => Omit<ImportFindingsError, 'Id'> | undefined = () => undefined;
  pageSize = 100;
  /** Changes the answer of a `BatchImportFindings` call (after the findings were stored). */
  answer: (response: BatchImportFindingsResponse) => BatchImportFindingsResponse = (response) => response;
  private readonly attempts = new Map<string, number>();

  get(region: string, id: string): AwsSecurityFinding | undefined {
    return this.stored.get(`${region}|${id}`);
  }

  inRegion(region: string): AwsSecurityFinding[] {
    return [...this.stored.entries()].filter(([key]) => key.startsWith(`${region}|`)).map(([, f]) => f);
  }

  batchImport(region: string, input: BatchImportFindingsRequest): BatchImportFindingsResponse {
    const findings = input.Findings ?? [];
    if (findings.length < 1 || findings.length > 100) throw new Error(`${findings.length} findings in one call (1–100 allowed)`);
    this.imports.push({ region, ids: findings.map((f) => f.Id!), findings: structuredClone(findings) });
    const failed: ImportFindingsError[] = [];
    for (const finding of findings) {
      const key = `${region}|${finding.Id}`;
      const attempt = (this.attempts.get(key) ?? 0) + 1;
      this.attempts.set(key, attempt);
      const refusal = this.refuse(finding, attempt);
      if (refusal) {
        failed.push({ Id: finding.Id, ...refusal });
        continue;
      }
      if (!finding.ProductArn?.includes(`:securityhub:${region}:`)) {
        failed.push({ Id: finding.Id, ErrorCode: 'InvalidInput', ErrorMessage: 'ProductArn is for another region' });
        continue;
      }
      const before = this.stored.get(key);
      if (before && Date.parse(finding.UpdatedAt!) <= Date.parse(before.UpdatedAt!)) continue; // ignored, as documented
      this.stored.set(key, {
        ...structuredClone(finding),
        Region: region,
        Workflow: before?.Workflow ?? { Status: 'NEW' },
        WorkflowState: 'NEW',
        ...(finding.FindingProviderFields?.Severity?.Label ? { Severity: { Label: finding.FindingProviderFields.Severity.Label } } : {}),
        ...(finding.FindingProviderFields?.Types ? { Types: finding.FindingProviderFields.Types } : {}),
        ProductFields: { ...finding.ProductFields, 'aws/securityhub/FindingId': `arn:aws:securityhub:${region}::finding/${finding.Id}` },
      });
    }
    return this.answer({ SuccessCount: findings.length - failed.length, FailedCount: failed.length, ...(failed.length ? { FailedFindings: failed } : {}) });
  }

  getFindings(region: string, input: GetFindingsRequest): GetFindingsResponse {
    this.reads.push({ region, request: structuredClone(input) });
    const matches = (value: string | undefined, filters: StringFilter[] | undefined) =>
      (filters ?? []).every((f) =>
        f.Comparison === 'PREFIX' ? (value ?? '').startsWith(f.Value ?? '') : f.Comparison === 'EQUALS' ? value === f.Value : false,
      );
    const filters = input.Filters ?? {};
    const all = this.inRegion(region).filter(
      (f) =>
        matches(f.ProductArn, filters.ProductArn) &&
        matches(f.AwsAccountId, filters.AwsAccountId) &&
        matches(f.Id, filters.Id) &&
        matches(f.RecordState, filters.RecordState),
    );
    const start = Number(input.NextToken ?? 0);
    const end = start + Math.min(this.pageSize, input.MaxResults ?? 100);
    return { Findings: structuredClone(all.slice(start, end)), ...(end < all.length ? { NextToken: String(end) } : {}) };
  }
}

/** The REST-JSON face of the store: `POST /findings/import` and `POST /findings`. */
export function securityHubReply(
  store: SecurityHubStore,
  region: string,
  path: string,
  body: string,
): [string, { status: number; body: unknown; headers?: Record<string, string> }] {
  const input = (body ? JSON.parse(body) : {}) as Record<string, unknown>;
  try {
    if (path === '/findings/import') {
      return ['BatchImportFindings', { status: 200, body: store.batchImport(region, { Findings: input.Findings as AwsSecurityFinding[] }) }];
    }
    if (path === '/findings') return ['GetFindings', { status: 200, body: store.getFindings(region, input as GetFindingsRequest) }];
  } catch (error) {
    return ['securityhub:Invalid', { status: 400, body: { Message: String(error) }, headers: { 'x-amzn-errortype': 'InvalidInputException' } }];
  }
  return ['securityhub:Unknown', { status: 404, body: { Message: path }, headers: { 'x-amzn-errortype': 'ResourceNotFoundException' } }];
}
