/**
 * A link to a resource in the AWS Management Console, from its ARN. Only resources whose console
 * page has a known address get one: a type not listed here gets no link, never a guessed one.
 *
 * Console hosts per partition: `https://<region>.console.aws.amazon.com` ("AWS Management Console
 * endpoints and quotas", AWS General Reference: https://docs.aws.amazon.com/general/latest/gr/mgmt-console.html),
 * `https://console.amazonaws.cn` (IAM User Guide for the China Regions, "How IAM users sign in")
 * and `https://console.amazonaws-us-gov.com` (Amazon Connect Administrator Guide, GovCloud URLs).
 * The page paths are the consoles' own addresses, as the link2aws project's tested table records
 * them (REST APIs, ACM certificates, IAM policies and roles, KMS keys, Lambda functions, CloudWatch
 * log groups, WAFv2 web ACLs, Route 53 hosted zones, CloudFront distributions); API Gateway's stage,
 * HTTP/WebSocket API and custom domain pages and the Cognito user pool page are the addresses the
 * consoles show for them. CloudTrail trails, identity pools and REST methods have no stable
 * documented page: no link.
 */
import { httpsUrl } from './html-safe.js';

interface Arn {
  partition: string;
  service: string;
  region: string;
  account: string;
  resource: string;
}

const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;
const IAM_ARN = /^[A-Za-z0-9:/+=,.@_-]+$/;

export function parseArn(text: string): Arn | undefined {
  const parts = text.split(':');
  if (parts.length < 6 || parts[0] !== 'arn') return undefined;
  const [, partition, service, region, account] = parts as [string, string, string, string, string];
  return { partition, service, region, account, resource: parts.slice(5).join(':') };
}

/** The console host of a partition; regional (`eu-west-1.console.aws.amazon.com`) where AWS documents one. */
function consoleHost(partition: string, region: string | undefined): string | undefined {
  if (region !== undefined && !REGION.test(region)) return undefined;
  switch (partition) {
    case 'aws':
      return region === undefined ? 'console.aws.amazon.com' : `${region}.console.aws.amazon.com`;
    case 'aws-cn':
      return 'console.amazonaws.cn';
    case 'aws-us-gov':
      return 'console.amazonaws-us-gov.com';
    default:
      return undefined;
  }
}

const enc = encodeURIComponent;

/** A resource's page below the console host (path, query and fragment), and whether the host is regional. */
type Page = { path: string; regional: boolean };

function apiGatewayPage(arn: Arn): Page | undefined {
  const r = enc(arn.region);
  const rest = /^\/restapis\/([^/]+)(\/stages\/.+)?$/s.exec(arn.resource);
  if (rest) {
    const id = enc(rest[1]!);
    return { path: `/apigateway/main/apis/${id}/${rest[2] ? 'stages' : 'resources'}?api=${id}&region=${r}`, regional: true };
  }
  // An HTTP or WebSocket API and its stages: the API's page.
  const v2 = /^\/apis\/([^/]+)(\/stages\/.+)?$/s.exec(arn.resource);
  if (v2) {
    const id = enc(v2[1]!);
    return { path: `/apigateway/main/apis/${id}/routes?api=${id}&region=${r}`, regional: true };
  }
  const domain = /^\/domainnames\/([^/]+)$/.exec(arn.resource);
  if (domain) return { path: `/apigateway/main/publish/domain-names?domain=${enc(domain[1]!)}&region=${r}`, regional: true };
  return undefined;
}

/** CloudWatch's log group page takes the name URI-encoded twice, with `%` written `$`. */
function logGroupFragment(name: string): string {
  return enc(enc(name)).replace(/%/g, '$');
}

function page(arn: Arn): Page | undefined {
  const r = enc(arn.region);
  const { resource } = arn;
  switch (arn.service) {
    case 'apigateway':
      return apiGatewayPage(arn);
    case 'acm': {
      const id = /^certificate\/([^/]+)$/.exec(resource)?.[1];
      return id === undefined ? undefined : { path: `/acm/home?region=${r}#/certificates/${enc(id)}`, regional: true };
    }
    case 'cognito-idp': {
      const id = /^userpool\/([^/]+)$/.exec(resource)?.[1];
      return id === undefined ? undefined : { path: `/cognito/v2/idp/user-pools/${enc(id)}?region=${r}`, regional: true };
    }
    case 'kms': {
      const id = /^key\/([^/]+)$/.exec(resource)?.[1];
      return id === undefined ? undefined : { path: `/kms/home?region=${r}#/kms/keys/${enc(id)}`, regional: true };
    }
    case 'lambda': {
      const name = /^function:([^:]+)/.exec(resource)?.[1];
      return name === undefined ? undefined : { path: `/lambda/home?region=${r}#/functions/${enc(name)}`, regional: true };
    }
    case 'logs': {
      const name = /^log-group:(.+?)(:\*)?$/s.exec(resource)?.[1];
      return name === undefined ? undefined : { path: `/cloudwatch/home?region=${r}#logsV2:log-groups/log-group/${logGroupFragment(name)}`, regional: true };
    }
    case 'wafv2': {
      const acl = /^regional\/webacl\/([^/]+)\/([^/]+)$/.exec(resource);
      return acl ? { path: `/wafv2/homev2/web-acl/${enc(acl[1]!)}/${enc(acl[2]!)}/overview?region=${r}`, regional: true } : undefined;
    }
    case 'iam': {
      // The policy page takes the ARN as is: only the characters IAM allows in one.
      const policy = `arn:${arn.partition}:iam::${arn.account}:${resource}`;
      if (resource.startsWith('policy/')) return IAM_ARN.test(policy) ? { path: `/iam/home#/policies/${policy}`, regional: false } : undefined;
      const role = /^role\/(?:.*\/)?([^/]+)$/.exec(resource)?.[1];
      return role === undefined ? undefined : { path: `/iam/home#/roles/${enc(role)}`, regional: false };
    }
    case 'route53': {
      const zone = /^hostedzone\/([^/]+)/.exec(resource)?.[1];
      return zone === undefined ? undefined : { path: `/route53/home#resource-record-sets:${enc(zone)}`, regional: false };
    }
    case 'cloudfront': {
      const id = /^distribution\/([^/]+)$/.exec(resource)?.[1];
      return id === undefined ? undefined : { path: `/cloudfront/v4/home#/distributions/${enc(id)}`, regional: false };
    }
    default:
      return undefined;
  }
}

/** The https console URL of the resource an ARN names; undefined when none is known. */
export function consoleUrl(arnText: string): string | undefined {
  const arn = parseArn(arnText);
  if (!arn) return undefined;
  const target = page(arn);
  if (!target) return undefined;
  const host = consoleHost(arn.partition, target.regional ? arn.region : undefined);
  return host === undefined ? undefined : httpsUrl(`https://${host}${target.path}`);
}
