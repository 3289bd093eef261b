// End to end, issue 5: every lesson opened by its link, driven like a person would (Jump to, Step,
// Play at a speed, Pause) to the moment to watch, and its claim checked by reading the page: the
// event log's rows and reasons, the phone, the switches, the requests card, the timeline. Each
// check mirrors the lesson's native `verify()` (engine/src/lessons.rs), read from the DOM.
//
// The list of lessons comes from the engine itself (`cargo run -p engine --example lessons`
// prints each one's id, title, link, start, where it opens and how long its check runs), so a new
// lesson without a browser check here fails, and the page's own list must match it.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, test } from 'node:test';
import { until, useSite, visit } from './support.mjs';
import {
  clockStatus,
  jumpTo,
  readClock,
  readLog,
  secondsAt,
  showSchedulerDecisions,
  taskEnd,
  taskStart,
} from './clock-and-log.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const LESSONS = JSON.parse(
  execFileSync('cargo', ['run', '-q', '-p', 'engine', '--release', '--example', 'lessons'], {
    cwd: ROOT,
    encoding: 'utf8',
    maxBuffer: 16 * 1024 * 1024,
  }),
);

const REFRESH = 'com.example.news.refresh';
const CLEANUP = 'com.example.news.cleanup';
const EXPORT = 'com.example.news.export';

/** Everything a check needs about its lesson's run. */
function runOf(lesson) {
  const [date, time] = lesson.start.split(' ');
  const start = secondsAt(date, time);
  return {
    start,
    /** Days since the start's day (0 on the first day), as the native checks count them. */
    day: (row) => Math.floor((secondsAt(row.date, '00:00:00') - secondsAt(date, '00:00:00')) / 86_400),
    /** Seconds after the start. */
    elapsed: (row) => row.at - start,
  };
}

/** Moves the clock to the end of the span the lesson's native check runs, with "Jump to". */
async function goToEnd(page, lesson) {
  const { start } = runOf(lesson);
  const now = (await readClock(page)).at - start;
  const left = lesson.run_for_s - now;
  if (left !== 0) await jumpTo(page, `${left > 0 ? '+' : '-'}${Math.abs(left)}s`);
  assert.equal((await readClock(page)).at - start, lesson.run_for_s, 'the clock at the end of the run');
}

/** Plays at `speed` until `done(rows)` holds for the log's rows, then pauses. */
async function playUntil(page, speed, done, what) {
  await page.getByLabel('Speed').selectOption(speed);
  await page.getByRole('button', { name: 'Play', exact: true }).click();
  await until(() => clockStatus(page), (s) => s === `Running at ${speed}×`, 'the clock runs');
  await until(() => readLog(page), done, what, { tries: 300 });
  await page.getByRole('button', { name: 'Pause', exact: true }).click();
  await until(() => clockStatus(page), (s) => s === 'Paused', 'the clock pauses');
}

const starts = (rows, prefix) => rows.map(taskStart).filter((s) => s && s.identifier.startsWith(prefix));
const ends = (rows, prefix) => rows.map(taskEnd).filter((e) => e && e.identifier.startsWith(prefix));
const blockedFor = (rows, identifier, reason) =>
  rows.filter((r) => r.headline === `"${identifier}" is blocked` && reason.test(r.reason));
const expirationHandlers = (rows, prefix) =>
  rows.filter((r) => r.headline.startsWith(`The expirationHandler of "${prefix}`));
const show = (rows) => rows.map((r) => `${r.date} ${r.time} ${r.headline}`).join('\n');
const switchState = (page, name) =>
  page.getByRole('switch', { name, exact: true }).getAttribute('aria-checked');

/** Per lesson id: drive the page from the lesson's opening moment, then check its claim. */
const CHECKS = {
  'never-fires': async (page, lesson) => {
    const run = runOf(lesson);
    await showSchedulerDecisions(page);
    await goToEnd(page, lesson);
    const rows = await readLog(page);
    const all = starts(rows, REFRESH);
    const scheduled = all.filter((s) => !s.debugger);
    const late = scheduled.filter((s) => run.day(s.row) >= 4);
    assert.deepEqual(late.map((s) => s.row), [], 'no scheduler launch from day 4 on');
    assert.ok(scheduled.some((s) => run.day(s.row) < 2), `no launch in the first days:\n${show(rows.slice(0, 40))}`);
    const unlikely = blockedFor(rows, REFRESH, /has not been used recently and the chance it is opened soon is [\d.]+ %/);
    assert.ok(unlikely.length > 0, 'the refresh is never blocked as launch-unlikely');
    // The debugger's launch on day 5 starts the task at once, bypassing every policy.
    const forced = rows.find((r) => r.headline === `Debugger: _simulateLaunchForTaskWithIdentifier:"${REFRESH}"`);
    assert.ok(forced, 'the debugger launch is in the log');
    const byDebugger = all.filter((s) => s.debugger);
    assert.equal(byDebugger.length, 1, 'one debugger launch');
    assert.equal(run.day(byDebugger[0].row), 5, 'the debugger launch is on day 5');
    // At once: the time it takes to launch the app, with no policy asked and no waiting.
    const delay = byDebugger[0].row.at - forced.at;
    assert.ok(delay >= 0 && delay <= 5, `it starts ${delay} s after the debugger asks`);
    assert.ok(
      rows.some((r) => r.at >= forced.at && r.at <= byDebugger[0].row.at && /^The app is (launched|resumed) in the background$/.test(r.headline)),
      'the debugger launches the app for it',
    );
    assert.deepEqual(
      rows.filter((r) => r.at >= forced.at && r.at <= byDebugger[0].row.at && r.headline.startsWith(`dasd decides to run "${REFRESH}"`)),
      [],
      'no scheduler decision in between: the scheduler was bypassed',
    );
    assert.match(byDebugger[0].row.headline, /the scheduler was bypassed/);
    // The timeline marks it as a debugger launch.
    await page.getByRole('group', { name: 'Zoom' }).getByRole('button', { name: '1 day' }).click();
    const debuggerRuns = () =>
      page.locator('.timeline-plot rect.bar.is-debugger').evaluateAll((bars) =>
        bars.filter((bar) => /\bbar-(running|completed|failed|expired|killed)\b/.test(bar.getAttribute('class'))).length,
      );
    await until(debuggerRuns, (n) => n === 1, 'one run on the timeline marked as launched by the debugger');
  },

  'hours-late': async (page, lesson) => {
    const run = runOf(lesson);
    await goToEnd(page, lesson);
    const rows = await readLog(page);
    const learned = starts(rows, REFRESH).filter((s) => !s.debugger && run.day(s.row) >= 3);
    assert.ok(learned.length >= 4, `only ${learned.length} refreshes from day 3 on`);
    for (const { row } of learned) {
      const hour = (row.at - secondsAt(row.date, '00:00:00')) / 3600;
      assert.ok(hour >= 6.5 && hour < 9, `a refresh at ${row.date} ${row.time}, far from the 8:00 habit`);
    }
  },

  'processing-needs-charger': async (page, lesson) => {
    const run = runOf(lesson);
    // Opens the second evening, on battery: the charger goes in an hour later.
    assert.equal(await switchState(page, 'Charger'), 'false', 'on battery when the lesson opens');
    await jumpTo(page, '+1h');
    assert.equal(await switchState(page, 'Charger'), 'true', 'plugged in an hour later');
    await showSchedulerDecisions(page);
    await goToEnd(page, lesson);
    const rows = await readLog(page);
    const plugged = rows.filter((r) => r.headline === 'Charger plugged in');
    assert.equal(plugged.length, 1, 'the charger goes in once');
    assert.equal(run.elapsed(plugged[0]), 86_400 + 15 * 3600, 'the second night, 15 h after the start');
    const runs = starts(rows, CLEANUP);
    assert.ok(runs.length > 0, 'processing never ran, even on the charger');
    for (const { row } of runs) {
      assert.ok(row.at > plugged[0].at, `processing ran at ${row.date} ${row.time}, before the charger went in`);
    }
    const onBattery = blockedFor(rows, CLEANUP, /On an iPhone processing tasks run only on the charger, and it is not plugged in\./);
    assert.ok(onBattery.length > 0, 'never blocked for being on battery');
    assert.ok(onBattery.every((r) => r.at < plugged[0].at), 'blocked on battery only before the charger');
    // "minutes after the charger goes in and the phone is idle": the first run that night.
    assert.ok(runs[0].row.at - plugged[0].at < 3600, `the first run came ${runs[0].row.at - plugged[0].at} s after the charger`);
    const [first] = ends(rows, CLEANUP);
    assert.equal(first.outcome, 'completed', 'and it completes');
    assert.ok(first.row.at > runs[0].row.at);
  },

  'cpu-monitor': async (page) => {
    assert.match(await page.locator('.phone-frame').getAttribute('class'), /\bmodel-ipad\b/, 'an iPad');
    assert.equal(await switchState(page, 'Charger'), 'false', 'on battery');
    await playUntil(page, '600', (rows) => ends(rows, CLEANUP).length > 0, 'the processing task ends');
    const rows = await readLog(page);
    const [started] = starts(rows, CLEANUP);
    const [ended] = ends(rows, CLEANUP);
    assert.ok(started, 'the processing task started');
    assert.equal(ended.outcome, 'killed');
    assert.match(ended.row.reason, /^The CPU monitor: the task used 95 % CPU, above 80 % over 60 s\./);
    assert.equal(ended.ranFor, 60, 'killed after exactly 60 s');
    assert.equal(ended.row.at - started.row.at, 60, 'the kill is 60 s after the start in the log');
    assert.deepEqual(expirationHandlers(rows, CLEANUP), [], 'no expiration handler: just gone');
    const killed = rows.find((r) => r.headline === 'The app is killed' && r.at === ended.row.at);
    assert.ok(killed, 'the app itself is killed at that moment');
    assert.match(killed.reason, /^The CPU monitor/);
  },

  'refresh-expires-early': async (page, lesson) => {
    await goToEnd(page, lesson);
    const rows = await readLog(page);
    const [started] = starts(rows, REFRESH);
    const [ended] = ends(rows, REFRESH);
    assert.ok(started && ended, `the refresh ran and ended:\n${show(rows)}`);
    assert.equal(ended.outcome, 'expired');
    const allowance = /^Its runtime allowance of (\d+(?:\.\d+)?) s ran out\.$/.exec(ended.row.reason);
    assert.ok(allowance, `not a time limit: ${ended.row.reason}`);
    const seconds = Number(allowance[1]);
    assert.ok(seconds >= 2 && seconds <= 5, `an allowance of ${seconds} s`);
    const [handler] = expirationHandlers(rows, REFRESH);
    assert.ok(handler, 'the expirationHandler is called');
    assert.ok(handler.at >= started.row.at && handler.at - started.row.at <= 5, 'within five seconds of the start');
    assert.ok(handler.at <= ended.row.at);
  },

  'force-quit': async (page, lesson) => {
    const run = runOf(lesson);
    await showSchedulerDecisions(page);
    await goToEnd(page, lesson);
    const rows = await readLog(page);
    const swipe = rows.find((r) => r.headline === 'The person swipes the app away in the app switcher');
    assert.ok(swipe, 'the swipe is in the log');
    assert.equal(run.elapsed(swipe), 2 * 3600, 'at 10:00... two hours after the start');
    const reopened = rows.find((r) => r.at > swipe.at && /^The app is (launched|resumed) in the foreground$/.test(r.headline));
    assert.ok(reopened, 'the person never opened the app again');
    const between = rows
      .map(taskStart)
      .filter((s) => s && s.row.at > swipe.at && s.row.at < reopened.at);
    assert.deepEqual(between.filter((s) => s.identifier === REFRESH).map((s) => s.row), [], 'no refresh after the swipe');
    assert.ok(between.some((s) => s.identifier === CLEANUP), 'processing ran anyway after the swipe');
    const swiped = blockedFor(rows, REFRESH, /The person swiped the app away/);
    assert.ok(swiped.length > 0, 'refresh never blocked as swiped away');
    assert.ok(swiped.every((r) => r.at >= swipe.at && r.at < reopened.at), 'blocked as swiped only until reopened');
  },

  'low-power-mode': async (page, lesson) => {
    assert.equal(await switchState(page, 'Low Power Mode'), 'true', 'Low Power Mode is on');
    await showSchedulerDecisions(page);
    await goToEnd(page, lesson);
    assert.equal(await switchState(page, 'Low Power Mode'), 'true', 'and stays on');
    const rows = await readLog(page);
    assert.deepEqual(starts(rows, REFRESH).map((s) => s.row), [], 'a refresh ran in Low Power Mode');
    assert.ok(blockedFor(rows, REFRESH, /Low Power Mode turns Background App Refresh off\./).length > 0, 'refresh not blocked by Low Power Mode');
    assert.ok(blockedFor(rows, CLEANUP, /Low Power Mode is on and the device is (on battery|charging but below 30 %)/).length > 0, 'processing never throttled by the Low Power Mode Policy');
    const bedtime = rows.find((r) => r.headline === 'Bedtime: the phone is locked for the night');
    assert.ok(bedtime, 'the person never went to bed');
    const [night] = starts(rows, CLEANUP);
    assert.ok(night, 'processing never ran, even on the charger at night');
    assert.ok(night.row.at >= bedtime.at, `processing ran at ${night.row.time}, before bedtime (${bedtime.time})`);
  },

  'submit-errors': async (page, lesson) => {
    const threw = (rows) => rows.filter((r) => / threw \w+ \(code \d\)$/.test(r.headline));
    await playUntil(page, '60', (rows) => threw(rows).length >= 3, 'three submits throw');
    await goToEnd(page, lesson);
    const rows = threw(await readLog(page));
    assert.deepEqual(
      rows.map((r) => [r.headline, r.reason]),
      [
        ['submit("com.example.news.sync") threw notPermitted (code 3)', 'The identifier is not listed in BGTaskSchedulerPermittedIdentifiers.'],
        ['submit("com.example.news.prefetch") threw tooManyPendingTaskRequests (code 2)', 'There are already 1 pending request(s) of this type (1 refresh, 10 processing); submitting the same identifier would replace it.'],
        [`submit("${REFRESH}") threw unavailable (code 1)`, 'Background App Refresh is off for this app.'],
      ],
    );
    // The requests card shows the latest error with its code.
    assert.equal((await page.locator('.submit-error-code').textContent()).trim(), 'BGTaskScheduler.Error code 1 — unavailable');
  },

  'no-launch-handler': async (page, lesson) => {
    const isTermination = (r) =>
      /^The app (is killed|is closed|is deleted|stops with the restart)$|^The suspended app is removed from memory$/.test(r.headline);
    const step = page.getByRole('button', { name: 'Step to the next event' });
    for (let i = 0; i < 20 && !(await readLog(page)).some(isTermination); i += 1) await step.click();
    let rows = await readLog(page);
    const killed = rows.find(isTermination);
    assert.ok(killed, `stepping never reached the crash:\n${show(rows)}`);
    assert.equal(killed.headline, 'The app is killed');
    assert.match(killed.reason, /"No launch handler registered for task with identifier"/);
    const home = rows.find((r) => r.headline === 'The person goes to the home screen');
    assert.equal(killed.at, home.at, 'the submit on going home kills the app on the spot');
    await goToEnd(page, lesson);
    rows = await readLog(page);
    assert.deepEqual(rows.filter(isTermination).map((r) => r.reason), [killed.reason], 'one termination, no launch handler');
  },

  'continued-stalls': async (page) => {
    await showSchedulerDecisions(page);
    await playUntil(page, '10', (rows) => ends(rows, EXPORT).length > 0, 'the export ends');
    const rows = await readLog(page);
    const [started] = starts(rows, EXPORT);
    const [ended] = ends(rows, EXPORT);
    assert.ok(started, 'the export started');
    assert.equal(ended.outcome, 'expired');
    assert.match(ended.row.reason, /^No progress for \d+ s \(limit 30 s\): the system treated the task as stalled\.$/);
    assert.ok(ended.ranFor > 30 && ended.ranFor < 32, `expired ${ended.ranFor} s after it started`);
    const progress = rows.filter((r) => r.headline.startsWith(`"${started.identifier}" reports progress`));
    assert.deepEqual(progress, [], 'no progress reported before it expired');
    // The Live Activity on the lock screen shows it failed.
    await until(() => page.locator('.live-activity.failed').count(), (n) => n === 1, 'the failed Live Activity');
  },

  'continued-banner': async (page, lesson) => {
    assert.match(await page.locator('.phone-frame').getAttribute('class'), /\bmodel-classic\b/, 'an iPhone without a Dynamic Island');
    await jumpTo(page, '+45s');
    assert.equal((await readClock(page)).at - runOf(lesson).start, 60);
    const banner = page.locator('.system-banner');
    await until(() => banner.count(), (n) => n === 1, 'the banner');
    assert.equal(await banner.getAttribute('aria-label'), 'Banner: Exporting video');
    assert.match(await banner.getAttribute('class'), /\brunning\b/);
    assert.equal(await page.locator('.dynamic-island').count(), 0, 'no Dynamic Island');
    assert.equal(await banner.locator('.la-stop').count(), 1, 'a Stop button');
    await goToEnd(page, lesson);
    const rows = await readLog(page);
    const tap = rows.find((r) => r.headline === `The person taps Stop on "${EXPORT}.B2"`);
    assert.ok(tap, 'the person taps Stop');
    const [handler] = expirationHandlers(rows, EXPORT);
    assert.ok(handler && handler.at === tap.at, 'Stop calls the expirationHandler');
    const [ended] = ends(rows, EXPORT);
    assert.equal(ended.outcome, 'expired');
    assert.equal(ended.row.reason, 'The person tapped Stop in the Live Activity.');
  },

  'gpu-and-fail': async (page, lesson) => {
    assert.match(await page.locator('.phone-frame').getAttribute('class'), /\bmodel-(island|classic)\b/, 'an iPhone');
    await goToEnd(page, lesson);
    const rows = await readLog(page);
    const threw = rows.filter((r) => / threw \w+ \(code \d\)$/.test(r.headline));
    assert.ok(threw.length > 0);
    assert.equal(threw[0].headline, `submit("${EXPORT}.G1") threw notPermitted (code 3)`);
    assert.equal(threw[0].reason, 'This device does not support background GPU use (supportedResources lacks .gpu).');
    const ineligible = threw.filter((r) => /threw immediateRunIneligible \(code 4\)$/.test(r.headline));
    assert.deepEqual(ineligible.map((r) => r.headline), [`submit("${EXPORT}.F3") threw immediateRunIneligible (code 4)`]);
    assert.match(ineligible[0].reason, /uses \.fail and cannot start now: 2 continued task\(s\) already run/);
    const running = starts(rows, EXPORT).map((s) => s.identifier);
    assert.deepEqual(running, [`${EXPORT}.F1`, `${EXPORT}.F2`], 'the first two .fail exports start');
  },

  jetsam: async (page, lesson) => {
    await playUntil(page, '60', (rows) => ends(rows, CLEANUP).length > 0, 'the processing task ends');
    await goToEnd(page, lesson);
    const rows = await readLog(page);
    const pressure = rows.find((r) => r.headline === 'A heavy app in the foreground needs memory');
    assert.ok(pressure, 'the heavy foreground app');
    const killed = ends(rows, CLEANUP).filter((e) => e.outcome === 'killed' && /^Jetsam: the app used 80 MB in the background, above the \d+ MB/.test(e.row.reason));
    assert.ok(killed.length > 0, `no jetsam kill:\n${show(rows)}`);
    assert.ok(killed[0].row.at >= pressure.at, 'killed once the foreground needs memory');
    assert.deepEqual(expirationHandlers(rows, CLEANUP), [], 'jetsam calls no expiration handler');
  },
};

describe('every lesson shows what it claims, in the browser', () => {
  const site = useSite();

  test('the lessons list on the page is the engine\'s, and each lesson has a browser check', async () => {
    assert.ok(LESSONS.length >= 10, `${LESSONS.length} lessons`);
    assert.deepEqual(Object.keys(CHECKS).sort(), LESSONS.map((l) => l.id).sort(), 'a browser check per lesson');
    await visit(site.browser, site.server.url, 'lessons-list', async (page) => {
      await page.getByRole('button', { name: 'Lessons' }).click();
      const items = page.locator('.lesson-item a');
      await items.first().waitFor();
      const shown = await items.evaluateAll((links) =>
        links.map((a) => ({ title: a.textContent.trim(), link: a.getAttribute('href') })),
      );
      assert.deepEqual(shown, LESSONS.map((l) => ({ title: l.title, link: `#${l.link}` })));
    });
  });

  for (const lesson of LESSONS) {
    test(`lesson ${lesson.id}: ${lesson.watch.split('. ')[0]}`, async () => {
      const check = CHECKS[lesson.id];
      assert.ok(check, `no browser check for lesson ${lesson.id}`);
      await visit(site.browser, `${site.server.url}#${lesson.link}`, `lesson-${lesson.id}`, async (page) => {
        // The link opens the lesson paused at its moment.
        const { start } = runOf(lesson);
        await until(() => readClock(page), (c) => c.at - start === lesson.opens_at_s, 'the clock at the lesson\'s moment');
        assert.equal(await clockStatus(page), 'Paused');
        await check(page, lesson);
      });
    });
  }
});
