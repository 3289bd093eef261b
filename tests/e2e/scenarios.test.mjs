// End-to-end tests of the behaviours issue 4 names, watched the way a person would: through
// the phone, the controls and the log, set up with share links.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { linkTo, useSite, visit } from './support.mjs';

/** The log entry whose headline matches `pattern`: its time, headline and reason. */
async function logEntry(page, pattern) {
  const entry = page.locator('.log-entry', { has: page.locator('.log-headline', { hasText: pattern }) }).last();
  await entry.waitFor({ timeout: 10_000 });
  return {
    time: (await entry.locator('.log-time').textContent()).trim(),
    headline: (await entry.locator('.log-headline').textContent()).trim(),
    reason: (await entry.locator('.log-reason').count()) ? (await entry.locator('.log-reason').first().textContent()).trim() : '',
  };
}

const seconds = (clock) => clock.split(':').reduce((total, part) => total * 60 + Number(part), 0);

describe('behaviours, as a person sees them', () => {
  const site = useSite();

  test('processing that requires power runs once plugged in at night; picking up the phone expires it', async () => {
    const scenario = {
      version: 1,
      user_routine: false,
      app: {
        bundle_id: 'com.example.news',
        permitted_identifiers: ['com.example.news.cleanup'],
        tasks: [{
          request: { identifier: 'com.example.news.cleanup', kind: 'processing', requires_external_power: true },
          behavior: { work_s: 300, needs_network: false },
        }],
      },
      inputs: [
        { at: 0, input: { do: 'open_app' } },
        { at: 60_000, input: { do: 'go_home' } },
        { at: 120_000, input: { do: 'lock' } },
        { at: 14 * 3600_000, input: { do: 'set_plugged_in', on: true } },
      ],
    };
    // 21:55:30, half a minute after the charger went in at 21:55.
    await visit(site.browser, site.server.url + linkTo(scenario, 14 * 3600 + 30), 'scenario-overnight-processing', async (page) => {
      const started = await logEntry(page, /BGProcessingTask "com\.example\.news\.cleanup" starts/);
      assert.equal(started.time, '21:55:01', 'it started right after the charger went in');
      await page.getByRole('button', { name: 'Pick up phone' }).click();
      const handler = await logEntry(page, /The expirationHandler of "com\.example\.news\.cleanup" is called/);
      assert.equal(handler.time, '21:55:30');
      assert.match(handler.reason, /The person started using the device: processing tasks run only while it is idle/);
      // The handler calls setTaskCompleted(success: false) a moment later: step to it.
      await page.keyboard.press('ArrowRight');
      const expired = await logEntry(page, /"com\.example\.news\.cleanup" expired/);
      assert.match(expired.reason, /The person started using the device/);
    });
  });

  test('a continued task that stops reporting progress expires about 30 s after its last progress, at 1×', async () => {
    const scenario = {
      version: 1,
      user_routine: false,
      app: {
        bundle_id: 'com.example.photos',
        permitted_identifiers: ['com.example.photos.export.*'],
        tasks: [{
          request: { identifier: 'com.example.photos.export.*', kind: 'continued_processing', title: 'Exporting' },
          behavior: { work_s: 120, progress: { mode: 'every', seconds: 5 }, progress_stops_after_s: 10, needs_network: false },
          submit_when_backgrounded: false,
        }],
      },
      inputs: [
        { at: 0, input: { do: 'open_app' } },
        { at: 1000, input: { do: 'submit', request: { identifier: 'com.example.photos.export.A1', kind: 'continued_processing', title: 'Exporting' } } },
        { at: 3000, input: { do: 'go_home' } },
      ],
    };
    // Last progress at 07:55:11 (10 s after the 07:55:01 start); open at 07:55:33, play at 1×.
    await visit(site.browser, site.server.url + linkTo(scenario, 33), 'scenario-continued-stalls', async (page) => {
      // Progress reports are routine events, shown with the scheduler's decisions.
      await page.getByLabel('Show scheduler decisions').check();
      const progress = await logEntry(page, /reports progress/);
      assert.equal(progress.time, '07:55:11', 'the last progress report');
      await page.getByRole('button', { name: 'Play' }).click();
      const started = Date.now();
      const expired = await logEntry(page, /"com\.example\.photos\.export\.A1" expired/);
      const waited = (Date.now() - started) / 1000;
      assert.match(expired.reason, /No progress for 30 s/);
      const after = seconds(expired.time) - seconds(progress.time);
      assert.ok(after >= 30 && after <= 31, `expired ${after} s after the last progress`);
      assert.ok(waited >= 5 && waited <= 15, `took ${waited} s of wall time at 1×`);
    });
  });
});
