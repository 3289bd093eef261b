// End-to-end tests of the simulated phone: its frames, its screens and buttons, its status bar,
// and the system UI of continued tasks (Live Activity, Dynamic Island, banner, app switcher).
// Each situation is set up with a share link (a scenario and a time, opened paused), then the
// test clicks what a visitor would click and reads what they would see. Screenshots of every
// main state, light and dark, land in tests/e2e/screenshots/phone-*.png.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  EXPORT_TITLE,
  exportScenario,
  fullPageScreenshot,
  linkTo,
  quiet,
  secondsOf,
  sleep,
  useSite,
  visit,
} from './support.mjs';

/** The news app's refresh, launched by the debugger 2 s in (after the app went home). */
const runningRefresh = {
  ...quiet(),
  app: {
    bundle_id: 'com.example.news',
    permitted_identifiers: ['com.example.news.refresh'],
    tasks: [
      {
        request: { identifier: 'com.example.news.refresh', kind: 'app_refresh', earliest_begin_after: 900000 },
        behavior: { work_s: 28.0 },
        submit_when_backgrounded: true,
      },
    ],
  },
  inputs: [
    { at: 0, input: { do: 'open_app' } },
    { at: 1000, input: { do: 'go_home' } },
    { at: 2000, input: { do: 'simulate_launch', identifier: 'com.example.news.refresh' } },
  ],
};

const dark = { colorScheme: 'dark' };
const button = (page, name) => page.getByRole('button', { name, exact: true });
const progressOf = async (locator) => Number(await locator.getAttribute('aria-valuenow'));
const fillOf = (page) => page.locator('.battery-fill').evaluate((el) => getComputedStyle(el).fill);
/** Scrolls to the top, so the page's sticky clock bar sits above the phone in screenshots. */
const toTop = (page) => page.evaluate(() => window.scrollTo(0, 0));
/** A screenshot of a state in the middle of a test (visit takes one at the end). */
async function snap(page, name) {
  await toTop(page);
  await fullPageScreenshot(page, name);
}

describe('the phone', () => {
  const site = useSite();
  const open = (name, scenario, seconds, body, options) =>
    visit(site.browser, site.server.url + linkTo(scenario, seconds), name, async (page) => {
      await body(page);
      await toTop(page);
    }, options);

  test('each device model draws its own frame', async () => {
    const models = [
      { device: 'iphone_dynamic_island', island: 1, homeButton: 0, tall: true },
      { device: 'iphone_classic', island: 0, homeButton: 1, tall: false },
      { device: 'ipad_m', island: 0, homeButton: 0, tall: false },
      { device: 'simulator', island: 1, homeButton: 0, tall: true },
    ];
    for (const model of models) {
      await open(`phone-frame-${model.device}`, quiet(model.device), 0, async (page) => {
        assert.equal(await page.locator('.dynamic-island').count(), model.island, `${model.device}: island`);
        assert.equal(await page.locator('.home-button').count(), model.homeButton, `${model.device}: home button`);
        const home = model.homeButton ? 'Home button' : 'Swipe up to unlock';
        await assert.doesNotReject(button(page, home).waitFor(), `${model.device}: ${home}`);
        const frame = await page.locator('.phone-frame').boundingBox();
        const ratio = frame.height / frame.width;
        if (model.device === 'ipad_m') assert.ok(ratio > 1.25 && ratio < 1.6, `iPad is ${ratio} tall`);
        else if (model.tall) assert.ok(ratio > 1.9, `${model.device} is ${ratio} tall`);
        else assert.ok(ratio > 1.9 && frame.width < 310, `iPhone SE frame ${JSON.stringify(frame)}`);
        const title = page.locator('.simulator-title');
        if (model.device === 'simulator') {
          assert.match(await title.textContent(), /Simulator: background tasks never run here/);
        } else {
          assert.equal(await title.count(), 0);
        }
      });
    }
  });

  test('unlock, open the app, go home with the home bar, lock with the side button', async () => {
    await open('phone-flow', quiet(), 0, async (page) => {
      assert.equal(await page.locator('.lock-time').textContent(), '07:55');
      assert.equal(await page.locator('.status-time').textContent(), '07:55');
      assert.equal(await page.locator('.status-time').getAttribute('datetime'), '07:55:00');
      await button(page, 'Tap to unlock').click();
      await page.locator('.home-screen').waitFor();
      // The lock screen is kept in the page, hidden, for the next time the phone locks.
      assert.equal(await page.locator('.lock-screen').isVisible(), false, 'lock screen hidden');

      await button(page, 'Open News').click();
      const app = page.locator('.app-screen');
      await app.waitFor();
      assert.equal(await app.locator('.app-title').textContent(), 'News');
      assert.match(await app.textContent(), /com\.example\.news\.refresh.*BGAppRefreshTask · Not scheduled/);

      await button(page, 'Go to the home screen').click();
      await page.locator('.home-screen').waitFor();
      assert.equal(await app.count(), 0);

      await button(page, 'Side button (lock)').click();
      await page.locator('.lock-screen').waitFor();
      assert.equal(await page.locator('.home-screen').isVisible(), false, 'home screen hidden');
      await assert.doesNotReject(button(page, 'Side button (wake and unlock)').waitFor());
    });
  });

  test('the iPhone SE unlocks with its home button and opens the app', async () => {
    await open('phone-classic-app', quiet('iphone_classic'), 0, async (page) => {
      await button(page, 'Home button').click();
      await page.locator('.home-screen').waitFor();
      await button(page, 'Open News').click();
      await page.locator('.app-screen').waitFor();
      await button(page, 'Home button').click();
      await page.locator('.home-screen').waitFor();
    });
  });

  test('home, app and lock screens in dark mode', async () => {
    const scenario = { ...quiet(), inputs: [{ at: 0, input: { do: 'open_app' } }] };
    await open('phone-app-dark', scenario, 1, async (page) => {
      const app = page.locator('.app-screen');
      assert.equal(await app.evaluate((el) => getComputedStyle(el).backgroundColor), 'rgb(0, 0, 0)');
    }, dark);
    await open('phone-home-dark', { ...quiet(), inputs: [{ at: 0, input: { do: 'pick_up_phone' } }] }, 1,
      async (page) => {
        await page.locator('.home-screen').waitFor();
      }, dark);
    await open('phone-lock-dark', quiet(), 0, async (page) => {
      await page.locator('.lock-screen').waitFor();
    }, dark);
  });

  test('the status bar: a bolt while charging, a yellow battery in Low Power Mode, the level', async () => {
    await open('phone-status-charging', quiet('iphone_dynamic_island', { plugged_in: true, battery: 64 }), 0,
      async (page) => {
        await assert.doesNotReject(page.locator('.battery-bolt').waitFor({ state: 'visible' }));
        assert.equal(await fillOf(page), 'rgb(48, 209, 88)', 'green while charging');
        assert.equal(await page.locator('.battery-text').textContent(), '64');
        assert.match(await page.locator('.status-battery').getAttribute('aria-label'), /Battery 64 %, charging/);
      });
    await open('phone-status-low-power', quiet('iphone_dynamic_island', { low_power_mode: true, battery: 45 }), 0,
      async (page) => {
        assert.equal(await fillOf(page), 'rgb(255, 214, 10)', 'yellow in Low Power Mode');
        assert.equal(await page.locator('.battery-bolt').count(), 0, 'no bolt off the charger');
        const fill = Number(await page.locator('.battery-fill').getAttribute('width'));
        assert.ok(Math.abs(fill - 0.45 * 25) < 0.1, `the fill is ${fill} of 25 wide`);
      }, dark);
    await open('phone-status-classic', quiet('iphone_classic', { battery: 15, network: 'offline' }), 0,
      async (page) => {
        assert.equal(await page.locator('.battery-percent').textContent(), '15%');
        assert.equal(await fillOf(page), 'rgb(255, 69, 58)', 'red when low');
        assert.equal(await page.locator('.no-service').textContent(), 'No Service');
        assert.equal(await page.locator('.status-wifi').count(), 0);
      });
  });

  test('the status bar: a call, the camera, a thermal warning; a critical one takes the screen', async () => {
    const warm = quiet('iphone_dynamic_island', { call_active: true, camera_active: true, thermal: 'serious' });
    await open('phone-status-warnings', warm, 0, async (page) => {
      const time = page.locator('.status-time.in-call');
      assert.equal(await time.evaluate((el) => getComputedStyle(el).backgroundColor), 'rgb(48, 209, 88)');
      await assert.doesNotReject(page.locator('.dynamic-island .island-camera-dot').waitFor({ state: 'visible' }));
      await assert.doesNotReject(page.getByRole('img', { name: 'Temperature: serious' }).waitFor());
    });
    await open('phone-too-warm', quiet('iphone_dynamic_island', { thermal: 'critical' }), 0, async (page) => {
      assert.equal(await page.locator('.too-warm-title').textContent(), 'Temperature');
      assert.match(await page.locator('.too-warm-screen').textContent(), /iPhone needs to cool down/);
      assert.equal(await page.locator('.lock-screen').count(), 0);
    });
  });

  test('a phone put down dims, and a tap wakes it', async () => {
    const scenario = {
      ...quiet(),
      inputs: [{ at: 0, input: { do: 'pick_up_phone' } }, { at: 1000, input: { do: 'put_down' } }],
    };
    await open('phone-dimmed', scenario, 2, async (page) => {
      const screen = page.locator('.phone-screen');
      assert.match(await screen.getAttribute('class'), /\bdimmed\b/);
      await button(page, 'Wake the screen').click();
      await page.locator('.phone-screen:not(.dimmed)').waitFor();
      await page.locator('.home-screen').waitFor();
    });
  });

  test('a continued task shows a Live Activity on the lock screen, its progress rising', async () => {
    const scenario = exportScenario('iphone_dynamic_island', { lock: true });
    const visitAt = async (seconds, name, options) => {
      let progress;
      await open(name, scenario, seconds, async (page) => {
        const card = page.getByRole('article', { name: `Live Activity: ${EXPORT_TITLE}` });
        await card.waitFor();
        assert.equal(await page.locator('.lock-screen').count(), 1, 'on the lock screen');
        assert.equal(await card.locator('.la-title').textContent(), EXPORT_TITLE);
        assert.equal(await card.locator('.la-detail').textContent(), 'Holiday album');
        progress = await progressOf(card.getByRole('progressbar'));
        await assert.doesNotReject(button(page, `Stop ${EXPORT_TITLE}`).waitFor());
      }, options);
      return progress;
    };
    const early = await visitAt(30, 'phone-live-activity');
    const later = await visitAt(75, 'phone-live-activity-dark', dark);
    assert.ok(early > 0 && early < 50, `${early} % after 30 s`);
    assert.ok(later > early, `${early} % after 30 s, then ${later} % after 75 s`);
  });

  test('tapping Stop shows the failed state with its reason, and Dismiss removes it', async () => {
    await open('phone-live-activity-failed', exportScenario('iphone_dynamic_island', { lock: true }), 30,
      async (page) => {
        await button(page, `Stop ${EXPORT_TITLE}`).click();
        const card = page.getByRole('article', { name: `Live Activity: ${EXPORT_TITLE}` });
        // Paused: the expiration handler is running, the task ends the next moment.
        assert.equal(await card.locator('.la-detail').textContent(), 'Stopping…');
        assert.equal(await page.locator('.lock-screen').count(), 1, 'Stop did not unlock the phone');
        await button(page, 'Play').click();
        await page.locator('.live-activity.failed').waitFor();
        await button(page, 'Pause').click();
        assert.equal(await card.locator('.la-detail').textContent(), 'Failed — stopped by user');
        assert.equal(await card.getByRole('progressbar').count(), 0);
        await button(page, `Dismiss ${EXPORT_TITLE}`).click();
        await card.waitFor({ state: 'detached' });
      });
  });

  test('with a Dynamic Island the unlocked phone shows the task in the island; a tap expands it', async () => {
    await open('phone-island', exportScenario('iphone_dynamic_island', { lock: false }), 15, async (page) => {
      const compact = page.locator('.dynamic-island.compact');
      await compact.waitFor();
      assert.match(await compact.getAttribute('aria-label'), new RegExp(`^${EXPORT_TITLE}, \\d+ %: show details$`));
      assert.equal(await page.locator('.system-banner').count(), 0);
      await compact.click();
      const expanded = page.getByRole('region', { name: `Dynamic Island: ${EXPORT_TITLE}` });
      await expanded.waitFor();
      assert.equal(await expanded.locator('.la-detail').textContent(), 'Holiday album');
      assert.ok((await progressOf(expanded.getByRole('progressbar'))) > 0);
      await assert.doesNotReject(expanded.getByRole('button', { name: `Stop ${EXPORT_TITLE}` }).waitFor());
    });
    await open('phone-island-dark', exportScenario('iphone_dynamic_island', { lock: false }), 15, async (page) => {
      await page.locator('.dynamic-island.compact').click();
      await page.locator('.dynamic-island.expanded').waitFor();
    }, dark);
  });

  test('two continued tasks: the second waits in a circle beside the island; a tap swaps them', async () => {
    const scenario = exportScenario('iphone_dynamic_island', { lock: false });
    const second = 'Uploading 3 videos';
    scenario.inputs.splice(2, 0, {
      at: 6000,
      input: {
        do: 'submit',
        request: {
          identifier: 'com.example.photos.export.C3D4',
          kind: 'continued_processing',
          title: second,
          subtitle: 'Family',
        },
      },
    });
    await open('phone-island-two', scenario, 15, async (page) => {
      const compact = page.locator('.dynamic-island.compact');
      const minimal = page.locator('.island-minimal');
      await minimal.waitFor();
      assert.match(await compact.getAttribute('aria-label'), new RegExp(`^${EXPORT_TITLE}, `));
      assert.equal(await minimal.getAttribute('aria-label'), `${second}: show in the Dynamic Island`);
      assert.equal(await minimal.locator('.island-ring').count(), 1, 'its own progress ring');
      await minimal.click();
      await assert.doesNotReject(page.locator(`.dynamic-island.compact[aria-label^="${second}, "]`).waitFor());
      assert.equal(await minimal.getAttribute('aria-label'), `${EXPORT_TITLE}: show in the Dynamic Island`);
      // Expanded, the island shows one activity and nothing beside it.
      await compact.click();
      await page.getByRole('region', { name: `Dynamic Island: ${second}` }).waitFor();
      assert.equal(await minimal.count(), 0);
    });
  });

  test('on an iPhone SE the same task shows as a banner when unlocked', async () => {
    for (const [name, options] of [['phone-banner', {}], ['phone-banner-dark', dark]]) {
      await open(name, exportScenario('iphone_classic', { lock: false }), 15, async (page) => {
        const banner = page.getByRole('region', { name: `Banner: ${EXPORT_TITLE}` });
        await banner.waitFor();
        assert.equal(await page.locator('.home-screen').count(), 1, 'over the home screen');
        assert.equal(await page.locator('.dynamic-island').count(), 0);
        assert.ok((await progressOf(banner.getByRole('progressbar'))) > 0);
        await assert.doesNotReject(banner.getByRole('button', { name: `Stop ${EXPORT_TITLE}` }).waitFor());
      }, options);
    }
  });

  test('the app switcher: swiping the app away ends its continued task', async () => {
    await open('phone-switcher', exportScenario('iphone_dynamic_island', { lock: false }), 15, async (page) => {
      await page.locator('.dynamic-island.compact').waitFor();
      await button(page, 'App Switcher').click();
      await page.getByRole('dialog', { name: 'App Switcher' }).waitFor();
      await snap(page, 'phone-switcher-card');
      await button(page, 'Swipe away Photos').click();
      // The card flies off, the app is gone, and so is its task's Live Activity.
      await page.locator('.dynamic-island.compact').waitFor({ state: 'detached' });
      assert.equal(await page.locator('.live-activity, .system-banner').count(), 0);
      await button(page, 'App Switcher').click();
      assert.equal(await page.locator('.switcher-empty').textContent(), 'No Recent Apps');
    });
  });

  test('the app switcher: a swipe up with the pointer removes the banner too', async () => {
    await open('phone-switcher-swipe', exportScenario('iphone_classic', { lock: false }), 15, async (page) => {
      await page.locator('.system-banner').waitFor();
      await button(page, 'App Switcher').click();
      // Scroll back up, so the page's sticky clock bar does not cover the card.
      await page.evaluate(() => window.scrollTo(0, 0));
      const card = page.locator('.switcher-snapshot');
      const box = await card.boundingBox();
      const offset = () => page.locator('.switcher-card').evaluate((el) => new DOMMatrix(getComputedStyle(el).transform).m42);
      // A short drag: the card follows the pointer up, and slides back when let go.
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      await page.mouse.down();
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2 - 30, { steps: 3 });
      assert.equal(Math.round(await offset()), -30, 'the card follows the pointer');
      await snap(page, 'phone-switcher-drag');
      await page.mouse.up();
      await sleep(400);
      assert.equal(await offset(), 0, 'the card slid back');
      assert.equal(await page.locator('.switcher-card').count(), 1, 'a short drag does not swipe');
      assert.equal(await page.getByRole('dialog', { name: 'App Switcher' }).count(), 1, 'nor open the app');
      // A long one swipes the app away.
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      await page.mouse.down();
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2 - 60, { steps: 5 });
      await page.mouse.up();
      await page.locator('.system-banner').waitFor({ state: 'detached' });
      await page.locator('.home-screen').waitFor();
    }, dark);
  });

  test('tapping the app card in the switcher opens the app, which shows its own progress', async () => {
    await open('phone-in-app-progress', exportScenario('iphone_dynamic_island', { lock: false }), 15,
      async (page) => {
        await button(page, 'App Switcher').click();
        await button(page, 'Open Photos').click();
        const app = page.locator('.app-screen');
        await app.waitFor();
        assert.equal(await page.locator('.dynamic-island.compact').count(), 0, 'no system UI in the app');
        const progress = app.getByRole('progressbar', { name: `${EXPORT_TITLE} progress` });
        assert.ok((await progressOf(progress)) > 0);
        assert.match(await app.textContent(), /com\.example\.photos\.export\.\*.*Running now/);
      });
  });

  test('a running refresh counts down its 30 seconds in real time', async () => {
    await open('phone-refresh-countdown', runningRefresh, 5, async (page) => {
      const work = page.locator('.background-work li');
      const leftNow = async () => Number(/News · Refresh · (\d+) s left/.exec(await work.textContent())?.[1]);
      const first = await leftNow();
      assert.ok(first >= 25 && first <= 28, `${first} s left 3 s into a 30 s allowance`);
      await page.getByRole('img', { name: 'Running in the background' }).waitFor();
      const clock = async () => secondsOf(await page.locator('.status-time').getAttribute('datetime'));
      const before = await clock();
      await button(page, 'Play').click();
      await sleep(2_500);
      await button(page, 'Pause').click();
      const second = await leftNow();
      const elapsed = (await clock()) - before;
      assert.ok(elapsed >= 2, `only ${elapsed} s passed at 1× in 2.5 s`);
      assert.ok(Math.abs(first - second - elapsed) <= 1, `${first} s then ${second} s, ${elapsed} s later`);
    });
  });

  test('fits a 390 px wide window without sideways scrolling', async () => {
    for (const device of ['iphone_dynamic_island', 'ipad_m', 'simulator']) {
      await open(`phone-390-${device}`, exportScenario(device, { lock: true }), 30, async (page) => {
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        assert.ok(overflow <= 0, `${device}: the page is ${overflow}px wider than the window`);
        const frame = await page.locator('.phone').boundingBox();
        assert.ok(frame.x >= 0 && frame.x + frame.width <= 390, `${device}: ${JSON.stringify(frame)}`);
      }, { viewport: { width: 390, height: 844 } });
    }
  });
});
