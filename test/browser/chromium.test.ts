/**
 * The browser tests' precondition, on its own line of the test summary: Chromium starts. Skipped
 * with the reason on a machine without it; failed in CI (CI=true), where skipping would hide
 * that the report was never opened in a browser.
 */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { chromiumPath, launchChromium, skipWithoutChromium } from './chromium.js';

it('Chromium starts for the browser tests', { skip: skipWithoutChromium() }, async () => {
  const browser = await launchChromium();
  try {
    assert.match(browser.version(), /^\d+\.\d+/, `${chromiumPath()} reported no version`);
  } finally {
    await browser.close();
  }
});
