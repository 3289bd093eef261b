// Keyboard only: everything a visitor does with the mouse can be done with Tab, Shift+Tab,
// Enter, Space, the arrows and Escape. These tests never click: they move the focus with Tab
// (or Shift+Tab) until the control they want has it, press keys, and read what the page shows.
// Every control the focus lands on on the way must show where the focus is (a :focus-visible
// ring: an outline, or the stroke or shadow some controls draw instead); a test fails at its end
// listing the controls that did not.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  EXPORT_TITLE,
  exportScenario,
  linkTo,
  REFRESH_SWITCHED_OFF,
  until as pollUntil,
  useSite,
  visit,
} from './support.mjs';

/** `until` with 5 s to wait (Yew renders asynchronously). */
const until = (read, accept, what) => pollUntil(read, accept, what, { tries: 50 });

const REFRESH = 'com.example.news.refresh';
const QUIET = { version: 1, user_routine: false };
/** A continued export submitted from the foreground, then the app goes home at 10 s. */
const EXPORT = exportScenario('iphone_dynamic_island', { lock: false });

/**
 * The focused element, described: its tag, role, accessible name (roughly: aria-label,
 * aria-labelledby, or text), and whether its focus shows. The ring may be on the element (an
 * outline, or for SVG shapes a stroke) or, for a field inside a framed box, on that box.
 */
function focused(page) {
  return page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return null;
    const labelledBy = el.getAttribute('aria-labelledby');
    const name = (
      el.getAttribute('aria-label') ??
      (labelledBy && document.getElementById(labelledBy)?.textContent) ??
      (el.labels?.[0]?.textContent || el.textContent) ??
      ''
    ).replace(/\s+/g, ' ').trim();
    const style = getComputedStyle(el);
    const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2;
    const stroke = el instanceof SVGElement && style.stroke !== 'none' && parseFloat(style.strokeWidth) >= 1.5;
    const frame = el.parentElement && getComputedStyle(el.parentElement);
    const framed = el.parentElement?.matches(':focus-within') && frame.boxShadow !== 'none' && style.outlineStyle === 'none';
    // The clock button inside a time field is the browser's own (activeElement is the field,
    // which then matches neither :focus nor :focus-visible): Chromium draws its ring itself.
    const builtIn = el instanceof HTMLInputElement && !el.matches(':focus');
    return {
      tag: el.tagName.toLowerCase(),
      role: el.getAttribute('role') ?? '',
      name,
      className: typeof el.className === 'string' ? el.className : el.getAttribute('class') ?? '',
      focusVisible: builtIn || el.matches(':focus-visible'),
      ring: builtIn || outline || stroke || framed,
    };
  });
}

/** A short description of a focused element for messages. */
const describeFocus = (f) => (f ? `<${f.tag}${f.role ? ` role=${f.role}` : ''} class="${f.className}"> "${f.name.slice(0, 60)}"` : 'nothing');

/**
 * A keyboard session on a page: `tabTo(match)` presses Tab (or Shift+Tab with `{ back: true }`)
 * until the focused element matches (`match(focused)` is true), at most `limit` times; every
 * element passed on the way is checked for a visible focus ring. `press(key)` presses a key on
 * whatever has the focus. `problems` collects the controls whose focus did not show.
 */
function keyboard(page) {
  const problems = [];
  const seen = new Set();
  const check = (f) => {
    if (!f) return;
    const key = `${f.tag}|${f.className}|${f.name}`;
    if (seen.has(key)) return;
    seen.add(key);
    if (!f.focusVisible || !f.ring) problems.push(`focus does not show on ${describeFocus(f)}`);
  };
  return {
    problems,
    check,
    async tabTo(match, { back = false, limit = 400, what = 'the control' } = {}) {
      for (let i = 0; i < limit; i++) {
        await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
        const f = await focused(page);
        check(f);
        if (f && match(f)) return f;
      }
      assert.fail(`Tab never reached ${what}`);
    },
    async press(key) {
      await page.keyboard.press(key);
    },
    /** Asserts at the end of a test that the focus showed on every control it passed. */
    done() {
      assert.deepEqual(problems, [], 'every focused control shows its focus');
    },
  };
}

/** Matches a focused element by its accessible name (exactly, or a regular expression). */
const named = (name) => (f) => (name instanceof RegExp ? name.test(f.name) : f.name === name);

/**
 * Waits until the focused element's accessible name passes `accept`. Focus moves in an effect
 * after the render that removed or added what had it, and a slow render can yield to the
 * browser in between: the test reads it once it has settled.
 */
async function focusSettles(page, accept, what) {
  await until(() => focused(page).then((f) => f?.name), accept, what);
}

describe('keyboard only', () => {
  const site = useSite();

  /**
   * Tabs once around the whole page (until the focus comes back to where it started) and checks
   * that every visible, enabled control was a stop on the way and showed its focus there.
   */
  async function tabEverywhere(page) {
    const keys = keyboard(page);
    const total = await page.evaluate(() => {
      const selector = 'a[href], button, input, select, textarea, summary, [tabindex], [role="button"], [role="switch"], [role="tab"]';
      const controls = [...document.querySelectorAll(selector)].filter((el) => {
        if (el.disabled || el.getAttribute('tabindex') === '-1' || el.closest('[inert], [aria-hidden="true"]')) return false;
        const details = el.closest('details:not([open])');
        if (details && el !== details.querySelector(':scope > summary')) return false;
        return el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden';
      });
      controls.forEach((el, i) => el.setAttribute('data-control', String(i)));
      return controls.length;
    });
    const reached = new Set();
    let first;
    for (let i = 0; i < 2000; i++) {
      await page.keyboard.press('Tab');
      const f = await focused(page);
      const index = await page.evaluate(() => document.activeElement?.getAttribute('data-control'));
      if (f) keys.check(f);
      if (index === null || index === undefined) continue;
      if (first === undefined) first = index;
      else if (index === first && reached.size > 1) break;
      reached.add(index);
    }
    const missed = await page.evaluate(
      (seen) =>
        [...document.querySelectorAll('[data-control]')]
          .filter((el) => !seen.includes(el.getAttribute('data-control')))
          .map((el) => `<${el.tagName.toLowerCase()} class="${el.getAttribute('class') ?? ''}"> "${(el.getAttribute('aria-label') ?? el.textContent).trim().slice(0, 50)}"`),
      [...reached],
    );
    assert.deepEqual(missed, [], `Tab passed ${reached.size} of ${total} controls; it never reached these`);
    keys.done();
  }

  test('Tab reaches every control, each showing its focus: panels, why panel, lessons, code', async () => {
    await visit(site.browser, site.server.url + linkTo(REFRESH_SWITCHED_OFF, 3600), 'keyboard-everything', async (page) => {
      await page.getByRole('button', { name: 'Lessons' }).click();
      await page.locator('.lesson-item a').first().click();
      await page.getByRole('button', { name: 'Show the code' }).click();
      await page.locator('.task-item summary').first().click();
      await page.getByLabel('Show scheduler decisions').check();
      await page.locator('.timeline-plot rect.bar').first().click();
      await page.locator('.story').waitFor();
      await page.evaluate(() => document.activeElement?.blur());
      await tabEverywhere(page);
    });
  });

  test('Tab reaches every control, each showing its focus: the phone with a continued task', async () => {
    await visit(site.browser, site.server.url + linkTo(EXPORT, 15), 'keyboard-everything-phone', async (page) => {
      await tabEverywhere(page);
      await page.getByRole('button', { name: 'App Switcher' }).click();
      await page.getByRole('dialog', { name: 'App Switcher' }).waitFor();
      await page.evaluate(() => document.activeElement?.blur());
      await tabEverywhere(page);
    });
  });

  test('device switches, the person opens the app, a request is submitted, the why panel explains it', async () => {
    await visit(site.browser, site.server.url + linkTo(QUIET), 'keyboard-panels', async (page) => {
      const keys = keyboard(page);
      const charger = page.getByRole('switch', { name: 'Charger', exact: true });
      await keys.tabTo(named('Charger'), { what: 'the Charger switch' });
      await keys.press('Space');
      await until(() => charger.getAttribute('aria-checked'), (v) => v === 'true', 'the charger after Space');
      await keys.tabTo(named('Low Power Mode'), { what: 'Low Power Mode' });
      await keys.press('Enter');
      await until(
        () => page.getByRole('switch', { name: 'Low Power Mode', exact: true }).getAttribute('aria-checked'),
        (v) => v === 'true',
        'Low Power Mode after Enter',
      );
      // Back to the charger with Shift+Tab, and off again.
      await keys.tabTo(named('Charger'), { back: true, what: 'the Charger switch, backwards' });
      await keys.press('Space');
      await until(() => charger.getAttribute('aria-checked'), (v) => v === 'false', 'the charger after Space again');
      await keys.tabTo(named('Cellular'), { what: 'the Cellular network option' });
      await keys.press('Enter');
      await until(
        () => page.locator('.segmented-option[aria-pressed="true"]', { hasText: 'Cellular' }).count(),
        (n) => n === 1,
        'the network after Enter',
      );

      await keys.tabTo(named('Open the app'), { what: 'Open the app' });
      await keys.press('Enter');
      await until(() => page.locator('.app-screen').count(), (n) => n === 1, 'the app on screen');

      await keys.tabTo(named(`Submit ${REFRESH}`), { what: 'the Submit button' });
      await keys.press('Enter');
      const pending = page.locator('.pending-list .request-row', { hasText: REFRESH });
      await pending.waitFor();

      const why = await keys.tabTo(named(`Why has ${REFRESH} not run?`), { what: 'the Why button' });
      assert.equal(why.tag, 'button');
      await keys.press('Enter');
      await until(
        () => pending.getByRole('button', { name: `Why has ${REFRESH} not run?` }).getAttribute('aria-pressed'),
        (v) => v === 'true',
        'the Why button pressed',
      );
      // The why panel now explains that request, and its controls are next in reach.
      await until(() => page.locator('.why-card').textContent(), (t) => t.includes(REFRESH), 'the why panel');
      await assert.doesNotReject(page.locator('.why-headline').waitFor());
      keys.done();
    });
  });

  test('play, pause and the speed, from the clock bar', async () => {
    await visit(site.browser, site.server.url + linkTo({}), 'keyboard-clock', async (page) => {
      const keys = keyboard(page);
      const status = () => page.locator('.clock-status').textContent();
      assert.equal(await status(), 'Paused');
      await keys.tabTo(named('Play'), { what: 'Play' });
      await keys.press('Enter');
      await until(status, (s) => s === 'Running at 1×', 'running after Enter');
      // Space presses the focused button (it is Pause now), and does not also toggle twice.
      await keys.press('Space');
      await until(status, (s) => s === 'Paused', 'paused after Space');
      await keys.tabTo((f) => f.tag === 'select' && /Speed/.test(f.name), { what: 'the Speed menu' });
      await keys.press('ArrowDown');
      await keys.press('ArrowDown');
      await until(status, (s) => s === 'Paused', 'still paused');
      await keys.tabTo(named('Play'), { back: true, what: 'Play, backwards' });
      await keys.press('Enter');
      await until(status, (s) => /^Running at (?!1×)/.test(s), 'running faster');
      await keys.press('Enter');
      await until(status, (s) => s === 'Paused', 'paused');
      keys.done();
    });
  });

  test('a lesson opens from the lessons list, Escape closes it; the link is copied', async () => {
    await visit(site.browser, site.server.url + linkTo({}), 'keyboard-lessons', async (page) => {
      await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], {
        origin: new URL(site.server.url).origin,
      });
      const keys = keyboard(page);
      await keys.tabTo(named('Lessons'), { what: 'the Lessons button' });
      await keys.press('Enter');
      await page.locator('.lesson-item a').first().waitFor();
      const first = (await page.locator('.lesson-item a').first().textContent()).trim();
      await keys.tabTo(named(first), { what: 'the first lesson' });
      await keys.press('Enter');
      await assert.doesNotReject(page.locator('.lesson-story h3', { hasText: first }).waitFor({ timeout: 5000 }));
      await keys.press('Escape');
      await until(() => page.locator('.lessons').count(), (n) => n === 0, 'the lessons closed by Escape');
      await focusSettles(page, (name) => name === 'Lessons', 'the focus back on the Lessons button');

      await keys.tabTo(named('Copy link'), { what: 'Copy link' });
      await keys.press('Enter');
      await assert.doesNotReject(page.getByText(/Link copied/).waitFor({ timeout: 5000 }));
      const copied = await page.evaluate(() => navigator.clipboard.readText());
      assert.match(copied, /#s=1\./);
      keys.done();
    });
  });

  test('the phone: unlock, open the app, go home, the app switcher and its swipe-away', async () => {
    await visit(site.browser, site.server.url + linkTo(EXPORT, 15), 'keyboard-phone', async (page) => {
      const keys = keyboard(page);
      // The Dynamic Island: Enter expands it, Escape folds it back.
      await keys.tabTo(named(/^Exporting 24 photos, \d+ %: show details$/), { what: 'the Dynamic Island' });
      await keys.press('Enter');
      const expanded = page.getByRole('region', { name: `Dynamic Island: ${EXPORT_TITLE}` });
      await expanded.waitFor();
      await keys.press('Escape');
      await expanded.waitFor({ state: 'detached' });

      // The focus is back on the island it left, which Enter expands again; its collapse
      // button folds it.
      await focusSettles(page, (name) => /show details$/.test(name ?? ''), 'the focus back on the island');
      await keys.press('Enter');
      await expanded.waitFor();
      await focusSettles(page, (name) => name === 'Collapse the Dynamic Island', 'the focus in the island');
      await keys.press('Enter');
      await expanded.waitFor({ state: 'detached' });

      await keys.tabTo(named('App Switcher'), { what: 'the App Switcher button' });
      await keys.press('Enter');
      const switcher = page.getByRole('dialog', { name: 'App Switcher' });
      await switcher.waitFor();
      // The focus moves into the switcher; Escape closes it and puts the focus back.
      await focusSettles(page, (name) => name === 'Open Photos', 'the focus in the switcher');
      await keys.press('Escape');
      await switcher.waitFor({ state: 'detached' });
      await focusSettles(page, (name) => name === 'App Switcher', 'the focus back on its button');
      await keys.press('Enter');
      await switcher.waitFor();
      // Swiping the card away has a button of its own, the keyboard's way to do it.
      await keys.tabTo(named('Swipe away Photos'), { what: 'Swipe away' });
      await keys.press('Enter');
      await page.locator('.dynamic-island.compact').waitFor({ state: 'detached' });

      await keys.tabTo(named('Side button (lock)'), { back: true, what: 'the side button' });
      await keys.press('Enter');
      await page.locator('.lock-screen').waitFor();
      await keys.tabTo(named('Tap to unlock'), { what: 'Tap to unlock' });
      await keys.press('Enter');
      await page.locator('.home-screen').waitFor();
      await keys.tabTo(named('Open Photos'), { back: true, what: 'the app icon' });
      await keys.press('Space');
      await page.locator('.app-screen').waitFor();
      await keys.tabTo(named('Go to the home screen'), { what: 'the home indicator' });
      await keys.press('Enter');
      await page.locator('.home-screen').waitFor();
      keys.done();
    });
  });

  test('the timeline: a bar tells its story with Enter; the zoom; the story closes', async () => {
    await visit(site.browser, site.server.url + linkTo(REFRESH_SWITCHED_OFF, 5 * 3600), 'keyboard-timeline', async (page) => {
      const keys = keyboard(page);
      await keys.tabTo(named('1 day'), { what: 'the 1 day zoom' });
      await keys.press('Enter');
      await until(() => page.locator('.segment[aria-pressed="true"]').first().textContent(), (z) => z === '1 day', 'the zoom');
      await keys.tabTo((f) => f.className.includes('bar') && /Click for/.test(f.name), { what: 'a timeline bar' });
      await keys.press('Enter');
      const story = page.locator('.story');
      await story.waitFor();
      assert.match(await story.locator('.story-title').textContent(), new RegExp(REFRESH));
      await keys.tabTo(named('Close the story'), { what: 'Close the story' });
      await keys.press('Enter');
      await story.waitFor({ state: 'detached' });
      keys.done();
    });
  });
});
