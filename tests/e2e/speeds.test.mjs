// End to end, issue 4: at no speed is an event skipped or drawn out of order. For every speed the
// clock offers (read from its speed menu), a busy scenario is opened, played for a few seconds
// of wall time and paused; every row of the event log (with the scheduler's decisions shown) is
// read, and must be in time order and equal, row for row, to the same scenario replayed to the
// same virtual time in one go (the paused page's own share link, opened after a restart). The
// timeline must have a running bar for every run the log shows in its window.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { launchBrowser, linkTo, serveDist, sleep, until, useSite, visit } from './support.mjs';
import { clockStatus, readClock, readLog, showSchedulerDecisions, taskEnd, taskStart } from './clock-and-log.mjs';

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;
/**
 * Wall time a speed plays for: two seconds (twenty ticks), but no more than about a week of
 * virtual time, and at least one second (ten ticks): every row is read back through "Show
 * earlier", 300 at a time.
 */
const playMs = (speed) => Math.round(Math.min(2_000, Math.max(1_000, (7 * DAY_MS) / Number(speed))));
/** Days of inputs in the busy scenario: more than any speed plays through. */
const DAYS = 40;
/** Where the run opens: 19:05:18, two seconds before the first evening's export is submitted. */
const OPEN_AT_S = (11 * HOUR_MS + 10 * MINUTE_MS + 18_000) / 1000;

const task = (identifier, kind, request, behavior, submitWhenBackgrounded = kind !== 'continued_processing') => ({
  request: { identifier, kind, ...request },
  behavior,
  submit_when_backgrounded: submitWhenBackgrounded,
});

/**
 * A busy run (as the engine's benchmark): a refresh, three processing tasks and a continued
 * export every evening, a person who opens the app several times a day, and the device changing
 * every three hours (charger, network, heat, Low Power Mode).
 */
function busyScenario() {
  const tasks = [
    task('com.example.news.refresh', 'app_refresh', { earliest_begin_after: 15 * MINUTE_MS }, { work_s: 8 }),
    task('com.example.news.index', 'processing', { requires_external_power: true }, { work_s: 300, cpu_percent: 90, needs_network: false }),
    task('com.example.news.sync', 'processing', { requires_network: true, earliest_begin_after: 2 * HOUR_MS }, { work_s: 120 }),
    task('com.example.news.cleanup', 'processing', { earliest_begin_after: 6 * HOUR_MS }, { work_s: 60, needs_network: false, resubmit: 'at_end' }),
    task('com.example.news.export.*', 'continued_processing', {}, { work_s: 300, progress: { mode: 'every', seconds: 5 }, resubmit: 'never' }),
  ];
  const inputs = [];
  const networks = ['wifi', 'cellular', 'offline', 'wifi'];
  const thermals = ['nominal', 'fair', 'serious', 'nominal'];
  for (let step = 0; step < DAYS * 8; step += 1) {
    const at = 3 * HOUR_MS * step + 7 * MINUTE_MS;
    const turn = Math.floor(step / 4);
    const input = [
      { do: 'set_plugged_in', on: step % 8 === 0 },
      { do: 'set_network', network: networks[turn % 4] },
      { do: 'set_thermal', thermal: thermals[turn % 4] },
      { do: 'set_low_power_mode', on: step % 8 === 3 },
    ][step % 4];
    inputs.push({ at, input });
  }
  for (let day = 0; day < DAYS; day += 1) {
    const evening = day * DAY_MS + 11 * HOUR_MS + 10 * MINUTE_MS;
    const request = {
      identifier: `com.example.news.export.day${day}`,
      kind: 'continued_processing',
      title: "Exporting the day's photos",
    };
    inputs.push({ at: evening, input: { do: 'open_app' } });
    inputs.push({ at: evening + 20_000, input: { do: 'submit', request } });
    inputs.push({ at: evening + 40_000, input: { do: 'go_home' } });
  }
  inputs.sort((a, b) => a.at - b.at);
  return {
    version: 1,
    seed: 2026,
    user: { pattern: { kind: 'several_times_a_day' } },
    app: {
      bundle_id: 'com.example.news',
      permitted_identifiers: tasks.map((t) => t.request.identifier),
      tasks,
    },
    inputs,
  };
}

const RUN_BAR = /\bbar-(running|completed|failed|expired|killed|canceled)\b/;

/**
 * The timeline's running bars, in absolute seconds: `{ identifier, from, to, runs }` (`runs`: how
 * many requests a merged bar stands for), and the stretch the bars were drawn for.
 */
async function runBars(page, run) {
  const raw = await page.evaluate(() => {
    const lanes = document.querySelector('.timeline-plot .timeline-lanes');
    const [viewX] = lanes.getAttribute('viewBox').split(' ').map(Number);
    const bars = [...lanes.querySelectorAll('.task-row rect.bar')].map((rect) => ({
      cls: rect.getAttribute('class'),
      x: Number(rect.getAttribute('x')),
      width: Number(rect.getAttribute('width')),
      title: rect.querySelector('title').textContent,
    }));
    return { viewX, bars };
  });
  // The visible week ends at now but never starts before the run; the lanes are drawn in
  // seconds from the prepared stretch's start, `viewX` seconds before the visible one.
  const viewFrom = Math.max(run.now - 7 * 86_400, run.start);
  const origin = viewFrom - raw.viewX;
  const bars = raw.bars
    .filter((bar) => RUN_BAR.test(bar.cls))
    .map((bar) => {
      const merged = /^[^:]+: (\d+) requests /.exec(bar.title);
      return {
        identifier: bar.title.slice(0, bar.title.indexOf(':')),
        from: origin + bar.x,
        to: origin + bar.x + bar.width,
        runs: merged ? Number(merged[1]) : 1,
      };
    });
  return { origin, bars };
}

/**
 * Per identifier, how many runs the log shows in the stretch from `origin`: those that start in
 * it, and those that started before and had not ended by then (a request with the same
 * identifier may start while the previous one still runs, so runs are counted, not paired).
 */
function runsFrom(rows, origin) {
  const counts = {};
  const add = (identifier, n) => {
    counts[identifier] = (counts[identifier] ?? 0) + n;
  };
  for (const row of rows) {
    const start = taskStart(row);
    if (start) add(start.identifier, 1);
    const end = taskEnd(row);
    if (end && row.at < origin) add(end.identifier, -1);
  }
  return Object.fromEntries(Object.entries(counts).filter(([, n]) => n > 0));
}

/** The speeds the clock's menu offers (their ids: virtual seconds per wall second). */
async function speedsOnTheMenu() {
  const server = await serveDist();
  const browser = await launchBrowser();
  try {
    let speeds;
    await visit(browser, server.url + linkTo({}), 'speeds-menu', async (page) => {
      speeds = await page.getByLabel('Speed').locator('option').evaluateAll((options) => options.map((o) => o.value));
    });
    return speeds;
  } finally {
    await browser.close();
    await server.close();
  }
}
const SPEEDS = await speedsOnTheMenu();

describe('every speed draws every event, in order', () => {
  const site = useSite();
  const scenario = busyScenario();
  const [startDate, startTime] = ['2026-11-23', '07:55:00'];
  const start = Date.parse(`${startDate}T${startTime}Z`) / 1000;

  test('the speed menu offers 1× up to at least a day per second, slowest first', () => {
    assert.equal(SPEEDS[0], '1');
    assert.ok(Number(SPEEDS.at(-1)) >= 86_400, `${SPEEDS}`);
    assert.ok(SPEEDS.map(Number).every((s, i, all) => i === 0 || s > all[i - 1]), `${SPEEDS}`);
  });

  for (const speed of SPEEDS) {
    test(`at ${speed}×, the run played frame by frame equals the run replayed at once`, async (t) => {
      let played;
      let replayed;
      let fragment;
      let now;
      await visit(site.browser, site.server.url + linkTo(scenario, OPEN_AT_S), `speed-${speed}`, async (page) => {
        await showSchedulerDecisions(page);
        await page.getByRole('group', { name: 'Zoom' }).getByRole('button', { name: '1 week' }).click();
        await page.getByLabel('Speed').selectOption(speed);
        const opened = await readClock(page);
        // Space plays and pauses: a key press reaches the page at once, where a click would first
        // wait for the button to be still while the page redraws at speed.
        await page.evaluate(() => document.activeElement?.blur());
        await page.keyboard.press('Space');
        await until(() => clockStatus(page), (s) => s === `Running at ${speed}×`, 'the clock runs');
        await sleep(playMs(speed));
        await page.keyboard.press('Space');
        await until(() => clockStatus(page), (s) => s === 'Paused', 'the clock pauses');
        const paused = await readClock(page);
        assert.ok(paused.at > opened.at, 'time went on');
        // Paused, the address bar holds this run at this moment, to the millisecond.
        fragment = await until(
          () => page.evaluate(() => location.hash),
          (hash) => /&t=[\d.]+$/.test(hash) && Math.floor(Number(hash.split('&t=')[1])) === paused.at - start,
          'the paused position in the URL',
        );
        now = start + Number(fragment.split('&t=')[1]);

        played = await readLog(page);
        assert.ok(played.length > 0);
        for (let i = 1; i < played.length; i += 1) {
          assert.ok(
            played[i].at >= played[i - 1].at,
            `row ${i} (${played[i].date} ${played[i].time} ${played[i].headline}) comes before row ${i - 1} (${played[i - 1].date} ${played[i - 1].time})`,
          );
        }
        assert.ok(played.at(-1).at <= paused.at, 'nothing after the clock');

        // A running bar on the timeline for every run in the log, in its row, over its start.
        const { origin, bars } = await runBars(page, { now, start });
        const starts = played.map(taskStart).filter((start) => start && start.row.at >= origin);
        for (const { identifier, row } of starts) {
          const bar = bars.find((b) => b.identifier === identifier && b.from - 1 <= row.at && row.at <= b.to);
          assert.ok(bar, `no bar for ${identifier} started at ${row.date} ${row.time}`);
        }
        const drawn = {};
        for (const bar of bars) drawn[bar.identifier] = (drawn[bar.identifier] ?? 0) + bar.runs;
        const expected = runsFrom(played, origin);
        assert.deepEqual(drawn, expected, `runs drawn (left) and in the log (right), from ${new Date(origin * 1000).toISOString()}`);
        const runs = Object.values(expected).reduce((a, b) => a + b, 0);
        t.diagnostic(`${speed}×: ${runs} runs drawn`);

        // The same run replayed to the same moment in one go: back to the start, then open the
        // paused page's own link (a fresh run of the scenario, advanced at once to its time).
        await page.getByRole('button', { name: 'Restart from the beginning' }).click();
        await until(() => readClock(page), (clock) => clock.at === start, 'the clock back at the start');
        await until(() => page.evaluate(() => location.hash), (hash) => hash !== fragment, 'the URL after restarting');
        await page.evaluate((link) => { location.hash = link; }, fragment);
        await until(() => readClock(page), (clock) => clock.at === Math.floor(now), 'the clock at the paused moment');
        assert.equal(await clockStatus(page), 'Paused');
        replayed = await readLog(page);
        // Back to a light page for the screenshot: the Console tab and back shows 300 rows again.
        await page.getByRole('button', { name: 'Console', exact: true }).click();
        await page.getByRole('button', { name: 'Events', exact: true }).click();
        await until(() => page.locator('.log-scroll .log-entry').count(), (n) => n <= 300, 'the log back to one page');
      });
      assert.equal(played.length, replayed.length, 'as many rows played as replayed');
      assert.deepEqual(played, replayed, 'the same rows, in the same order');
      const span = now - start - OPEN_AT_S;
      const spanText = span < 3600 ? `${span.toFixed(1)} s` : `${(span / 3600).toFixed(1)} h`;
      const message = `${speed}×: ${played.length} events compared (${spanText} of virtual time played)`;
      t.diagnostic(message);
      console.log(message);
    });
  }
});
