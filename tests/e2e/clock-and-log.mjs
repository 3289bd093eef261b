// Shared by lessons.test.mjs and speeds.test.mjs: reading the clock and every row of the event
// log the way a person would (expanding "Show earlier" until nothing is hidden), and driving the
// clock with its own controls (Jump to, Play/Pause, the speed menu).

import assert from 'node:assert/strict';
import { sleep, until } from './support.mjs';

/** Seconds since the epoch of a `YYYY-MM-DD` date and an `HH:MM:SS` time (no time zones). */
export const secondsAt = (date, time) => Date.parse(`${date}T${time}Z`) / 1000;

/** The virtual clock: `{ date, time, at }` (`at` in seconds since the epoch). */
export async function readClock(page) {
  const [date, time] = await page.evaluate(() => [
    document.querySelector('.clock-date').textContent.trim().split(' ').pop(),
    document.querySelector('.clock-time').textContent.trim(),
  ]);
  return { date, time, at: secondsAt(date, time) };
}

/** The clock's status line: `Paused` or `Running at 3600×`. */
export const clockStatus = (page) => page.locator('.clock-status').textContent().then((s) => s.trim());

/** Types `text` into "Jump to", presses Enter and waits until the clock has moved. */
export async function jumpTo(page, text) {
  const before = await readClock(page);
  const field = page.getByLabel('Jump to', { exact: true });
  await field.fill(text);
  await field.press('Enter');
  await until(() => readClock(page), (clock) => clock.at !== before.at, `the clock after jumping to ${text}`);
}

/** Ticks "Show scheduler decisions" (routine events: every change of dasd's verdict, progress). */
export async function showSchedulerDecisions(page) {
  const box = page.getByLabel('Show scheduler decisions');
  if (!(await box.isChecked())) await box.check();
  assert.ok(await box.isChecked());
}

/**
 * Every row of the event log, oldest first, after clicking "Show earlier" until nothing is left
 * out: `{ date, time, at, headline, reason, sees, verbose }`, where `date` comes from the day
 * heading above the row and `at` is in seconds since the epoch.
 */
export async function readLog(page) {
  const earlier = page.locator('.log-scroll .show-earlier');
  const entries = page.locator('.log-scroll .log-entry');
  while (await earlier.count()) {
    const shown = await entries.count();
    // A plain DOM click: no waiting for the page to be still, which can take long in a log of
    // thousands of rows.
    await earlier.evaluate((button) => button.click());
    await until(() => entries.count(), (n) => n > shown, '"Show earlier" adds rows', { tries: 300 });
  }
  const rows = await page.evaluate(() => {
    const out = [];
    let date = null;
    for (const item of document.querySelectorAll('.log-scroll .log-list > li')) {
      if (item.classList.contains('log-day')) {
        date = item.textContent.trim().split(' ').pop();
        continue;
      }
      const text = (selector) => item.querySelector(selector)?.textContent.trim() ?? '';
      out.push({
        date,
        time: text('.log-time'),
        headline: text('.log-headline'),
        reason: text('.log-reason'),
        sees: text('.log-sees'),
        verbose: item.classList.contains('is-verbose'),
      });
    }
    return out;
  });
  for (const row of rows) {
    assert.ok(row.date, `a row before any day heading: ${row.headline}`);
    row.at = secondsAt(row.date, row.time);
  }
  return rows;
}

/** Seconds in a duration as the engine writes it: `450 ms`, `30.5 s`, `2 min 05 s`, `3 h 20 min`, `2 d 4 h`. */
export function durationSeconds(text) {
  const units = { ms: 0.001, s: 1, min: 60, h: 3600, d: 86_400 };
  const parts = [...text.matchAll(/(\d+(?:\.\d+)?) (ms|s|min|h|d)\b/g)];
  assert.ok(parts.length > 0, `not a duration: ${text}`);
  return parts.reduce((total, [, n, unit]) => total + Number(n) * units[unit], 0);
}

/** A task's start in the log: `{ row, kind, identifier, debugger }`, or null. */
export function taskStart(row) {
  const match = /^(BG\w+Task) "([^"]+)" starts( because the debugger forced it)?/.exec(row.headline);
  return match && { row, kind: match[1], identifier: match[2], debugger: Boolean(match[3]) };
}

/** A task's end in the log: `{ row, identifier, outcome, ranFor }` (seconds), or null. */
export function taskEnd(row) {
  const match = /^"([^"]+)" (completed|failed|expired|killed|canceled) after (.+)$/.exec(row.headline);
  return match && { row, identifier: match[1], outcome: match[2], ranFor: durationSeconds(match[3]) };
}
