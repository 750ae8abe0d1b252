/** `diff <old.json> <new.json>`: what changed between two reports of one account, without a scan. */
import type { Command } from 'commander';
import { isNewFailure } from '../../changes/compare.js';
import { diffReports, renderDiffText } from '../../changes/diff.js';
import { EXIT } from '../../exit-codes.js';
import { readReport } from '../../report/model.js';
import { failsOn } from '../../scan/evaluate.js';
import { parseFailOn } from '../options.js';

interface DiffFlags {
  json?: boolean;
  failOn: string;
}

export function registerDiff(program: Command): void {
  program
    .command('diff <old> <new>')
    .description('compare two report.json files of one account (the old one collected first): new, regressed, fixed and newly muted findings')
    .option('--json', 'print the comparison as JSON instead of a table')
    .option('--fail-on <severity>', 'exit 1 when a failure at this severity or above is new or regressed: critical, high, medium, low, info, none', 'info')
    .addHelpText(
      'after',
      '\nExit codes: 0 nothing new or regressed at or above --fail-on (default: any severity), 1 something is, 2 unreadable or incomparable reports.',
    )
    .action(async (oldPath: string, newPath: string, flags: DiffFlags) => {
      const failOn = parseFailOn(flags.failOn);
      const [older, newer] = await Promise.all([readReport(oldPath), readReport(newPath)]);
      const { diff, compared } = diffReports({ report: older, source: oldPath }, { report: newer, source: newPath });
      process.stdout.write(flags.json === true ? `${JSON.stringify(diff, null, 2)}\n` : `${renderDiffText(diff)}\n`);
      const gating = compared.results.some((result) => isNewFailure(result) && failsOn(failOn, result.severity));
      process.exitCode = gating ? EXIT.FINDINGS : EXIT.OK;
    });
}
