// End-to-end tests of the clock bar, the keyboard shortcuts, the timeline, the log and console,
// and the "why" panel, in Debian's Chromium against the release site (dist/). Situations are set
// up with share links (`#s=1.<base64url(raw deflate(scenario JSON))>&t=<seconds>`, which open
// paused) or by driving the UI. Every test fails on any console error (see support.mjs) and
// leaves a screenshot in tests/e2e/screenshots/.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { linkTo, REFRESH_SWITCHED_OFF, secondsOf, sleep, until as pollUntil, useSite, visit } from './support.mjs';

/** `until` with 5 s to wait (Yew renders asynchronously). */
const until = (read, accept, what) => pollUntil(read, accept, what, { tries: 50 });

const REFRESH = 'com.example.news.refresh';

/** The default scenario (starts Monday 07:55; the app submits its refresh at 08:10). */
const DEFAULT = {};

const clock = (page) => page.locator('.clock-time').textContent();
const status = (page) => page.locator('.clock-status').textContent();

/** Moves the keyboard focus off any field, so that keys go to the page's shortcuts. */
const blur = (page) => page.evaluate(() => document.activeElement?.blur());

/** The times (seconds since midnight) of the log's visible lines. */
async function logTimes(page) {
  const times = await page.locator('.log-scroll .log-time').allTextContents();
  return times.map(secondsOf);
}

describe('the clock bar, the timeline, the log and the why panel', () => {
  const site = useSite();

  test('"Jump to" reads a typed time, goes there, and explains what it cannot read', async () => {
    await visit(site.browser, site.server.url + linkTo(DEFAULT), 'jump-to', async (page) => {
      assert.equal(await status(page), 'Paused');
      assert.equal(await page.locator('.clock-day').textContent(), 'Day 1');
      const field = page.getByLabel('Jump to', { exact: true });
      await field.fill('tomorrow 07:00');
      await field.press('Enter');
      await until(() => clock(page), (t) => t === '07:00:00', 'the clock after jumping');
      assert.equal(await page.locator('.clock-date').textContent(), 'Tue 2026-11-24');
      assert.equal(await page.locator('.clock-day').textContent(), 'Day 2');

      await field.fill('+2h 30m');
      await page.getByRole('button', { name: 'Go', exact: true }).click();
      await until(() => clock(page), (t) => t === '09:30:00', 'the clock after +2h 30m');

      await field.fill('half past nine-ish');
      await field.press('Enter');
      const error = page.locator('.jump-error');
      await until(() => error.textContent(), (t) => t.startsWith('Could not read'), 'the error');
      assert.match(await error.textContent(), /tomorrow 07:00/);
      assert.equal(await field.getAttribute('aria-invalid'), 'true');
      assert.equal(await clock(page), '09:30:00', 'a bad time must not move the clock');
      await field.fill('day 1 08:00');
      await until(() => error.textContent(), (t) => t === '', 'the error clears when typing');
    });
  });

  test('← goes back an hour by replaying, and the log shows only what happened until then', async () => {
    await visit(site.browser, site.server.url + linkTo(DEFAULT, 3 * 3600), 'back-an-hour', async (page) => {
      assert.equal(await clock(page), '10:55:00');
      const before = await logTimes(page);
      const nineFiftyFive = secondsOf('09:55:00');
      assert.ok(before.some((t) => t > nineFiftyFive), `no event after 09:55 in ${before}`);

      await blur(page);
      await page.keyboard.press('ArrowLeft');
      await until(() => clock(page), (t) => t === '09:55:00', 'the clock after ←');
      const after = await until(
        () => logTimes(page),
        (times) => times.length > 0 && times.every((t) => t <= nineFiftyFive),
        'the log after going back',
      );
      assert.ok(after.length < before.length, `${after.length} lines then, ${before.length} before`);
      // The replay is the same run: the lines up to 09:55 are the ones seen before.
      assert.deepEqual(after, before.filter((t) => t <= nineFiftyFive).slice(-after.length));

      await page.keyboard.press('ArrowRight');
      const stepped = await until(() => clock(page), (t) => t !== '09:55:00', 'the clock after →');
      assert.ok(secondsOf(stepped) > nineFiftyFive, `→ went to ${stepped}`);
    });
  });

  test('Space plays and pauses, 1–7 choose the speed, ? shows the shortcuts; typing is left alone', async () => {
    await visit(site.browser, site.server.url, 'shortcuts', async (page) => {
      assert.equal(await status(page), 'Running at 1×');
      await page.keyboard.press('Space');
      await until(() => status(page), (s) => s === 'Paused', 'status after Space');
      const frozen = await clock(page);
      await sleep(1_200);
      assert.equal(await clock(page), frozen);
      await page.keyboard.press('Space');
      await until(() => status(page), (s) => s === 'Running at 1×', 'status after Space again');

      // At 1× the page animates; from 600× on it drops transitions, which would only make the
      // browser repaint between ticks.
      const transition = () => page.locator('.switch-thumb').first().evaluate((el) => getComputedStyle(el).transitionDuration);
      assert.notEqual(await transition(), '0s', 'transitions at 1×');
      await page.keyboard.press('5');
      await until(() => status(page), (s) => s === 'Running at 3600×', 'status after 5');
      assert.equal(await page.getByLabel('Speed').inputValue(), '3600');
      assert.equal(await transition(), '0s', 'no transitions at 3600×');
      await page.keyboard.press('7');
      await until(() => status(page), (s) => s === 'Running at 604800×', 'status after 7');
      await page.keyboard.press('1');
      await until(() => status(page), (s) => s === 'Running at 1×', 'status after 1');

      const help = page.locator('#shortcuts-help');
      assert.equal(await help.getAttribute('open'), null);
      await page.keyboard.press('?');
      await until(() => help.getAttribute('open'), (open) => open !== null, 'help after ?');
      assert.ok(await page.locator('.shortcuts-panel').isVisible());
      assert.match(await page.locator('.shortcuts-panel').textContent(), /Back one hour/);
      await page.keyboard.press('?');
      await until(() => help.getAttribute('open'), (open) => open === null, 'help after ? again');

      const field = page.getByLabel('Jump to', { exact: true });
      await field.click();
      await page.keyboard.type('5 ');
      assert.equal(await field.inputValue(), '5 ');
      assert.equal(await status(page), 'Running at 1×', 'typing a 5 must not change the speed');
    });
  });

  test('after a day at 86400× the timeline has refresh bars; a bar tells its story; a click on the axis scrubs', async () => {
    await visit(site.browser, site.server.url, 'timeline-story', async (page) => {
      await page.getByLabel('Speed').selectOption('86400');
      await until(() => page.locator('.clock-day').textContent(), (d) => d === 'Day 2', 'a day');
      await page.getByRole('button', { name: 'Pause' }).click();
      await page.getByRole('group', { name: 'Zoom' }).getByRole('button', { name: '1 day' }).click();
      await until(
        () => page.locator('.segment[aria-pressed="true"]').first().textContent(),
        (z) => z === '1 day',
        'the zoom',
      );
      assert.equal(await page.locator('.timeline-labels .row-label').textContent(), 'refresh');
      const completed = page.locator('.timeline-plot rect.bar-completed');
      const count = await completed.count();
      assert.ok(count > 0 && count < 300, `${count} completed bars`);
      assert.ok((await page.locator('.timeline-plot *').count()) < 800, 'the SVG stays light');

      await completed.last().click();
      const story = page.locator('.story');
      await story.waitFor();
      assert.match(await story.locator('.story-title').textContent(), new RegExp(REFRESH));
      assert.match(await story.locator('.story-summary').textContent(), /completed after/);
      const headlines = await story.locator('.log-headline').allTextContents();
      assert.ok(headlines.some((h) => /accepted/.test(h)), headlines.join(' | '));
      assert.ok(headlines.some((h) => /starts$/.test(h)), headlines.join(' | '));
      assert.ok(headlines.some((h) => /completed after/.test(h)), headlines.join(' | '));
      const reasons = await story.locator('.log-reason').allTextContents();
      assert.ok(reasons.some((r) => /CurrentScore .* is above ThresholdScore/.test(r)), reasons.join(' | '));
      assert.ok((await story.locator('.log-sees').count()) > 0, 'what the app saw');
      assert.equal(await completed.last().getAttribute('class'), 'bar bar-completed is-selected');

      await story.getByRole('button', { name: 'Close the story' }).click();
      await until(() => story.count(), (n) => n === 0, 'the story closes');

      // The one-day window ends at now, but never starts before the run (Monday 07:55): a click
      // in its middle goes back to that moment, replaying the run up to there.
      const elapsed = async () => {
        const day = Number((await page.locator('.clock-day').textContent()).replace('Day ', ''));
        return (day - 1) * 86_400 + secondsOf(await clock(page)) - secondsOf('07:55:00');
      };
      const before = await elapsed();
      const middle = Math.max(before - 86_400, 0) + 43_200;
      // Clear of the sticky clock bar, which would take the click.
      await page.locator('.timeline-card').evaluate((card) => card.scrollIntoView({ block: 'center' }));
      const plot = await page.locator('.timeline-plot').boundingBox();
      await page.mouse.click(plot.x + plot.width * 0.5, plot.y + 10);
      await until(() => clock(page), (t) => secondsOf(t) !== (before + secondsOf('07:55:00')) % 86_400, 'the clock after a click');
      const after = await elapsed();
      assert.ok(Math.abs(after - middle) < 20 * 60, `went to ${after} s after the start, not ${middle}`);
      assert.equal(await status(page), 'Paused');
    });
  });

  test('the why panel shows a refresh blocked by the Background App Refresh switch, and its fix unblocks it', async () => {
    await visit(site.browser, site.server.url + linkTo(REFRESH_SWITCHED_OFF, 3600), 'why-blocked', async (page) => {
      const headline = page.locator('.why-headline');
      assert.equal(await headline.textContent(), 'Blocked by Background App Refresh Setting');
      const blocking = page.locator('.vote.is-blocking');
      assert.equal(await blocking.count(), 1);
      assert.equal(await blocking.locator('.vote-name').textContent(), 'Background App Refresh Setting');
      assert.equal(await blocking.locator('.vote-tag').textContent(), 'modelled setting');
      assert.match(await blocking.locator('.vote-words').textContent(), /Background App Refresh is off for this app/);
      assert.match(await blocking.locator('.vote-decision').textContent(), /^\{33, 0\.00\}$/);
      assert.match(await page.locator('.score-current .score-value').textContent(), /^0\.00$/);

      await page.getByRole('button', { name: /^Turn Background App Refresh on/ }).click();
      // The switch is on again and nothing blocks: dasd launches the refresh at once.
      const headlines = () => page.locator('.log-scroll .log-headline').allTextContents();
      await until(
        headlines,
        (lines) => lines.includes('Background App Refresh for the app on'),
        'the switch in the log',
      );
      assert.equal(await blocking.count(), 0);
      assert.doesNotMatch(await page.locator('.why-card').textContent(), /Blocked by/);
      await blur(page);
      for (let step = 0; step < 3; step++) {
        if ((await headlines()).includes(`BGAppRefreshTask "${REFRESH}" starts`)) break;
        await page.keyboard.press('ArrowRight');
        await sleep(200);
      }
      assert.ok((await headlines()).includes(`BGAppRefreshTask "${REFRESH}" starts`), 'the refresh ran');
      // Its handler submitted the next refresh, which waits for its earliestBeginDate, unblocked.
      await until(
        () => headline.count().then((n) => (n ? headline.textContent() : '')),
        (h) => h.startsWith('Waiting for its earliestBeginDate'),
        'the verdict on the next refresh',
      );
      assert.equal(await blocking.count(), 0);
    });
  });

  test('while time runs, the phone and the why panel far off screen wait, and follow again once scrolled back', async () => {
    // Opened at 08:15, when the app's refresh is pending: the panel's evaluation changes with
    // every quarter-hourly sample, the phone's clock with every virtual minute. Far off screen
    // they are not drawn, and not worth changing.
    await visit(site.browser, site.server.url + linkTo(DEFAULT, 20 * 60), 'held-off-screen', async (page) => {
      await page.locator('.why-identifier').waitFor();
      await page.getByLabel('Speed').selectOption('3600');
      await page.getByRole('button', { name: 'Play' }).click();
      await until(() => status(page), (s) => s === 'Running at 3600×', 'running');
      const views = ['.why-card', '.phone'];
      const changes = () => page.evaluate(() => ({ ...window.viewChanges }));
      await page.evaluate((views) => {
        window.viewChanges = {};
        for (const view of views) {
          window.viewChanges[view] = 0;
          new MutationObserver((records) => { window.viewChanges[view] += records.length; })
            .observe(document.querySelector(view), { subtree: true, childList: true, characterData: true, attributes: true });
        }
      }, views);
      await until(changes, (n) => views.every((view) => n[view] > 0), 'the views following the run on screen');

      await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
      for (const view of views) {
        const above = await page.evaluate((view) => -document.querySelector(view).getBoundingClientRect().bottom / innerHeight, view);
        assert.ok(above > 1, `${view} ends ${above} screens above the window`);
      }
      await sleep(500);
      const before = await changes();
      const clockBefore = secondsOf(await clock(page));
      await sleep(2_000);
      assert.ok(secondsOf(await clock(page)) !== clockBefore, 'time ran');
      assert.deepEqual(await changes(), before, 'no change to the views while far off screen');

      await page.evaluate(() => window.scrollTo(0, 0));
      await until(changes, (n) => views.every((view) => n[view] > before[view]), 'the views following the run again');
      assert.equal(await status(page), 'Running at 3600×');
      await page.getByRole('button', { name: 'Pause' }).click();
      await until(() => status(page), (s) => s === 'Paused', 'paused');
      const phoneTime = await page.locator('.phone .status-time').textContent();
      assert.equal(phoneTime.trim(), (await clock(page)).slice(0, 5), "the phone's clock caught up");
    });
  });

  test('the log opens on its newest line, follows new ones while time runs, and holds still while read', async () => {
    // A day of the default app: more lines than the log's box holds.
    await visit(site.browser, site.server.url + linkTo(DEFAULT, 86_400), 'log-follows', async (page) => {
      const box = page.locator('.log-scroll');
      await box.locator('.log-entry').last().waitFor();
      // The log's lines ("time headline"): those in sight in the box, with their tops relative
      // to the box, and the newest, in sight or not, read at the same moment.
      const view = () => box.evaluate((element) => {
        const text = (line) => line.querySelector('.log-time').textContent + ' ' + line.querySelector('.log-headline').textContent;
        const frame = element.getBoundingClientRect();
        const lines = [...element.querySelectorAll('.log-entry')];
        const inSight = lines
          .map((line) => ({ line, rect: line.getBoundingClientRect() }))
          .filter(({ rect }) => rect.bottom > frame.top + 1 && rect.top < frame.bottom - 1)
          .map(({ line, rect }) => ({ text: text(line), top: Math.round(rect.top - frame.top) }));
        return { inSight, newest: text(lines.at(-1)) };
      });
      const inSight = async () => (await view()).inSight;
      const newest = async () => (await view()).newest;
      // Read in one go: by the time a second read came, newer lines could have arrived.
      const following = (what) =>
        until(view, ({ inSight, newest }) => inSight.at(-1)?.text === newest, what);
      const overflows = await box.evaluate((element) => element.scrollHeight > element.clientHeight + 100);
      assert.ok(overflows, 'the log holds more than its box shows');
      const opened = await view();
      assert.equal(opened.inSight.at(-1).text, opened.newest, 'opened on the newest line');

      await page.getByLabel('Speed').selectOption('3600');
      await page.getByRole('button', { name: 'Play' }).click();
      let last = await newest();
      for (let round = 0; round < 3; round += 1) {
        last = await until(newest, (line) => line !== last, 'a new line');
        await following(`the box following to ${last}`);
      }

      // Scrolled up to read: what is read stays where it is while new lines arrive below.
      await box.evaluate((element) => element.scrollBy(0, -250));
      await sleep(100);
      const reading = (await inSight())[1];
      last = await newest();
      for (let round = 0; round < 3; round += 1) last = await until(newest, (line) => line !== last, 'a new line');
      const now = await view();
      const same = now.inSight.find((line) => line.text === reading.text);
      assert.ok(same, `${reading.text} is still in sight: ${JSON.stringify(now.inSight)}`);
      assert.ok(Math.abs(same.top - reading.top) <= 2, `${reading.text} moved from ${reading.top} to ${same.top} px`);
      assert.notEqual(now.inSight.at(-1).text, now.newest, 'the newest line is below, not in sight');

      // Back at the bottom, the box follows again.
      await box.evaluate((element) => element.scrollTo(0, element.scrollHeight));
      last = await until(newest, (line) => line !== last, 'a new line');
      await following('the box following again');
    });
  });

  test('the console shows dasd\'s lines, and copying never throws', async () => {
    await visit(site.browser, site.server.url + linkTo(DEFAULT, 3600), 'console', async (page) => {
      await page.getByRole('button', { name: 'Console' }).click();
      const console = page.locator('.console');
      await console.waitFor();
      const text = await console.textContent();
      assert.match(text, new RegExp(`Submitted Activity: bgRefresh-${REFRESH}:`));
      assert.match(text, /CurrentScore: [\d.]+, ThresholdScore: [\d.]+ DecisionToRun:1/);
      assert.match(text, /STARTED: bgRefresh-/);
      assert.equal(await page.getByRole('button', { name: 'Console' }).getAttribute('aria-pressed'), 'true');

      const copy = page.locator('.copy-button');
      await copy.click();
      await until(() => copy.textContent(), (t) => t !== 'Copy', 'the copy button answers');

      // The filter keeps only this identifier's lines: none for an identifier the run never used.
      assert.deepEqual(
        await page.locator('.log-filter-select option').allTextContents(),
        ['All identifiers', REFRESH],
      );
      await page.locator('.log-filter-select').selectOption(REFRESH);
      assert.match(await console.textContent(), /Submitted Activity/);
    });
  });

  test('copying the console copies all its lines, also those "Show earlier" would add', async () => {
    // A week of the default app: far more console lines than the console shows at first.
    await visit(site.browser, site.server.url + linkTo(DEFAULT, 7 * 86_400), 'console-copy', async (page) => {
      await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], {
        origin: new URL(site.server.url).origin,
      });
      await page.getByRole('button', { name: 'Console' }).click();
      const shown = await page.locator('.console .console-line .console-message').allTextContents();
      assert.equal(await page.locator('.console .show-earlier').count(), 1, 'some lines are left out');
      await page.locator('.copy-button').click();
      await until(() => page.locator('.copy-button').textContent(), (t) => t === 'Copied', 'copied');
      const copied = (await page.evaluate(() => navigator.clipboard.readText())).split('\n');
      assert.ok(copied.length > shown.length, `${copied.length} lines copied, ${shown.length} shown`);
      // The shown lines are the copy's last ones.
      copied.slice(-shown.length).forEach((line, i) => assert.ok(line.includes(shown[i].trim()), line));
    });
  });

  test('the log marks each rule documented, observed or inferred, and can show the scheduler\'s decisions', async () => {
    await visit(site.browser, site.server.url + linkTo(DEFAULT, 86_400), 'certainty', async (page) => {
      for (const [kind, words] of [
        ['documented', 'documented by Apple'],
        ['observed', 'observed'],
        ['inferred', 'inferred'],
      ]) {
        const badges = page.locator(`.certainty-${kind}`);
        assert.ok((await badges.count()) > 0, `no ${kind} badge`);
        const badge = badges.first();
        assert.ok((await badge.textContent()).startsWith(words), await badge.textContent());
        assert.match(await badge.getAttribute('title'), /^Source: \[[A-Z-]+\] /);
      }
      assert.equal(await page.locator('.log-scroll .log-entry.is-verbose').count(), 0);
      await page.getByLabel('Show scheduler decisions').check();
      await until(
        () => page.locator('.log-scroll .log-entry.is-verbose').count(),
        (n) => n > 0,
        'scheduler decisions in the log',
      );
      assert.ok((await page.locator('.log-scroll .log-entry').count()) <= 300, 'the log is capped');
    });
  });

  for (const [name, options] of [
    ['story-light', {}],
    ['story-dark', { colorScheme: 'dark' }],
    ['story-narrow', { viewport: { width: 390, height: 844 } }],
  ]) {
    test(`looks right: ${name}`, async () => {
      await visit(
        site.browser,
        site.server.url + linkTo(REFRESH_SWITCHED_OFF, 5 * 3600),
        name,
        async (page) => {
          const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
          assert.ok(overflow <= 0, `page is ${overflow}px wider than the window`);
          await page.locator('.timeline-plot rect.bar').first().click();
          await page.locator('.story').waitFor();
          const after = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
          assert.ok(after <= 0, `with the story open, the page is ${after}px wider than the window`);
        },
        options,
      );
    });
  }
});
