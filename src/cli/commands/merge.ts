/**
 * `merge <report.json | s3://bucket/key | s3://bucket/prefix/>…`: per-account reports → one
 * organisation report (JSON and HTML; csv, ocsf, junit and asff list the merged accounts' results),
 * in a local folder or uploaded with `--output-dir s3://…`.
 */
import { Option, type Command } from 'commander';
import type { Logger } from 'pino';
import { isS3Url, openSink, s3Region } from '../../output/destination.js';
// Types only: the S3 code is loaded when an input or the output is in S3.
import type { S3ReportReader } from '../../output/s3-read.js';
import type { S3Sender } from '../../output/s3-types.js';
import { describeFailure, describeReadFailure } from '../../output/sink.js';
import { forEachMergeInput, type MergeInput } from '../../output/merge-inputs.js';
import { MergeSpool } from '../../output/merge-spool.js';
import type { S3ReadFailure } from '../../output/s3-read.js';
import { accountReportLinks } from '../../output/report-links.js';
import { ORGANISATION_S3_FOLDER, writeOrganisationFiles } from '../../output/reports.js';
import { fileNameOf, REPORT_FORMATS, RESULT_FORMATS } from '../../report/formats.js';
import { digestAccountResults, type AccountResultsDigest } from '../../report/html-org.js';
import { digestReport, mergeDigests, type AccountDigest, type OrganisationReport } from '../../report/merge.js';
import { toolVersion } from '../../version.js';
import { combineExitCodes, EXIT, type ExitCode } from '../../exit-codes.js';
import { oneLine, plural } from '../../util/text.js';
import type { GlobalContext } from '../context.js';
import { parseEndpointUrl, parseS3Url } from '../options.js';
import { complianceOption, formatOption, muteFileOption, printMuteWarnings, resolveMuteFile, resolveOutput, statusOption } from '../output-options.js';
import { filterReportStatuses } from '../../report/result-rows.js';
import { asffFileFindings } from '../../securityhub/asff-file.js';
import { focusedFramework, withComplianceFocus } from '../../report/compliance.js';
import { renderComplianceTable } from '../../report/compliance-text.js';
import { destinationOf } from '../../scan/deliver.js';
import { exitCodeFor } from '../../scan/evaluate.js';
import { allChecks } from '../../../checks/index.js';
import { subsumptionTable } from '../../engine/scoring.js';
import { muteSummaryLine } from '../../mute/apply.js';
import type { MuteList } from '../../mute/schema.js';
import { muteReports } from '../../report/mutes.js';

interface MergeFlags {
  outputDir?: string;
  format: string;
  failOn: string;
  s3KmsKeyId?: string;
  compliance?: string;
  muteFile?: string;
  status?: string;
  profile?: string;
  endpointUrl?: string;
}

/**
 * A merge input: a report file; `s3://bucket/key`, one report object; or `s3://bucket/prefix/`
 * (ending with `/`, or the bucket alone), every account's `<account>/latest/report.json` under
 * the prefix. A malformed S3 location is a usage error, before any call.
 */
export function parseMergeInput(value: string): MergeInput {
  if (!isS3Url(value)) return { kind: 'file', path: value };
  const { bucket, prefix } = parseS3Url(value);
  const key = value.slice(`s3://${bucket}/`.length);
  if (key === '' || key.endsWith('/')) return { kind: 's3-prefix', bucket, prefix };
  return { kind: 's3-object', bucket, key };
}

function pad(text: string, width: number, right = false): string {
  return right ? text.padStart(width) : text.padEnd(width);
}

/** The stdout summary: accounts worst first, then the totals. */
export function renderOrganisationSummary(report: OrganisationReport): string {
  const header = ['Account', 'Grade', 'Score', 'APIs', 'Crit', 'High', 'Complete'];
  const widths = [12, 5, 5, 5, 5, 5, 8];
  const right = [false, false, true, true, true, true, false];
  const row = (cells: string[]) => cells.map((cell, i) => pad(cell, widths[i]!, right[i])).join('  ').trimEnd();
  const lines = [row(header)];
  for (const a of report.accounts) {
    lines.push(
      row([
        oneLine(a.account),
        a.grade,
        a.score === null ? '-' : String(a.score),
        String(a.apis),
        String(a.criticalFailures),
        String(a.failuresBySeverity.high),
        a.complete ? 'yes' : 'NO',
      ]),
    );
  }
  const { totals } = report;
  const f = totals.failuresBySeverity;
  lines.push(
    '',
    `Organisation: ${plural(totals.accounts, 'account')}, ${plural(totals.apis, 'API')}, score ${totals.score === null ? '-' : totals.score} (${totals.grade}); ` +
      `failures: ${f.critical} critical, ${f.high} high, ${f.medium} medium, ${f.low} low; ` +
      `${totals.completeAccounts} of ${plural(totals.accounts, 'account')} completely scanned`,
  );
  if (report.mutes) lines.push(oneLine(muteSummaryLine(report.mutes)));
  const focused = focusedFramework(report.compliance);
  if (focused !== undefined) lines.push('', renderComplianceTable(focused));
  return lines.join('\n');
}

/** `organisation-report.json/.html`: file names with their common stem said once. */
function namesText(names: readonly string[]): string {
  const [first = '', ...others] = names;
  const stem = first.slice(0, first.lastIndexOf('.'));
  const shareStem = others.every((name) => name.startsWith(`${stem}.`));
  return shareStem ? [first, ...others.map((name) => name.slice(stem.length))].join('/') : names.join(', ');
}

export function registerMerge(program: Command, context?: GlobalContext): void {
  program
    .command('merge')
    .description("combine per-account report.json files into one organisation report (the newest report of an account given twice wins)")
    .argument(
      '<reports...>',
      'report.json files, s3://bucket/key objects, or s3://bucket/prefix/ (every <account>/latest/report.json under the prefix)',
    )
    .addOption(
      new Option(
        '--output-dir <dir>',
        `where to write ${namesText(REPORT_FORMATS.map((row) => fileNameOf(row, 'organisation')))}: a folder, or s3://bucket/prefix/ to upload them under <prefix>${ORGANISATION_S3_FOLDER}/ (default: reports/<timestamp>)`,
      ).env('APIPOSTURE_OUTPUT_DIR'),
    )
    .addOption(formatOption())
    .addOption(
      new Option('--fail-on <severity>', "exit 1 when an account's report fails a check at this severity or above").default('high').env('APIPOSTURE_FAIL_ON'),
    )
    .addOption(
      new Option('--s3-kms-key-id <arn>', 'encrypt S3 uploads with this KMS key (SSE-KMS; default: SSE-S3, AES256)').env('APIPOSTURE_S3_KMS_KEY_ID'),
    )
    .addOption(complianceOption())
    .addOption(muteFileOption())
    .addOption(statusOption())
    .option('--profile <name>', 'AWS profile for the S3 reads and uploads (default: the SDK credential chain)')
    .option('--endpoint-url <url>', 'send the S3 calls to this endpoint, e.g. LocalStack or MinIO (default: $AWS_ENDPOINT_URL)')
    .action(async (paths: string[], flags: MergeFlags) => {
      const output = resolveOutput(flags);
      const mutes = await resolveMuteFile(flags.muteFile);
      const inputs = [...new Set(paths)].map(parseMergeInput);
      const endpointUrl = flags.endpointUrl !== undefined ? parseEndpointUrl(flags.endpointUrl) : undefined;
      const region = output.s3?.region ?? s3Region();
      const usesS3 = output.s3 !== undefined || inputs.some((input) => input.kind !== 'file');
      // Logs (S3 retries, at debug) only when S3 is involved: a local merge prints nothing more.
      const logger = usesS3 ? context?.logger() : undefined;
      let opened: Promise<OpenedS3> | undefined;
      const s3 = () => (opened ??= openS3({ region, ...(flags.profile ? { profile: flags.profile } : {}), ...(endpointUrl ? { endpointUrl } : {}) }, logger));
      try {
        process.exitCode = await runMerge({ inputs, output, s3, ...(logger ? { logger } : {}), ...(mutes ? { mutes } : {}) });
      } finally {
        if (opened) (await opened).client.destroy?.();
      }
    });
}

interface OpenedS3 {
  client: S3Sender;
  reader: S3ReportReader;
}

/** One S3 client for the reads and the uploads: the merge's profile and endpoint, the bucket's region followed. */
async function openS3(options: { region: string; profile?: string; endpointUrl?: string }, logger: Logger | undefined): Promise<OpenedS3> {
  const [{ createS3Client }, { s3ReadCalls, s3ReportReader }] = await Promise.all([import('../../output/s3-client.js'), import('../../output/s3-read.js')]);
  const client = createS3Client(options);
  return { client, reader: s3ReportReader({ client, calls: s3ReadCalls(logger), region: options.region }) };
}

interface MergeRun {
  inputs: MergeInput[];
  output: ReturnType<typeof resolveOutput>;
  s3(): Promise<OpenedS3>;
  logger?: Logger;
  /** `--mute-file`: applied to every account's results before the organisation is scored. */
  mutes?: MuteList;
}

/** What the fold keeps of the reports read: their digests, exit codes and HTML digests, and the spooled result files. */
interface Folded {
  digests: AccountDigest[];
  codes: ExitCode[];
  htmlDigests: AccountResultsDigest[];
  unavailable: S3ReadFailure[];
}

/**
 * Reads the reports one at a time: each is muted (`--mute-file`), reduced to what the
 * organisation report needs, and its results written to the spooled per-result files, before the
 * next is read. Only one report is held at a time, however many accounts are merged.
 */
async function foldReports(run: MergeRun, spool: MergeSpool, generatedAt: Date): Promise<Folded> {
  const { output } = run;
  const subsumes = subsumptionTable(allChecks);
  const html = output.formats.includes('html');
  const folded: Folded = { digests: [], codes: [], htmlDigests: [], unavailable: [] };
  await forEachMergeInput(run.inputs, { s3: async () => (await run.s3()).reader }, (item) => {
    if (!item.ok) {
      folded.unavailable.push(item.failure);
      return;
    }
    const source = run.mutes ? muteReports([item.source], run.mutes, generatedAt, subsumes)[0]! : item.source;
    const index = folded.digests.length;
    folded.digests.push(digestReport(source, subsumes));
    folded.codes.push(exitCodeFor(source.report, output.failOn));
    // The per-result formats and the page's filters list what is written (--status).
    const shown = filterReportStatuses(source.report, output.statuses);
    if (html) folded.htmlDigests.push(digestAccountResults(shown));
    spool.add(index, shown);
  });
  return folded;
}

/** Reads, merges, writes and prints; returns the exit code. */
async function runMerge(run: MergeRun): Promise<ExitCode> {
  const spool = new MergeSpool(
    RESULT_FORMATS.filter((format) => run.output.formats.includes(format)),
    asffFileFindings,
  );
  try {
    return await mergeFolded(run, spool);
  } finally {
    spool.close();
  }
}

async function mergeFolded(run: MergeRun, spool: MergeSpool): Promise<ExitCode> {
  const { output } = run;
  const stderr = (line: string) => process.stderr.write(`apiposture: ${oneLine(line)}\n`);
  const generatedAt = new Date();
  const { digests, codes: exitCodes, htmlDigests, unavailable } = await foldReports(run, spool, generatedAt);
  for (const failure of unavailable) stderr(describeReadFailure(failure));
  if (digests.length === 0) {
    stderr(unavailable.length === 1 ? 'nothing to merge: the report location could not be read' : `nothing to merge: none of the ${unavailable.length} report locations could be read`);
    return EXIT.INCOMPLETE;
  }
  const merged = withComplianceFocus(mergeDigests(digests, { generatedAt: generatedAt.toISOString(), toolVersion: toolVersion() }), output.compliance);
  for (const note of merged.notes) stderr(`note: ${note}`);
  // What could not be read is said in the report too: the accounts it does not cover.
  const report: OrganisationReport =
    unavailable.length === 0
      ? merged
      : { ...merged, notes: [...merged.notes, ...unavailable.map((f) => `not merged: ${f.object} could not be read (${f.code}: ${f.message})`)] };
  // report.sources lists the inputs read, in order; the files list the accounts merged (superseded reports left out).
  const used = digests.flatMap((_, i) => (report.sources[i]?.used === true ? [i] : []));

  const sink = await openSink(destinationOf(output), {
    account: ORGANISATION_S3_FOLDER,
    at: new Date(report.generatedAt),
    ...(output.s3 ? { s3Client: (await run.s3()).client } : {}),
    ...(run.logger ? { logger: run.logger } : {}),
  });
  let result;
  try {
    // The HTML links each account's own report.html when both are local files.
    const links = output.s3 ? undefined : accountReportLinks(used.map((i) => ({ file: digests[i]!.file, account: digests[i]!.scan.account })), output.outputDir);
    result = await writeOrganisationFiles(sink, report, output.formats, undefined, {
      mergedResults: spool.files(used),
      accountDigests: used.flatMap((i) => htmlDigests[i] ?? []),
      asffFindings: asffFileFindings,
      ...(links ? { accountReportLinks: links } : {}),
    });
  } finally {
    sink.close();
  }
  process.stdout.write(renderOrganisationSummary(report) + '\n');
  for (const path of result.written) process.stdout.write(`wrote ${path}\n`);
  const lines = result.failures.map(describeFailure);
  if (result.notPublished && lines.length > 0) lines[lines.length - 1] += ` (${result.notPublished})`;
  for (const line of lines) stderr(line);
  printMuteWarnings(report.mutes);

  // An account that scanned nothing leaves the organisation report incomplete, not empty.
  const codes = used.map((i) => exitCodes[i]!).map((code) => (code === EXIT.NOTHING_SCANNED ? EXIT.INCOMPLETE : code));
  if (unavailable.length > 0 || result.failures.length > 0) codes.push(EXIT.INCOMPLETE);
  return combineExitCodes(...codes);
}
