/**
 * IAM policy documents, once per scan (IAM is global):
 *
 * - customer-managed policies (default version) and the inline policies of roles, users and
 *   groups, from `GetAccountAuthorizationDetails`, with the principals each managed policy is
 *   attached to (their `AttachedManagedPolicies`);
 * - the AWS-managed policies those principals have attached (AdministratorAccess,
 *   AmazonAPIGatewayAdministrator, …): one `ListPolicies` (Scope=AWS, OnlyAttached) for their
 *   default version ids, then one `GetPolicyVersion` each.
 *
 * Why not `GetAccountAuthorizationDetails` with the `AWSManagedPolicy` filter: it returns each
 * managed policy with its whole `PolicyVersionList`, every version's document, and which AWS
 * policies it includes is not documented (reports say the attached ones). AWS policies such as
 * ReadOnlyAccess carry well over a hundred large versions. `GetPolicy` + `GetPolicyVersion`
 * would take two calls per policy; `ListPolicies` gives every default version id in one call
 * per thousand policies. So: 1 + N calls for N attached AWS-managed policies (none when no AWS
 * policy is attached), only default versions on the wire, at IAM's pace (5 calls/s in the rate
 * limiter: 20 attached policies take about 3 s).
 *
 * IAM returns documents URL-encoded; the snapshot keeps them decoded, as JSON text.
 */
import {
  GetAccountAuthorizationDetailsCommand,
  GetPolicyVersionCommand,
  ListPoliciesCommand,
  type AttachedPolicy,
  type EntityType,
  type GetAccountAuthorizationDetailsCommandOutput,
  type IAMClient,
  type Policy,
  type PolicyDetail,
} from '@aws-sdk/client-iam';
import { z } from 'zod';
import { iamPolicySchema, type Collected, type IamPolicy, type SharedInventory } from '../inventory/schema.js';
import type { RegionFetcher } from './context.js';
import { definedOnly } from './slots.js';

const FILTER: EntityType[] = ['LocalManagedPolicy', 'Role', 'User', 'Group'];
/** The largest page IAM returns. */
const MAX_ITEMS = 1000;

const policiesSchema = z.array(iamPolicySchema);

class MalformedPolicy extends Error {}

type AuthorizationDetailsPage = Omit<GetAccountAuthorizationDetailsCommandOutput, '$metadata'>;

export type IamPolicyCollection = Pick<SharedInventory, 'iamPolicies' | 'awsManagedPolicies'>;

/** `region` is any region of the partition: IAM answers on one global endpoint. */
export async function collectIamPolicies(f: RegionFetcher, region: string): Promise<IamPolicyCollection> {
  const target = f.target('GetAccountAuthorizationDetails', f.ctx.accountId, region);
  const client = f.ctx.clients.iam(region);
  f.progress('iam-policies', 0, 1);
  const pages = await f.pages(target, async (Marker) => {
    const output = await client.send(new GetAccountAuthorizationDetailsCommand({ Filter: FILTER, MaxItems: MAX_ITEMS, Marker }));
    return { items: [output], position: output.IsTruncated ? output.Marker : undefined };
  });
  if (!pages.ok) {
    f.progress('iam-policies', 1, 1);
    return { iamPolicies: pages };
  }
  const attachments = attachmentsOf(pages.value);
  let policies: IamPolicy[];
  try {
    policies = pages.value.flatMap(policiesOf).map((p) => (p.kind === 'managed' ? { ...p, attachedTo: attachments.get(p.arn) ?? [] } : p));
  } catch (error) {
    if (!(error instanceof MalformedPolicy)) throw error;
    f.progress('iam-policies', 1, 1);
    return { iamPolicies: f.fail(target, 'UnexpectedResponse', error.message) };
  }
  const iamPolicies = f.conform(policiesSchema, { ok: true, value: policies }, target);
  const awsArns = [...attachments.keys()].filter((arn) => isAwsManagedArn(arn)).sort();
  const awsManagedPolicies = await collectAwsManaged(f, client, region, awsArns, attachments);
  return { iamPolicies, awsManagedPolicies };
}

/** AWS-managed policies live in the `aws` account: arn:aws:iam::aws:policy/… */
function isAwsManagedArn(arn: string): boolean {
  return arn.split(':')[4] === 'aws';
}

/** `role/app/lambda-exec` from arn:aws:iam::123456789012:role/app/lambda-exec. */
function principalOf(arn: string): string {
  return arn.split(':').slice(5).join(':');
}

/**
 * Managed policy ARN → the roles, users and groups that have it attached, from every page (a
 * principal may come back in several entries).
 */
export function attachmentsOf(pages: readonly AuthorizationDetailsPage[]): Map<string, string[]> {
  const byPolicy = new Map<string, Set<string>>();
  const add = (principalArn: string | undefined, attached: AttachedPolicy[] | undefined) => {
    if (!principalArn) return;
    for (const { PolicyArn } of attached ?? []) {
      if (!PolicyArn) continue;
      const principals = byPolicy.get(PolicyArn) ?? new Set<string>();
      principals.add(principalOf(principalArn));
      byPolicy.set(PolicyArn, principals);
    }
  };
  for (const page of pages) {
    for (const role of page.RoleDetailList ?? []) add(role.Arn, role.AttachedManagedPolicies);
    for (const user of page.UserDetailList ?? []) add(user.Arn, user.AttachedManagedPolicies);
    for (const group of page.GroupDetailList ?? []) add(group.Arn, group.AttachedManagedPolicies);
  }
  return new Map([...byPolicy].map(([arn, principals]) => [arn, [...principals].sort()]));
}

/**
 * The default version of each attached AWS-managed policy. A failed `ListPolicies` fails every
 * one of them; a failed `GetPolicyVersion` fails that one: each is judged, or is ERROR, alone.
 */
async function collectAwsManaged(
  f: RegionFetcher,
  client: IAMClient,
  region: string,
  arns: readonly string[],
  attachments: ReadonlyMap<string, string[]>,
): Promise<Record<string, Collected<IamPolicy>>> {
  const total = 1 + arns.length;
  let done = 1;
  f.progress('iam-policies', done, total);
  if (arns.length === 0) return {};
  const listTarget = f.target('ListPolicies', f.ctx.accountId, region);
  const listed = await f.pages(listTarget, async (Marker) => {
    const output = await client.send(
      new ListPoliciesCommand({ Scope: 'AWS', OnlyAttached: true, PolicyUsageFilter: 'PermissionsPolicy', MaxItems: MAX_ITEMS, Marker }),
    );
    return { items: output.Policies, position: output.IsTruncated ? output.Marker : undefined };
  });
  const byArn = new Map<string, Policy>(listed.ok ? listed.value.map((p) => [p.Arn ?? '', p]) : []);
  const entries = await Promise.all(
    arns.map(async (arn): Promise<[string, Collected<IamPolicy>]> => {
      const slot = listed.ok ? await defaultVersion(f, client, region, arn, byArn.get(arn), attachments.get(arn) ?? []) : listed;
      f.progress('iam-policies', ++done, total);
      return [arn, slot];
    }),
  );
  return Object.fromEntries(entries);
}

async function defaultVersion(
  f: RegionFetcher,
  client: IAMClient,
  region: string,
  arn: string,
  listed: Policy | undefined,
  attachedTo: string[],
): Promise<Collected<IamPolicy>> {
  const target = f.target('GetPolicyVersion', arn, region);
  if (!listed?.DefaultVersionId) {
    return f.fail(target, 'UnexpectedResponse', `ListPolicies (Scope=AWS, OnlyAttached) did not give the default version of ${arn}, attached to ${attachedTo.join(', ')}`);
  }
  const VersionId = listed.DefaultVersionId;
  const version = await f.call(target, () => client.send(new GetPolicyVersionCommand({ PolicyArn: arn, VersionId })));
  if (!version.ok) return version;
  let document: string;
  try {
    document = decodeDocument(version.value.PolicyVersion?.Document, `version ${VersionId} of ${arn}`);
  } catch (error) {
    if (!(error instanceof MalformedPolicy)) throw error;
    return f.fail(target, 'UnexpectedResponse', error.message);
  }
  const policy: IamPolicy = definedOnly({
    kind: 'managed' as const,
    name: listed.PolicyName ?? arn.split('/').pop() ?? arn,
    arn,
    attachmentCount: listed.AttachmentCount,
    attachedTo,
    document,
  });
  return f.conform(iamPolicySchema, { ok: true, value: policy }, target);
}

/** The policies of one page, in page order: managed policies, then inline ones of roles, users, groups. */
export function policiesOf(page: AuthorizationDetailsPage): IamPolicy[] {
  const managed = (page.Policies ?? []).map((policy): IamPolicy => {
    const version =
      policy.PolicyVersionList?.find((v) => v.IsDefaultVersion) ??
      policy.PolicyVersionList?.find((v) => v.VersionId !== undefined && v.VersionId === policy.DefaultVersionId);
    return definedOnly({
      kind: 'managed' as const,
      name: policy.PolicyName as string,
      arn: policy.Arn as string,
      attachmentCount: policy.AttachmentCount,
      document: decodeDocument(version?.Document, `the default version of ${policy.Arn ?? policy.PolicyName}`),
    });
  });
  const inline = (kind: 'role' | 'user' | 'group', arn: string | undefined, list: PolicyDetail[] | undefined): IamPolicy[] =>
    (list ?? []).map((policy) => ({
      kind,
      name: policy.PolicyName as string,
      arn: arn as string,
      document: decodeDocument(policy.PolicyDocument, `inline policy ${policy.PolicyName} of ${arn}`),
    }));
  return [
    ...managed,
    ...(page.RoleDetailList ?? []).flatMap((role) => inline('role', role.Arn, role.RolePolicyList)),
    ...(page.UserDetailList ?? []).flatMap((user) => inline('user', user.Arn, user.UserPolicyList)),
    ...(page.GroupDetailList ?? []).flatMap((group) => inline('group', group.Arn, group.GroupPolicyList)),
  ];
}

/** IAM returns policy documents URL-encoded (RFC 3986). */
function decodeDocument(document: string | undefined, what: string): string {
  if (document === undefined) throw new MalformedPolicy(`IAM returned no policy document for ${what}`);
  try {
    return decodeURIComponent(document);
  } catch {
    throw new MalformedPolicy(`the policy document of ${what} is not URL-encoded text`);
  }
}
