/** The WAFv2 web ACLs REST stages name: one `GetWebACL` per distinct `Stage.webAclArn`. */
import { GetWebACLCommand } from '@aws-sdk/client-wafv2';
import { webAclSchema, type Collected, type RestApi, type WebAcl } from '../inventory/schema.js';
import { parseArn } from './arn.js';
import type { RegionFetcher } from './context.js';

export function webAclArnsOf(apis: readonly RestApi[]): string[] {
  const arns = new Set<string>();
  for (const api of apis) {
    if (!api.stages.ok) continue;
    for (const stage of api.stages.value) if (stage.webAclArn) arns.add(stage.webAclArn);
  }
  return [...arns];
}

export async function collectWebAcls(f: RegionFetcher, arns: readonly string[]): Promise<Record<string, Collected<WebAcl>>> {
  const entries = await f.eachWithProgress('web-acls', arns, async (arn) => [arn, await collectWebAcl(f, arn)] as const);
  return Object.fromEntries(entries);
}

async function collectWebAcl(f: RegionFetcher, arn: string): Promise<Collected<WebAcl>> {
  const parsed = parseArn(arn);
  const target = f.target('GetWebACL', arn, parsed?.region || f.region);
  if (parsed?.service !== 'wafv2') {
    // A WAF Classic (`waf-regional`) ACL: WAFv2 cannot read it.
    return f.fail(target, 'UnsupportedWebAcl', `${arn} is not a WAFv2 web ACL; apiposture reads WAFv2 web ACLs only`);
  }
  const client = f.ctx.clients.wafv2(target.region);
  const result = await f.call(target, () => client.send(new GetWebACLCommand({ ARN: arn })));
  return f.conform(webAclSchema, result, target, (output) => output.WebACL);
}
