import type { Command } from 'commander';
import { allChecks } from '../../../checks/index.js';
import { describeOptions, type AnyCheck } from '../../engine/define.js';
import { InputError } from '../../errors.js';
import { FRAMEWORKS, mappedIds } from '../../model/frameworks/index.js';
import { securityHubResourceTypes } from '../../securityhub/resources.js';
import { EXIT } from '../../exit-codes.js';
import { plural } from '../../util/text.js';

function mappingList(check: AnyCheck): string {
  return FRAMEWORKS.flatMap((framework) => mappedIds(check.mappings, framework)).join(', ');
}

export function renderCatalogue(checks: readonly AnyCheck[]): string {
  const rows = checks.map((c) => [c.id, c.severity, c.resourceTypes.join(','), c.title, mappingList(c)]);
  const header = ['ID', 'SEVERITY', 'RESOURCES', 'TITLE', 'MAPPINGS'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!))).join('  ');
  return [line(header), ...rows.map(line), '', `${plural(checks.length, 'check')}. \`apiposture checks show <id>\` explains one.`].join('\n');
}

export function renderCheck(check: AnyCheck): string {
  const lines = [
    `${check.id} — ${check.title}`,
    `severity: ${check.severity}    resources: ${check.resourceTypes.join(', ')}`,
    `Security Hub resource types: ${securityHubResourceTypes(check.resourceTypes).join(', ')}`,
    '',
    'Why it matters',
    `  ${check.rationale}`,
    '',
    'Remediation',
    `  ${check.remediation.text}`,
  ];
  if (check.remediation.cli) lines.push(`  $ ${check.remediation.cli}`);
  if (check.remediation.docs) lines.push(`  ${check.remediation.docs}`);
  const options = describeOptions(check);
  if (options.length) {
    lines.push('', 'Options (set them in a --config file under "checks": { "' + check.id + '": { … } })');
    for (const o of options) lines.push(`  ${o.name} (${o.type}, default ${JSON.stringify(o.default)}): ${o.description}`);
  }
  lines.push('', 'Mappings');
  for (const framework of FRAMEWORKS) {
    const ids = mappedIds(check.mappings, framework);
    if (ids.length) lines.push(`  ${framework.title}: ${ids.join(', ')}`);
  }
  return lines.join('\n');
}

export function registerChecks(program: Command): void {
  const checks = program
    .command('checks')
    .description('list the check catalogue')
    .option('--json', 'print the catalogue as JSON')
    .action((options: { json?: boolean }) => {
      if (options.json) {
        const data = allChecks.map((check) => {
          const { id, title, severity, resourceTypes, rationale, remediation, mappings } = check;
          return {
            id,
            title,
            severity,
            // The main type, as before resourceTypes existed.
            resourceType: resourceTypes[0],
            resourceTypes,
            securityHubResourceTypes: securityHubResourceTypes(resourceTypes),
            rationale,
            remediation,
            mappings,
            options: describeOptions(check),
          };
        });
        process.stdout.write(JSON.stringify(data, null, 2) + '\n');
      } else {
        process.stdout.write(renderCatalogue(allChecks) + '\n');
      }
      process.exitCode = EXIT.OK;
    });
  checks
    .command('show <id>')
    .description("print one check's rationale, remediation and mappings")
    .action((id: string) => {
      const check = allChecks.find((c) => c.id === id);
      if (!check) {
        const near = allChecks.filter((c) => c.id.includes(id) || id.includes(c.id)).map((c) => c.id);
        throw new InputError(`no check '${id}'${near.length ? `; did you mean ${near.join(', ')}?` : '; `apiposture checks` lists them'}`);
      }
      process.stdout.write(renderCheck(check) + '\n');
      process.exitCode = EXIT.OK;
    });
}
