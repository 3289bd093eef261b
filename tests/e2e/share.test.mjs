// End-to-end tests of share links, lessons and autosave: the URL always holds the run, a link
// replays it, a broken link keeps what you had, a reload restores the session.

import assert from 'node:assert/strict';
import zlib from 'node:zlib';
import { describe, test } from 'node:test';
import { linkTo, secondsOf, sleep, useSite, visit } from './support.mjs';

/** The scenario and time a fragment holds. */
function readLink(fragment) {
  const match = /^#s=1\.([A-Za-z0-9_-]+)(?:&t=([0-9.]+))?$/.exec(fragment);
  assert.ok(match, `not a scenario link: ${fragment}`);
  const json = zlib.inflateRawSync(Buffer.from(match[1], 'base64url')).toString();
  return { scenario: JSON.parse(json), seconds: match[2] === undefined ? undefined : Number(match[2]) };
}

const hash = (page) => page.evaluate(() => location.hash);

describe('links, lessons and autosave', () => {
  const site = useSite();

  test('a link opens its scenario paused at its time, and the URL keeps holding the run', async () => {
    const scenario = {
      version: 1,
      user_routine: false,
      inputs: [{ at: 60000, input: { do: 'set_low_power_mode', on: true } }],
    };
    await visit(site.browser, site.server.url + linkTo(scenario, 7200), 'link-opened', async (page) => {
      await sleep(500);
      const { scenario: held, seconds } = readLink(await hash(page));
      assert.equal(seconds, 7200, 'paused at the linked time');
      assert.equal(held.user_routine, false);
      assert.deepEqual(held.inputs, scenario.inputs);
      await sleep(1200);
      assert.equal(readLink(await hash(page)).seconds, 7200, 'still paused');
    });
  });

  test('a broken link says what is wrong and keeps the scenario you had', async () => {
    const first = { version: 1, user_routine: false, inputs: [{ at: 0, input: { do: 'open_app' } }] };
    await visit(site.browser, site.server.url + linkTo(first, 60), 'link-broken', async (page) => {
      await sleep(300);
      const kept = await hash(page);
      const cut = kept.slice(0, 30);
      await page.evaluate((fragment) => { location.hash = fragment; }, cut);
      await assert.doesNotReject(page.getByText(/This link is broken/).first().waitFor({ timeout: 5000 }));
      await sleep(1200);
      assert.deepEqual(readLink(await hash(page)).scenario.inputs, first.inputs);
      await page.evaluate(() => { location.hash = '#s=7.AAAA'; });
      await assert.doesNotReject(page.getByText(/newer version of the playground/).first().waitFor({ timeout: 5000 }));
    });
  });

  test('a first visit keeps the address bar plain until something changes, then holds the run', async () => {
    await visit(site.browser, site.server.url, 'first-visit-url', async (page) => {
      // Nothing to keep yet: the default run is what a plain address opens anyway.
      assert.equal(await hash(page), '');
      await page.getByRole('button', { name: 'Pause', exact: true }).click();
      // Paused, the position is saved (right after the frame that shows it).
      await page.waitForFunction(() => location.hash.startsWith('#s=1.'), null, { timeout: 5_000 });
      assert.equal(readLink(await hash(page)).scenario.version, 1);
    });
  });

  test('a reload restores the session; start fresh forgets it', async () => {
    const scenario = { version: 1, inputs: [{ at: 1000, input: { do: 'set_plugged_in', on: true } }] };
    await visit(site.browser, site.server.url + linkTo(scenario, 3600), 'autosave', async (page) => {
      await sleep(500);
      await page.goto(site.server.url);
      await page.locator('.phone-frame').waitFor();
      await sleep(500);
      const restored = readLink(await hash(page));
      assert.deepEqual(restored.scenario.inputs, scenario.inputs);
      assert.equal(restored.seconds, 3600);

      await page.getByRole('button', { name: 'Start fresh' }).click();
      // The fresh run plays at once; while time runs the URL is saved every few seconds.
      await page.waitForFunction(() => location.hash.startsWith('#s=1.'), null, { timeout: 10_000 });
      const fresh = readLink(await hash(page));
      assert.equal(fresh.scenario.inputs, undefined, 'no inputs after starting fresh');
      assert.ok(fresh.seconds < 5, `fresh run at ${fresh.seconds} s`);
    });
  });

  test('hiding the page saves the run as it is then, even between two saves while time runs', async () => {
    const scenario = { version: 1, user_routine: false };
    await visit(site.browser, site.server.url + linkTo(scenario, 600), 'autosave-hidden', async (page) => {
      await page.waitForFunction(() => location.hash.includes('&t=600'), null, { timeout: 5_000 });
      const start = secondsOf(await page.locator('.clock-time').textContent()) - 600;
      await page.getByRole('button', { name: 'Play', exact: true }).click();
      // While time runs the run is saved every 5 s: hide the page between two of those saves.
      await sleep(2_500);
      // Headless Chromium has no way to hide a tab; do what the browser does when one is.
      const { shown, saved } = await page.evaluate(() => {
        Object.defineProperty(document, 'hidden', { configurable: true, get: () => true });
        Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'hidden' });
        document.dispatchEvent(new Event('visibilitychange'));
        return {
          shown: document.querySelector('.clock-time').textContent,
          saved: localStorage.getItem('background-tasks-playground.session'),
        };
      });
      const shownSeconds = secondsOf(shown) - start;
      const { seconds } = readLink(`#${saved}`);
      assert.ok(shownSeconds > 601, `time ran (${shown})`);
      assert.ok(Math.abs(seconds - shownSeconds) < 1.5,
        `saved at ${seconds} s of the run while it showed ${shownSeconds} s`);
    });
  });

  test('copy link puts a link to this run on the clipboard', async () => {
    await visit(site.browser, site.server.url, 'copy-link', async (page) => {
      await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], {
        origin: new URL(site.server.url).origin,
      });
      await page.getByRole('button', { name: 'Copy link' }).click();
      await assert.doesNotReject(page.getByText(/Link copied/).waitFor({ timeout: 5000 }));
      const copied = await page.evaluate(() => navigator.clipboard.readText());
      const fragment = copied.slice(copied.indexOf('#'));
      assert.ok(copied.startsWith(site.server.url.replace(/\/$/, '')), copied);
      assert.equal(readLink(fragment).scenario.version, 1);
    });
  });

  test("the app's setup exports as Swift and Info.plist entries", async () => {
    await visit(site.browser, site.server.url, 'swift-export', async (page) => {
      await page.getByRole('button', { name: 'Show the code' }).click();
      const code = page.locator('.swift-code');
      await assert.doesNotReject(code.waitFor());
      const swift = await code.textContent();
      assert.match(swift, /BGTaskScheduler\.shared\.register\(\s*forTaskWithIdentifier: "com\.example\.news\.refresh"/);
      assert.match(swift, /BGAppRefreshTaskRequest\(identifier: "com\.example\.news\.refresh"\)/);
      assert.match(swift, /expirationHandler/);
      assert.match(swift, /setTaskCompleted\(success:/);
      await page.getByRole('tab', { name: 'Info.plist' }).click();
      const plist = await code.textContent();
      assert.match(plist, /BGTaskSchedulerPermittedIdentifiers/);
      assert.match(plist, /<string>com\.example\.news\.refresh<\/string>/);
      assert.match(plist, /<string>fetch<\/string>/);
    });
  });

  test('every lesson opens from the lessons list and tells its story', async () => {
    await visit(site.browser, site.server.url, 'lessons', async (page) => {
      await page.getByRole('button', { name: 'Lessons' }).click();
      const items = page.locator('.lesson-item a');
      const count = await items.count();
      assert.ok(count >= 10, `${count} lessons`);
      for (let i = 0; i < count; i += 1) {
        const title = await items.nth(i).textContent();
        const before = await hash(page);
        await items.nth(i).click();
        await assert.doesNotReject(page.locator('.lesson-story h3', { hasText: title }).waitFor({ timeout: 5000 }));
        // The address bar then holds the lesson's run (saved right after it is on screen).
        await page.waitForFunction((before) => location.hash !== before, before, { timeout: 5_000 });
        const { seconds } = readLink(await hash(page));
        assert.ok(seconds !== undefined, `lesson ${i} has a time position`);
      }
      await page.getByRole('button', { name: 'Close the lessons' }).click();
      assert.equal(await page.locator('.lessons').count(), 0);
    });
  });
});
