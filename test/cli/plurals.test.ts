/** Counts printed on stdout and stderr read "1 error", "2 errors", never "1 error(s)" or "1 errors". */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { allChecks } from '../../checks/index.js';
import { renderCatalogue } from '../../src/cli/commands/checks.js';
import { renderOrganisationSummary } from '../../src/cli/commands/merge.js';
import { collectSummaryLine } from '../../src/cli/collect-summary.js';
import { mergeReports } from '../../src/report/merge.js';
import { renderSummaryTable } from '../../src/report/summary.js';
import { plural } from '../../src/util/text.js';
import { collectionError, failed, inventory, region, restApi, v2Api } from '../fixtures/builders.js';
import { reportFor } from '../report/fixture.js';

describe('plural', () => {
  it('is singular for exactly one, plural otherwise, with an irregular plural when given', () => {
    assert.equal(plural(1, 'error'), '1 error');
    assert.equal(plural(0, 'error'), '0 errors');
    assert.equal(plural(2, 'collection error'), '2 collection errors');
    assert.equal(plural(1, 'batch', 'batches'), '1 batch');
    assert.equal(plural(3, 'batch', 'batches'), '3 batches');
  });
});

describe("collect's `wrote` line", () => {
  const line = (inv: Parameters<typeof collectSummaryLine>[0]['inventory']) =>
    collectSummaryLine({ file: 'inventory.json', inventory: inv, checkCount: allChecks.length });

  it('counts every API kind collected: REST, HTTP and WebSocket, in the singular for one', () => {
    const one = inventory({
      regions: [region({ restApis: [restApi()], v2Apis: [v2Api({ ApiId: 'http1' }), v2Api({ ApiId: 'ws1', ProtocolType: 'WEBSOCKET' })] })],
      errors: [collectionError('GetStages')],
    });
    assert.equal(line(one), 'wrote inventory.json: 1 REST API, 1 HTTP API, 1 WebSocket API in 1 region, 1 collection error');
  });

  it('adds up the regions, in the plural for none or several', () => {
    const two = inventory({
      regions: [
        region({ restApis: [restApi({ id: 'r1' }), restApi({ id: 'r2' })], v2Apis: [] }),
        region({ region: 'us-east-1', restApis: [], v2Apis: [v2Api({ ApiId: 'h1' }), v2Api({ ApiId: 'h2' })] }),
      ],
    });
    assert.equal(line(two), 'wrote inventory.json: 2 REST APIs, 2 HTTP APIs, 0 WebSocket APIs in 2 regions, 0 collection errors');
  });

  it('leaves out a kind whose list could not be read in any region, rather than count it as none', () => {
    const denied = inventory({
      regions: [region({ restApis: [restApi()], v2Apis: failed('GetApis') })],
      errors: [collectionError('GetApis'), collectionError('GetStages')],
    });
    assert.equal(line(denied), 'wrote inventory.json: 1 REST API in 1 region, 2 collection errors');
  });

  it('says which checks a selected snapshot serves, then what it holds', () => {
    const selected = { ...inventory({ regions: [region({ restApis: [restApi()] })] }), selection: { checks: ['a'], parts: ['restApis'] } };
    assert.match(line(selected), new RegExp(`^wrote inventory\\.json: for 1 of ${allChecks.length} checks \\(restApis\\): 1 REST API, 0 HTTP APIs, 0 WebSocket APIs in 1 region, 0 collection errors$`));
  });
});

describe('counts in the printed summaries', () => {
  it('the check catalogue of one check says "1 check"', () => {
    assert.match(renderCatalogue(allChecks.slice(0, 1)), /\n1 check\. `apiposture checks show <id>` explains one\.$/);
    assert.match(renderCatalogue(allChecks), new RegExp(`\\n${allChecks.length} checks\\. `));
  });

  it('the scan summary says "1 API" and "1 collection error, 1 result not evaluated"', () => {
    const inv = inventory({ regions: [region({ restApis: [restApi()] })], errors: [collectionError('GetStages')] });
    const text = renderSummaryTable(reportFor(inv), { color: false });
    assert.match(text, /^Totals: 1 API; /m);
    assert.match(text, /^Scan INCOMPLETE: 1 collection error, \d+ results? not evaluated;/m);
    assert.doesNotMatch(text, /\(s\)|\b1 (APIs|collection errors|results)\b/);
  });

  it('the organisation summary of one account says "1 account"', () => {
    const report = mergeReports([{ file: 'a.json', report: reportFor(inventory({ regions: [region({ restApis: [restApi()] })] })) }], {
      generatedAt: '2026-11-02T08:00:00.000Z',
      toolVersion: '0.0.0-test',
    });
    const text = renderOrganisationSummary(report);
    assert.match(text, /^Organisation: 1 account, 1 API, score /m);
    assert.match(text, /; [01] of 1 account completely scanned$/m);
  });
});
