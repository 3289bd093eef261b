// End-to-end tests of the device and person controls and the app panel: each control changes
// what the engine runs, and the panels show what the engine says (errors with their codes, the
// pending requests, the debugger's effect). Every test starts from a share link: the default
// scenario without the simulated person's routine, paused at its start, so nothing happens by
// itself while the test clicks.

import assert from 'node:assert/strict';
import zlib from 'node:zlib';
import { describe, test } from 'node:test';
import { linkTo, sleep, until, useSite, visit } from './support.mjs';

/** The scenario the page's URL holds now (the share link is kept up to date). */
async function heldScenario(page) {
  const fragment = await page.evaluate(() => location.hash);
  const match = /^#s=1\.([A-Za-z0-9_-]+)/.exec(fragment);
  assert.ok(match, `not a scenario link: ${fragment}`);
  return JSON.parse(zlib.inflateRawSync(Buffer.from(match[1], 'base64url')).toString());
}

/** Waits (up to 5 s) until the scenario in the address bar passes `accept`. */
const untilHeld = (page, accept, what) =>
  until(() => heldScenario(page), accept, `the address bar's scenario: ${what}`, { tries: 50 });

const QUIET = { version: 1, user_routine: false };
const REFRESH = 'com.example.news.refresh';

const device = (page) => page.locator('section[aria-labelledby="device-card-title"]');
const person = (page) => page.locator('section[aria-labelledby="person-card-title"]');
const yourApp = (page) => page.locator('section[aria-labelledby="app-card-title"]');
const tasks = (page) => page.locator('section[aria-labelledby="tasks-card-title"]');
const requests = (page) => page.locator('section[aria-labelledby="requests-card-title"]');
const debuggerBox = (page) => page.locator('section[aria-labelledby="debugger-card-title"]');

/** Adds a task of the kind whose class name is `kindClass` with the tasks card's Add button. */
async function addTask(page, kindClass) {
  await tasks(page).getByLabel('Kind of task to add').selectOption({ label: kindClass });
  await tasks(page).getByRole('button', { name: 'Add task' }).click();
}

describe('device controls and the app panel', () => {
  const site = useSite();

  test('plugging in and Low Power Mode switch the device, and the engine agrees', async () => {
    await visit(site.browser, site.server.url + linkTo(QUIET), 'panels-device', async (page) => {
      const charger = device(page).getByRole('switch', { name: 'Charger', exact: true });
      assert.equal(await charger.getAttribute('aria-checked'), 'false');
      assert.match(await charger.textContent(), /On battery/);
      await charger.click();
      await assert.doesNotReject(
        device(page).getByRole('switch', { name: 'Charger', exact: true, checked: true }).waitFor(),
      );
      assert.match(await charger.textContent(), /Plugged in/);

      const lowPower = device(page).getByRole('switch', { name: 'Low Power Mode', exact: true });
      assert.equal(await lowPower.getAttribute('aria-checked'), 'false');
      await lowPower.click();
      await assert.doesNotReject(
        device(page).getByRole('switch', { name: 'Low Power Mode', checked: true }).waitFor(),
      );
      // The switches show the engine's state, and the run (the share link) holds both clicks
      // (saved right after the frame that shows them).
      await untilHeld(page, (held) => held.inputs?.length === 2, 'two inputs');
      const inputs = (await heldScenario(page)).inputs.map((timed) => timed.input);
      assert.deepEqual(inputs, [
        { do: 'set_plugged_in', on: true },
        { do: 'set_low_power_mode', on: true },
      ]);

      await device(page).getByRole('button', { name: 'Cellular' }).click();
      await assert.doesNotReject(
        device(page).locator('.segmented-option[aria-pressed="true"]', { hasText: 'Cellular' }).waitFor(),
      );
      assert.equal(await device(page).locator('.segmented-option[aria-pressed="true"]', { hasText: 'Wi-Fi' }).count(), 0);
    });
  });

  test('submitting a refresh without the fetch background mode shows code 3, notPermitted, and why', async () => {
    await visit(site.browser, site.server.url + linkTo(QUIET), 'panels-submit-error', async (page) => {
      const fetch = yourApp(page).getByRole('switch', { name: 'fetch', exact: true });
      await fetch.click();
      await assert.doesNotReject(
        yourApp(page).getByRole('switch', { name: 'fetch', exact: true, checked: false }).waitFor(),
      );
      assert.equal(await requests(page).locator('.submit-error').count(), 0);
      await tasks(page).getByRole('button', { name: `Submit ${REFRESH}` }).click();
      const error = requests(page).locator('.submit-error');
      await error.waitFor();
      assert.match(await error.textContent(), /code 3 — notPermitted/);
      assert.match(await error.textContent(), /UIBackgroundModes lacks "fetch"/);
      assert.match(await error.textContent(), /BGAppRefreshTaskRequest "com\.example\.news\.refresh"/);
      assert.match(await requests(page).locator('.pending-list').textContent(), /Nothing pending/);
    });
  });

  test('a submitted processing task is pending with a Why button, and Cancel removes it', async () => {
    await visit(site.browser, site.server.url + linkTo(QUIET), 'panels-pending', async (page) => {
      await addTask(page, 'BGProcessingTask');
      const submit = tasks(page).getByRole('button', { name: 'Submit com.example.news.cleanup' });
      await submit.click();
      const entry = requests(page).locator('.pending-list .request-row', { hasText: 'com.example.news.cleanup' });
      await entry.waitFor();
      assert.match(await entry.textContent(), /processing · not before 08:55/);
      assert.equal(await requests(page).locator('.submit-error').count(), 0);

      const why = entry.getByRole('button', { name: 'Why has com.example.news.cleanup not run?' });
      assert.equal(await why.getAttribute('aria-pressed'), 'false');
      await why.click();
      await assert.doesNotReject(entry.locator('button[aria-pressed="true"]').waitFor());

      await entry.getByRole('button', { name: 'Cancel com.example.news.cleanup' }).click();
      await entry.waitFor({ state: 'detached' });
      assert.match(await requests(page).locator('.pending-list').textContent(), /Nothing pending/);
      assert.match(await requests(page).locator('.list-head').textContent(), /Pending \(0\)/);
    });
  });

  test('a continued task submitted from the foreground runs; the debugger launches a pending refresh', async () => {
    await visit(site.browser, site.server.url + linkTo(QUIET), 'panels-continued-debugger', async (page) => {
      await addTask(page, 'BGContinuedProcessingTask');
      const plist = yourApp(page).locator('.identifier-list');
      await assert.doesNotReject(plist.getByText('com.example.news.export.*').waitFor());

      await person(page).getByRole('button', { name: 'Open the app' }).click();
      await assert.doesNotReject(person(page).locator('.app-state', { hasText: 'foreground' }).waitFor());
      await tasks(page).getByRole('button', { name: 'Submit com.example.news.export.*' }).click();
      const running = requests(page).locator('.running-list .request-row', { hasText: 'com.example.news.export.A1' });
      await running.waitFor();
      assert.match(await running.textContent(), /continued processing/);
      assert.equal(await requests(page).locator('.submit-error').count(), 0);

      // The refresh handler must not resubmit, so that its pending entry visibly goes away.
      const refreshTask = tasks(page).locator('.task-item', { hasText: REFRESH });
      await refreshTask.locator('summary').click();
      await refreshTask.getByLabel('Submits the next request').selectOption({ label: 'Never (one-shot)' });
      await tasks(page).getByRole('button', { name: `Submit ${REFRESH}` }).click();
      const pending = requests(page).locator('.pending-list .request-row', { hasText: REFRESH });
      await pending.waitFor();

      const row = debuggerBox(page).locator('.debugger-row', { hasText: REFRESH });
      assert.match(
        await row.locator('.lldb').textContent(),
        /e -l objc -- \(void\)\[\[BGTaskScheduler sharedScheduler\] _simulateLaunchForTaskWithIdentifier:@"com\.example\.news\.refresh"\]/,
      );
      await row.getByRole('button', { name: `Simulate launch of ${REFRESH}` }).click();
      await pending.waitFor({ state: 'detached' });
      await assert.doesNotReject(
        requests(page).locator('.running-list .request-row', { hasText: REFRESH }).waitFor(),
      );
    });
  });

  test('work on leaving the foreground: beginBackgroundTask runs out of time after about 30 s', async () => {
    await visit(site.browser, site.server.url + linkTo(QUIET), 'panels-exit-work', async (page) => {
      const field = yourApp(page).getByLabel('Finish work for');
      assert.equal(await field.inputValue(), '');
      await field.fill('45');
      await field.press('Enter');
      await untilHeld(page, (held) => held.app?.background_task_on_exit_s === 45, 'finish work for 45 s');
      await person(page).getByRole('button', { name: 'Open the app' }).click();
      await person(page).getByRole('button', { name: 'Go home' }).click();
      const headlines = page.locator('.log-scroll .log-headline');
      await assert.doesNotReject(
        headlines.filter({ hasText: 'The app calls beginBackgroundTask (about 30 s allowed)' }).waitFor(),
      );
      // 45 s of work against a 30 s allowance: the allowance runs out first.
      await page.getByRole('button', { name: 'Step to the next event' }).click();
      await assert.doesNotReject(headlines.filter({ hasText: 'beginBackgroundTask ran out of time' }).waitFor());

      // An empty field means the app does not call it.
      await field.fill('');
      await field.press('Enter');
      await untilHeld(page, (held) => held.app?.background_task_on_exit_s == null, 'no finishing work');
    });
  });

  test('on the Xcode Simulator, submit throws code 1, unavailable', async () => {
    await visit(site.browser, site.server.url + linkTo(QUIET), 'panels-simulator', async (page) => {
      assert.match(await yourApp(page).locator('.resources').textContent(), /no \.gpu on the iPhone 17 Pro/);
      await device(page).getByLabel('Device model').selectOption({ label: 'Xcode Simulator' });
      await assert.doesNotReject(yourApp(page).getByText('no .gpu on the Xcode Simulator').waitFor());
      await tasks(page).getByRole('button', { name: `Submit ${REFRESH}` }).click();
      const error = requests(page).locator('.submit-error');
      await error.waitFor();
      assert.match(await error.textContent(), /code 1 — unavailable/);
      assert.match(await error.textContent(), /not available in the Simulator/);
      await untilHeld(page, (held) => held.device === 'simulator', 'the Simulator');
    });
  });

  test('the usage pattern picker changes the pattern, and a bad value changes nothing', async () => {
    await visit(site.browser, site.server.url + linkTo(QUIET), 'panels-pattern', async (page) => {
      const caption = person(page).locator('.pattern-caption');
      assert.equal(await caption.textContent(), 'Opens the app every day around 08:00.');
      await assert.doesNotReject(person(page).getByText(/Still learning: needs about 2 days/).waitFor());

      await person(page).getByLabel('Opens the app').selectOption({ label: 'Once a week' });
      await assert.doesNotReject(
        person(page).locator('.pattern-caption', { hasText: 'Opens the app once a week, on Sundays around 08:00.' }).waitFor(),
      );
      await person(page).getByLabel('On', { exact: true }).selectOption({ label: 'Saturday' });
      await person(page).getByLabel('At', { exact: true }).fill('09:30');
      await assert.doesNotReject(
        person(page).locator('.pattern-caption', { hasText: 'once a week, on Saturdays around 09:30.' }).waitFor(),
      );
      await untilHeld(page, (held) => held.user?.pattern?.minute === 30, 'opens at :30');
      assert.deepEqual((await heldScenario(page)).user.pattern, { kind: 'weekly', weekday: 'Sat', hour: 9, minute: 30 });

      // Text in a number field, a negative duration, an empty identifier: a message, no change.
      const before = await heldScenario(page);
      const bedtime = person(page).getByLabel('Bedtime');
      await bedtime.fill('late');
      await bedtime.press('Enter');
      await assert.doesNotReject(person(page).getByText('“late” is not a number.').waitFor());
      assert.equal(await bedtime.getAttribute('aria-invalid'), 'true');

      const refreshTask = tasks(page).locator('.task-item', { hasText: REFRESH });
      await refreshTask.locator('summary').click();
      const work = refreshTask.getByLabel('Work takes');
      await work.fill('-5');
      await work.press('Enter');
      await assert.doesNotReject(refreshTask.getByText('Must be between 0 and 604800.').waitFor());

      const bundle = yourApp(page).getByLabel('Bundle identifier');
      await bundle.fill('  ');
      await bundle.press('Enter');
      await assert.doesNotReject(yourApp(page).getByText(/Enter an identifier/).waitFor());
      await sleep(300);
      assert.deepEqual(await heldScenario(page), before);
    });
  });

  test('after a few days of the routine, the learned chance of an open peaks at its time', async () => {
    const fourDaysLater = 4 * 86400 + 5 * 3600;
    await visit(site.browser, site.server.url + linkTo({ version: 1 }, fourDaysLater), 'panels-learned', async (page) => {
      const learned = person(page).locator('.learned');
      assert.match(
        await learned.locator('.learned-status').textContent(),
        /^Learned: most likely around 0[78]:\d\d \(\d+ % in that quarter-hour\)$/,
      );
      const points = (await learned.locator('.sparkline-line').getAttribute('points')).split(' ');
      assert.equal(points.length, 96, 'one point per quarter-hour');
      // Daily at 08:00: the highest point (smallest y) is in the morning, near 8/24 of the width.
      const ys = points.map((point) => Number(point.split(',')[1]));
      const peak = ys.indexOf(Math.min(...ys));
      assert.ok(peak >= 28 && peak <= 36, `peak at quarter-hour ${peak}`);
    });
  });

  test('a notice says what happened and can be dismissed', async () => {
    const later = { ...QUIET, inputs: [{ at: 120000, input: { do: 'set_low_data_mode', on: true } }] };
    await visit(site.browser, site.server.url + linkTo(later, 30), 'panels-notice', async (page) => {
      assert.equal(await page.locator('.notice-banner').count(), 0);
      // Acting before a later click replays without it, and says so.
      await device(page).getByRole('switch', { name: 'Charger', exact: true }).click();
      const notice = page.locator('.notice-banner');
      await notice.waitFor();
      assert.match(await notice.textContent(), /went back in time and acted/);
      await notice.getByRole('button', { name: 'Dismiss the message' }).click();
      await notice.waitFor({ state: 'detached' });
      await untilHeld(page, (held) => held.inputs?.[0]?.input?.do === 'set_plugged_in', 'the charger plugged in first');
      const inputs = (await heldScenario(page)).inputs.map((timed) => timed.input);
      assert.deepEqual(inputs, [{ do: 'set_plugged_in', on: true }]);
    });
  });

  for (const [name, options] of [
    ['panels-light', { viewport: { width: 1440, height: 1000 } }],
    ['panels-dark', { viewport: { width: 1440, height: 1000 }, colorScheme: 'dark' }],
    ['panels-narrow', { viewport: { width: 390, height: 844 } }],
  ]) {
    test(`looks right: ${name}`, async () => {
      const scenario = {
        ...QUIET,
        app: { background_modes: { fetch: false, processing: true } },
        inputs: [
          { at: 0, input: { do: 'set_plugged_in', on: true } },
          { at: 1000, input: { do: 'submit', request: { identifier: REFRESH, kind: 'app_refresh' } } },
        ],
      };
      await visit(
        site.browser,
        site.server.url + linkTo(scenario, 2),
        name,
        async (page) => {
          await requests(page).locator('.submit-error').waitFor();
          await tasks(page).locator('.task-item summary').first().click();
          const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
          assert.ok(overflow <= 0, `page is ${overflow}px wider than the window`);
          for (const card of [device(page), person(page), yourApp(page), tasks(page), requests(page), debuggerBox(page)]) {
            const box = await card.boundingBox();
            assert.ok(box.x >= 0 && box.x + box.width <= options.viewport.width, `a card sticks out: ${JSON.stringify(box)}`);
          }
        },
        options,
      );
    });
  }

  test('a pending request named at length widens no column past the window, 320 to 1600 px wide', async () => {
    // The why panel's list of pending requests names each with when it was submitted: as wide as
    // that text, it once made its column (and the page) wider than the window at 1440 px; and
    // at 320 px the clock's speed list stuck out of the clock bar.
    const INDEX = 'com.example.news.index';
    const scenario = {
      ...QUIET,
      app: { permitted_identifiers: [REFRESH, INDEX], background_modes: { fetch: true, processing: true } },
      inputs: [
        { at: 0, input: { do: 'submit', request: { identifier: REFRESH, kind: 'app_refresh' } } },
        { at: 0, input: { do: 'submit', request: { identifier: INDEX, kind: 'processing' } } },
      ],
    };
    for (const width of [320, 1440, 1600]) {
      await visit(
        site.browser,
        site.server.url + linkTo(scenario, 60),
        `panels-wide-request-${width}`,
        async (page) => {
          const why = page.locator('.why-card');
          await why.locator('.why-select').waitFor();
          const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
          assert.ok(overflow <= 0, `${width} px: the page is ${overflow}px wider than the window`);
          for (const part of [why, yourApp(page), page.locator('.clock-bar')]) {
            const box = await part.boundingBox();
            assert.ok(box.x >= 0 && box.x + box.width <= width, `${width} px: sticks out: ${JSON.stringify(box)}`);
          }
        },
        { viewport: { width, height: 900 } },
      );
    }
  });
});
