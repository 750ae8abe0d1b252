/**
 * `--format csv`: parsed back with a strict RFC 4180 reader, the file holds every result, field
 * for field; no cell can start a formula (OWASP, CSV Injection).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CSV_BOM, CSV_COLUMNS, csvChunks, csvField, type CsvColumn } from '../../src/report/csv.js';
import type { Report, ReportResult } from '../../src/report/model.js';
import { findingId } from '../../src/model/finding-id.js';
import { parseCsv } from './parsers.js';
import { demoReport, HOSTILE, hostileFormatsReport } from './results-fixture.js';

function csvOf(reports: Report[]): string {
  return [...csvChunks(reports)].join('');
}

/** The file as records of named cells; the BOM checked and removed. */
function readCsv(text: string): Record<CsvColumn, string>[] {
  assert.ok(text.startsWith(CSV_BOM), 'UTF-8 with a byte order mark');
  const [header, ...rows] = parseCsv(text.slice(CSV_BOM.length));
  assert.deepEqual(header, [...CSV_COLUMNS]);
  return rows.map((row) => {
    assert.equal(row.length, CSV_COLUMNS.length);
    return Object.fromEntries(CSV_COLUMNS.map((column, i) => [column, row[i]!])) as Record<CsvColumn, string>;
  });
}

/** What a spreadsheet shows for a value: the value, with `'` before a formula start. */
function shown(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

function assertRow(row: Record<CsvColumn, string>, result: ReportResult): void {
  assert.equal(row.id, result.id ?? findingId(result.checkId, result.resource.arn));
  assert.equal(row.check_id, result.checkId);
  assert.equal(row.status, result.status);
  assert.equal(row.severity, result.severity);
  assert.equal(row.resource_type, result.resource.type);
  assert.equal(row.resource_name, shown(result.resource.name));
  assert.equal(row.resource_arn, result.resource.arn);
  assert.equal(row.account, result.resource.account);
  assert.equal(row.region, result.resource.region);
  assert.equal(row.message, shown(result.message));
  assert.equal(row.muted_rule, result.muted ? shown(result.muted.rule) : '');
  assert.equal(row.muted_reason, result.muted ? shown(result.muted.reason) : '');
  assert.equal(row.change, result.change ?? '');
}

describe('csv', () => {
  it('round-trips the demo report: one row per result, in the report’s order', async () => {
    const report = await demoReport();
    const rows = readCsv(csvOf([report]));
    assert.equal(rows.length, report.results.length);
    report.results.forEach((result, i) => assertRow(rows[i]!, result));
    assert.ok(rows.some((row) => row.muted_rule !== ''), 'the demo mutes a finding');
    const check = report.checks.find((c) => c.id === rows[0]!.check_id)!;
    assert.equal(rows[0]!.title, shown(check.title));
    assert.equal(rows[0]!.remediation, shown(check.remediation.text));
  });

  it('lists each check’s mappings as framework:id', async () => {
    const rows = readCsv(csvOf([await demoReport()]));
    const mapped = rows.find((row) => row.check_id === 'rest-stage-waf');
    assert.ok(mapped);
    assert.match(mapped.mappings, /(^| )securityHub:APIGateway\.4( |$)/);
  });

  it('prefixes every cell that would start a formula with a quote, and only those', () => {
    for (const value of [HOSTILE.formula, HOSTILE.plus, HOSTILE.minus, HOSTILE.at, HOSTILE.tab, HOSTILE.cr]) {
      const [[cell]] = parseCsv(`${csvField(value)}\r\n`) as [[string]];
      assert.equal(cell, `'${value}`);
    }
    assert.equal(csvField('orders-api'), 'orders-api');
    assert.equal(csvField('a=b'), 'a=b', 'an = further in is no formula');
    const rows = readCsv(csvOf([hostileFormatsReport()]));
    for (const row of rows) {
      for (const [column, cell] of Object.entries(row)) assert.doesNotMatch(cell, /^[=+\-@\t\r]/, `${column}: ${JSON.stringify(cell)}`);
    }
  });

  it('keeps hostile names whole: quotes, commas, line breaks, markup, control characters', () => {
    const report = hostileFormatsReport();
    const rows = readCsv(csvOf([report]));
    assert.equal(rows.length, report.results.length);
    report.results.forEach((result, i) => assertRow(rows[i]!, result));
    assert.equal(rows.find((row) => row.resource_name.startsWith('first line'))?.resource_name, HOSTILE.lines);
    assert.equal(rows[0]!.title, HOSTILE.script);
    assert.equal(rows[0]!.remediation, `'${HOSTILE.formula}`);
    assert.equal(rows[0]!.remediation_cli, `'${HOSTILE.minus}`);
    assert.equal(rows[0]!.muted_rule, 'accepted-=1+1');
    assert.equal(rows[0]!.muted_reason, "'@reason");
    assert.equal(rows[1]!.change, 'fixed');
  });

  it('is only the header for a report without results', () => {
    const report = hostileFormatsReport();
    assert.equal(csvOf([{ ...report, results: [], accountResults: [] }]), `${CSV_BOM}${CSV_COLUMNS.join(',')}\r\n`);
  });
});
