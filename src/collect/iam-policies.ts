/**
 * IAM policy documents, once per scan (IAM is global): customer-managed policies with their
 * default version, and the inline policies of roles, users and groups, from
 * `GetAccountAuthorizationDetails`. IAM returns documents URL-encoded; the snapshot keeps them
 * decoded, as JSON text.
 */
import {
  GetAccountAuthorizationDetailsCommand,
  type EntityType,
  type GetAccountAuthorizationDetailsCommandOutput,
  type PolicyDetail,
} from '@aws-sdk/client-iam';
import { z } from 'zod';
import { iamPolicySchema, type Collected, type IamPolicy } from '../inventory/schema.js';
import type { RegionFetcher } from './context.js';
import { definedOnly } from './slots.js';

const FILTER: EntityType[] = ['LocalManagedPolicy', 'Role', 'User', 'Group'];
/** The largest page IAM returns. */
const MAX_ITEMS = 1000;

const policiesSchema = z.array(iamPolicySchema);

class MalformedPolicy extends Error {}

/** `region` is any region of the partition: IAM answers on one global endpoint. */
export async function collectIamPolicies(f: RegionFetcher, region: string): Promise<Collected<IamPolicy[]>> {
  const target = f.target('GetAccountAuthorizationDetails', f.ctx.accountId, region);
  const client = f.ctx.clients.iam(region);
  f.progress('iam-policies', 0, 1);
  const pages = await f.pages(target, async (Marker) => {
    const output = await client.send(new GetAccountAuthorizationDetailsCommand({ Filter: FILTER, MaxItems: MAX_ITEMS, Marker }));
    return { items: [output], position: output.IsTruncated ? output.Marker : undefined };
  });
  f.progress('iam-policies', 1, 1);
  if (!pages.ok) return pages;
  let policies: IamPolicy[];
  try {
    policies = pages.value.flatMap(policiesOf);
  } catch (error) {
    if (!(error instanceof MalformedPolicy)) throw error;
    return f.fail(target, 'UnexpectedResponse', error.message);
  }
  return f.conform(policiesSchema, { ok: true, value: policies }, target);
}

/** The policies of one page, in page order: managed policies, then inline ones of roles, users, groups. */
export function policiesOf(page: Omit<GetAccountAuthorizationDetailsCommandOutput, '$metadata'>): IamPolicy[] {
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
