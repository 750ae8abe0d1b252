import { defineCheck } from '../../src/engine/define.js';
import { logDestinationKind, webAclTargets } from '../../src/analysis/web-acls.js';
import type { WebAclEntity } from '../../src/inventory/view.js';

export default defineCheck<WebAclEntity, 'logging' | 'not-logging'>({
  id: 'waf-web-acl-logging',
  title: 'Web ACLs protecting the APIs log the traffic they inspect',
  severity: 'low',
  resourceTypes: ['web-acl'],
  reads: ['rest-stages', 'web-acl-logging'],
  rationale:
    'A web ACL\'s metrics count what it blocked; only its logs say which requests, from where, ' +
    'matched which rule (AWS WAF developer guide, "Logging AWS WAF protection pack (web ACL) ' +
    'traffic"). Without them an attack the web ACL let through, or a legitimate caller it blocked, ' +
    'cannot be reconstructed. Logging is on when GetLoggingConfiguration returns a configuration ' +
    'for the web ACL; WAF answers WAFNonexistentItemException when it has none, which fails (AWS ' +
    'WAF API reference, GetLoggingConfiguration). The evidence names the one destination ' +
    '(a CloudWatch Logs group, an S3 bucket or a Data Firehose stream, each named aws-waf-logs-…), ' +
    'the logging filter\'s default behaviour (DROP keeps only the requests the filters select) and ' +
    'the redacted fields; waf-log-group judges a log-group destination. Each web ACL is reported ' +
    'once, counting towards every API whose stages it protects.',
  remediation: {
    text: 'Create a destination whose name starts with aws-waf-logs- and send the web ACL\'s logs to it (redact Authorization and Cookie headers).',
    cli:
      'aws wafv2 put-logging-configuration --logging-configuration ' +
      '\'{"ResourceArn":"<web-acl-arn>","LogDestinationConfigs":["arn:aws:logs:<region>:<account-id>:log-group:aws-waf-logs-<name>"],' +
      '"RedactedFields":[{"SingleHeader":{"Name":"authorization"}}]}\'',
    docs: 'https://docs.aws.amazon.com/waf/latest/developerguide/logging-management-configure.html',
  },
  mappings: {
    securityHub: ['WAF.11'],
    awsConfig: ['wafv2-logging-enabled'],
    owaspApi2023: ['API8'],
  },
  messages: {
    logging: 'Web ACL {webAcl} logs to {destination} ({destinationKind}).',
    'not-logging': 'Web ACL {webAcl} has no logging configuration: what it allows and blocks is not recorded.',
  },
  select: (view) => webAclTargets(view),
  evaluate: ({ ref, arn, logging, usedBy }, outcome) => {
    const base = { webAcl: ref.name, webAclArn: arn, stages: usedBy.map((use) => use.stage) };
    if (!logging.ok) return outcome.gap(logging.error, base);
    const config = logging.value;
    if (!config.enabled) return outcome.fail('not-logging', base);
    const destinations = config.LogDestinationConfigs ?? [];
    const destination = destinations[0];
    if (!destination) return outcome.invalid(`the logging configuration of ${arn} names no destination`, base);
    return outcome.pass('logging', {
      ...base,
      destination,
      destinationKind: logDestinationKind(destination),
      filterDefaultBehavior: config.LoggingFilter?.DefaultBehavior ?? null,
      redactedFields: config.RedactedFields?.length ?? 0,
      managedByFirewallManager: config.ManagedByFirewallManager ?? false,
    });
  },
});
