// When the app fails, the page says so: a Rust panic (src/failure.rs) or a wasm that cannot
// start (assets/boot.js) shows an error panel with a report to copy and a way to start fresh,
// never a blank page. `#debug=panic` makes the release build panic on purpose.
// These tests expect console errors and page errors (visit's `expectErrors`).

import assert from 'node:assert/strict';
import path from 'node:path';
import zlib from 'node:zlib';
import { describe, test } from 'node:test';
import { linkTo, SCREENSHOTS, secondsOf, sleep, useSite, visit } from './support.mjs';

/** Where src/persist.rs keeps the session in `localStorage`. */
const SESSION_KEY = 'background-tasks-playground.session';

/** A run unlike the default one: on the charger, an hour in (08:55), paused. */
const SAVED = { version: 1, user_routine: false, inputs: [{ at: 1000, input: { do: 'set_plugged_in', on: true } }] };

/** The scenario of a saved session or fragment (`s=1.<base64url raw DEFLATE>&t=...`). */
function scenarioOf(fragment) {
  const payload = /s=1\.([^&]+)/.exec(fragment)?.[1];
  assert.ok(payload, `not a session: ${fragment}`);
  return JSON.parse(zlib.inflateRawSync(Buffer.from(payload, 'base64url')).toString());
}

/** Waits until this browser has saved the session, and returns it. */
async function savedSession(page) {
  const handle = await page.waitForFunction((key) => localStorage.getItem(key), SESSION_KEY, { timeout: 10_000 });
  return handle.jsonValue();
}

/** Checks that the page shows the default scenario, running from Monday 07:55. */
async function assertDefaultRun(page) {
  await page.locator('.phone-frame').waitFor({ timeout: 15_000 });
  assert.equal(await page.locator('#failure').count(), 0, 'no error panel');
  assert.equal(await page.locator('.clock-date').textContent(), 'Mon 2026-11-23');
  const clock = secondsOf(await page.locator('.clock-time').textContent());
  assert.ok(clock >= 7 * 3600 + 55 * 60 && clock < 8 * 3600, `the clock is at ${clock} s`);
  const saved = scenarioOf(await savedSession(page));
  assert.equal(saved.inputs, undefined, 'the saved run has no inputs');
  assert.notEqual(saved.user_routine, false, 'the saved run is the default one');
}

describe('when the app fails', () => {
  const site = useSite();

  test('a panic shows an error panel with a report to copy; start fresh forgets the session', async () => {
    await visit(
      site.browser,
      site.server.url + linkTo(SAVED, 3600),
      'failure-panic',
      async (page, errors) => {
        await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], {
          origin: new URL(site.server.url).origin,
        });
        assert.equal(scenarioOf(await savedSession(page)).user_routine, false);

        // A fresh load at the trigger (a fragment change alone would not reload the page).
        await page.waitForLoadState('networkidle'); // leaving mid-request would fail the test
        await page.goto('about:blank');
        await page.goto(site.server.url + '#debug=panic');
        const panel = page.getByRole('main', { name: 'The playground stopped' });
        await assert.doesNotReject(panel.waitFor({ timeout: 15_000 }));
        const heading = page.getByRole('heading', { level: 1, name: 'The playground stopped' });
        assert.ok(await heading.evaluate((h) => h === document.activeElement), 'the heading has focus');
        assert.match(await page.title(), /^The playground stopped/);
        // The app had rendered before the panic: it is hidden now, and out of reach.
        assert.equal(await page.locator('.app').count(), 1);
        assert.ok(await page.locator('.app').isHidden());
        assert.equal(await page.locator('.app').getAttribute('inert'), '');
        // The trigger is gone from the address bar (the app saved its run there before the
        // panic), so reloading does not panic again.
        assert.doesNotMatch(new URL(page.url()).hash, /debug/);

        const reportBox = page.getByLabel('Report');
        assert.equal(await reportBox.getAttribute('readonly'), '');
        const report = await reportBox.inputValue();
        assert.match(report, /^Error: a deliberate panic, asked for by opening the page at #debug=panic$/m);
        assert.match(report, /^Where: src\/failure\.rs:\d+:\d+$/m);
        assert.match(report, /^Version: \d+\.\d+\.\d+ \(playground-[0-9a-f]+_bg\.wasm\)$/m);
        assert.match(report, /^Time: \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/m);
        assert.match(report, /^Browser: Mozilla\/5\.0 .*Chrome\//m);
        // The link replays the run that was open (the saved session, here).
        const link = /^Link: (.+)$/m.exec(report)?.[1];
        assert.ok(link?.startsWith(site.server.url + '#s=1.'), link);
        assert.equal(scenarioOf(link).user_routine, false);
        assert.ok(
          errors.some((e) => /panicked at src\/failure\.rs.*\n?.*deliberate panic/s.test(e)),
          `the console has the panic: ${errors.join('\n')}`,
        );
        await page.screenshot({ path: path.join(SCREENSHOTS, 'failure-panel-light.png') });
        await page.emulateMedia({ colorScheme: 'dark' });
        await sleep(400); // the buttons' colour transitions
        await page.screenshot({ path: path.join(SCREENSHOTS, 'failure-panel-dark.png') });
        await page.emulateMedia({ colorScheme: 'light' });

        await page.getByRole('button', { name: 'Copy report' }).click();
        await assert.doesNotReject(page.getByRole('status').getByText('Report copied.').waitFor({ timeout: 5000 }));
        assert.equal(await page.evaluate(() => navigator.clipboard.readText()), report);

        await page.getByRole('button', { name: 'Start fresh' }).click();
        await assertDefaultRun(page);
      },
      { expectErrors: true },
    );
  });

  test('a wasm module that cannot start shows a plain message, not a blank page', async () => {
    await visit(
      site.browser,
      site.server.url + linkTo(SAVED, 3600),
      'failure-wasm',
      async (page, errors) => {
        await savedSession(page);
        await page.route('**/*.wasm', (route) =>
          route.fulfill({ status: 200, contentType: 'application/wasm', body: Buffer.from('not a wasm module') }),
        );
        await page.waitForLoadState('networkidle'); // leaving mid-request would fail the test
        await page.goto('about:blank');
        await page.goto(site.server.url);
        const heading = page.getByRole('heading', { level: 1, name: 'The playground could not start' });
        await assert.doesNotReject(heading.waitFor({ timeout: 15_000 }));
        assert.ok(await heading.evaluate((h) => h === document.activeElement), 'the heading has focus');
        const report = await page.getByLabel('Report').inputValue();
        assert.match(report, /^Error: CompileError: /m);
        assert.match(report, /^Build: playground-[0-9a-f]+_bg\.wasm$/m);
        assert.ok(errors.some((e) => /could not start/.test(e)), errors.join('\n'));
        await page.screenshot({ path: path.join(SCREENSHOTS, 'failure-wasm-panel.png') });

        await page.unroute('**/*.wasm');
        await page.getByRole('button', { name: 'Start fresh' }).click();
        await assertDefaultRun(page);
      },
      // The test's fake wasm must not be bypassed by a service worker's cache.
      { expectErrors: true, serviceWorkers: 'block' },
    );
  });

  test('a wasm trap without a panic (out of memory, stack overflow) stops the page visibly', async () => {
    await visit(
      site.browser,
      site.server.url,
      'failure-trap',
      async (page) => {
        await page.evaluate(() => {
          setTimeout(() => {
            throw new WebAssembly.RuntimeError('memory access out of bounds');
          });
        });
        const heading = page.getByRole('heading', { level: 1, name: 'The playground stopped' });
        await assert.doesNotReject(heading.waitFor({ timeout: 5000 }));
        assert.ok(await page.locator('.app').isHidden());
        assert.match(await page.getByLabel('Report').inputValue(), /^Error: RuntimeError: memory access out of bounds$/m);
        await page.getByRole('button', { name: 'Reload' }).click();
        await page.locator('.phone-frame').waitFor({ timeout: 15_000 });
        assert.equal(await page.locator('#failure').count(), 0);
      },
      { expectErrors: true },
    );
  });
});
