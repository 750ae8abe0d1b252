import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { accountReportLinks } from '../../src/output/report-links.js';

describe('links from the organisation report to the account reports', () => {
  const root = mkdtempSync(join(tmpdir(), 'apiposture-links-'));
  after(() => rmSync(root, { recursive: true, force: true }));

  function accountFolder(path: string, html: boolean): string {
    const dir = join(root, path);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'report.json'), '{}');
    if (html) writeFileSync(join(dir, 'report.html'), '<!doctype html>');
    return join(dir, 'report.json');
  }

  it('links the report.html beside each report.json, relative to the output folder, as scan --accounts lays them out', () => {
    const a = accountFolder('org/111122223333', true);
    const b = accountFolder('org/444455556666', false);
    const c = accountFolder('elsewhere/odd name#1', true);
    const links = accountReportLinks(
      [
        { file: a, account: '111122223333' },
        { file: b, account: '444455556666' },
        { file: c, account: '777788889999' },
      ],
      join(root, 'org'),
    );
    assert.deepEqual(Object.fromEntries(links), {
      '111122223333': '111122223333/report.html',
      '777788889999': '../elsewhere/odd%20name%231/report.html',
    });
  });

  it('makes no link for a report read from S3', () => {
    assert.equal(accountReportLinks([{ file: 's3://bucket/111122223333/latest/report.json', account: '111122223333' }], root).size, 0);
  });

  it('encodes a folder name that would read as a URL scheme', () => {
    const d = accountFolder('javascript:alert(1)', true);
    const links = accountReportLinks([{ file: d, account: '111122223333' }], root);
    assert.equal(links.get('111122223333'), 'javascript%3Aalert(1)/report.html');
  });
});
