/**
 * The demo's previous report (examples/demo-previous-report.json): the demo account as it was
 * "yesterday", evaluated by the same checks, so `npm run demo` (--previous-report) shows what
 * changed since the last run. Yesterday, compared with today's demo-inventory.json:
 * - inventory-sync/prod kept a live API key in a stage variable, removed since: fixed;
 * - legacy-partner-api/v1 had no token in its stage variables yet: its secret is a regression;
 * - metrics-ingest-http did not exist: its failures are new;
 * - storefront-http was called `storefront`: renamed since, its findings still match (same ARN).
 * Regenerate with `npm run gen:demo` after changing the demo or the checks (a test compares).
 */
import { writeFileSync } from 'node:fs';
import type { Inventory } from '../src/inventory/schema.js';
import type { Report } from '../src/report/model.js';
import { evaluateInventory } from '../src/scan/evaluate.js';
import { demoInventory } from './generate-demo.js';

const DAY_MS = 86_400_000;

function yesterdayOf(today: Inventory): Inventory {
  const inventory = structuredClone(today);
  inventory.collectedAt = new Date(Date.parse(today.collectedAt) - DAY_MS).toISOString();
  for (const region of inventory.regions) {
    const rest = region.apigateway.restApis;
    if (rest.ok) {
      for (const api of rest.value) {
        if (!api.stages.ok) continue;
        for (const stage of api.stages.value) {
          if (api.name === 'inventory-sync' && stage.stageName === 'prod') {
            stage.variables = { ...stage.variables, stockApiKey: 'sk_live_51HcT9eKq2vX8rL0pZ3mN7aB4' };
          }
          if (api.name === 'legacy-partner-api' && stage.stageName === 'v1' && stage.variables) {
            const { partnerToken: _added, ...before } = stage.variables;
            stage.variables = before;
          }
        }
      }
    }
    const v2 = region.apigatewayv2.apis;
    if (!v2.ok) continue;
    v2.value = v2.value.filter((api) => api.Name !== 'metrics-ingest-http');
    for (const api of v2.value) if (api.Name === 'storefront-http') api.Name = 'storefront';
  }
  return inventory;
}

/** The previous report, made as the run of the day before would have made it. */
export function demoPreviousReport(): Report {
  const yesterday = yesterdayOf(demoInventory);
  const generatedAt = new Date(Date.parse(yesterday.collectedAt) + 5 * 60_000);
  const report = evaluateInventory(yesterday, {}, generatedAt);
  // The tool version of the run that made it: fixed, so that a release does not change the file.
  return { ...report, tool: { ...report.tool, version: yesterday.tool.version } };
}

export function demoPreviousReportJson(): string {
  return `${JSON.stringify(demoPreviousReport(), null, 2)}\n`;
}

if (process.argv[1]?.endsWith('generate-demo-previous.ts')) {
  writeFileSync(new URL('./demo-previous-report.json', import.meta.url), demoPreviousReportJson());
  console.log('wrote examples/demo-previous-report.json');
}
