// Accessibility: axe-core (the npm package pinned in package.json) checks every main screen of
// the release site, in light and in dark colour scheme, and must find nothing. Each screen is
// set up the way the other tests do it, with a share link (opened paused, so nothing moves
// while axe measures contrast) and the clicks a visitor would make. A failure lists each
// violation readably: the rule, its impact, the elements it found and what to fix.
//
// How axe gets into the page: the page's Content-Security-Policy allows scripts only from the
// site's own files, so `page.addScriptTag({ content })` (an inline <script>) is refused and
// logs a CSP error. `page.evaluate(source)` runs the source through the DevTools protocol
// instead, which CSP does not govern, so the page keeps its real policy while it is audited (no
// `bypassCSP` context, which would hide a CSP mistake from every other check `visit` makes).

import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { describe, test } from 'node:test';
import {
  EXPORT_TITLE,
  exportScenario,
  linkTo,
  quiet,
  REFRESH_SWITCHED_OFF,
  sleep,
  useSite,
  visit,
} from './support.mjs';

const require = createRequire(import.meta.url);
const AXE_SOURCE = await readFile(require.resolve('axe-core/axe.min.js'), 'utf8');

const REFRESH = 'com.example.news.refresh';

/** One violation as a few readable lines: rule, impact, help, and each element with its summary. */
function describeViolation(violation) {
  const lines = [`  ${violation.id} (${violation.impact}): ${violation.help}  <${violation.helpUrl}>`];
  for (const node of violation.nodes.slice(0, 30)) {
    lines.push(`    at ${node.target.join(' >> ')}`);
    lines.push(`       ${node.html.slice(0, 160).replace(/\s+/g, ' ')}`);
    for (const line of (node.failureSummary ?? '').split('\n')) lines.push(`       ${line.trim()}`);
  }
  if (violation.nodes.length > 30) lines.push(`    ... and ${violation.nodes.length - 30} more`);
  return lines.join('\n');
}

/** Runs axe on the page as it is now; returns readable violations (empty when there are none). */
async function axeViolations(page, label) {
  // Let Yew render and every finite CSS transition or animation end (a switch of colour scheme
  // fades buttons for 0.15 s), so axe measures the colours that stay.
  // At most 5 s: an animation that never finishes must not hold the test forever.
  await sleep(200);
  await page.evaluate(() =>
    Promise.race([
      Promise.all(
        document
          .getAnimations()
          .filter((animation) => animation.effect?.getComputedTiming().endTime !== Infinity)
          .map((animation) => animation.finished.catch(() => {})),
      ),
      new Promise((resolve) => setTimeout(resolve, 5_000)),
    ]),
  );
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    const results = await window.axe.run(document, { resultTypes: ['violations'] });
    return results.violations.map(({ id, impact, help, helpUrl, nodes }) => ({
      id,
      impact,
      help,
      helpUrl,
      nodes: nodes.map(({ target, html, failureSummary }) => ({ target, html, failureSummary })),
    }));
  });
  return violations.map((violation) => `${label}:\n${describeViolation(violation)}`);
}

/**
 * Audits the page in light, then dark colour scheme (back to light after); adds what axe finds
 * to `found`, so that one test reports every screen it checks, not just the first that fails.
 */
async function audit(page, label, found) {
  for (const colorScheme of ['light', 'dark']) {
    await page.emulateMedia({ colorScheme });
    found.push(...(await axeViolations(page, `${label} [${colorScheme}]`)));
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

const button = (page, name) => page.getByRole('button', { name, exact: true });

describe('accessibility: axe finds nothing on any main screen', () => {
  const site = useSite();
  /**
   * A test of some screens: `body(check, audit)` opens each with `check(name, scenario, seconds,
   * setUp, options)`, which opens `scenario` at `seconds` (no link when `scenario` is null), runs
   * `setUp(page)` and audits the page; `audit(page, name)` audits a state on the way. The test
   * fails at its end if axe found anything on any of them, listing it all.
   */
  const axeTest = (title, body) =>
    test(title, async () => {
      const found = [];
      const auditHere = (page, name) => audit(page, name, found);
      const check = (name, scenario, seconds, setUp = async () => {}, options = {}) =>
        visit(
          site.browser,
          site.server.url + (scenario === null ? '' : linkTo(scenario, seconds)),
          `a11y-${name}`,
          async (page) => {
            await setUp(page);
            await auditHere(page, name);
          },
          options,
        );
      await body(check, auditHere);
      assert.equal(found.length, 0, `axe found ${found.length} violation(s):\n${found.join('\n')}`);
    });

  axeTest('the default page, running, as a first visitor sees it', async (check) => {
    await check('default-running', null, undefined);
  });

  axeTest('the default page, paused, with a task opened', async (check) => {
    await check('default-paused', {}, 0, async (page) => {
      await page.locator('.task-item summary').first().click();
    });
  });

  axeTest('the page in a phone-sized window', async (check) => {
    await check('narrow', REFRESH_SWITCHED_OFF, 3600, async () => {}, { viewport: { width: 390, height: 844 } });
  });

  axeTest('the keyboard shortcuts help', async (check) => {
    await check('shortcuts', {}, 0, async (page) => {
      await page.keyboard.press('?');
      await page.locator('.shortcuts-panel').waitFor();
    });
  });

  axeTest('lock screen, home screen, the app in the foreground, the app switcher', async (check) => {
    await check('lock-screen', quiet(), 0, async (page) => {
      await page.locator('.lock-screen').waitFor();
    });
    await check('home-screen', quiet('iphone_dynamic_island', {}, [{ at: 0, input: { do: 'pick_up_phone' } }]), 1,
      async (page) => {
        await page.locator('.home-screen').waitFor();
      });
    await check('app-foreground', quiet('iphone_dynamic_island', {}, [{ at: 0, input: { do: 'open_app' } }]), 1,
      async (page) => {
        await page.locator('.app-screen').waitFor();
      });
    await check('app-switcher', exportScenario('iphone_dynamic_island', { lock: false }), 15, async (page) => {
      await button(page, 'App Switcher').click();
      await page.getByRole('dialog', { name: 'App Switcher' }).waitFor();
    });
    await check('iphone-se-and-status', quiet('iphone_classic', { battery: 15, network: 'offline', low_power_mode: true }),
      0, async (page) => {
        await page.locator('.home-button').waitFor();
      });
    await check('too-warm', quiet('iphone_dynamic_island', { thermal: 'critical', call_active: true }), 0,
      async (page) => {
        await page.locator('.too-warm-screen').waitFor();
      });
  });

  axeTest('a running continued task: Live Activity, Dynamic Island, banner', async (check, audit) => {
    await check('live-activity', exportScenario('iphone_dynamic_island', { lock: true }), 30, async (page) => {
      await page.getByRole('article', { name: `Live Activity: ${EXPORT_TITLE}` }).waitFor();
    });
    await check('dynamic-island', exportScenario('iphone_dynamic_island', { lock: false }), 15, async (page) => {
      await page.locator('.dynamic-island.compact').waitFor();
      await audit(page, 'dynamic-island-compact');
      await page.locator('.dynamic-island.compact').click();
      await page.getByRole('region', { name: `Dynamic Island: ${EXPORT_TITLE}` }).waitFor();
    });
    await check('banner', exportScenario('iphone_classic', { lock: false }), 15, async (page) => {
      await page.getByRole('region', { name: `Banner: ${EXPORT_TITLE}` }).waitFor();
    });
    const reopened = exportScenario('iphone_dynamic_island', { lock: false });
    reopened.inputs.push({ at: 12000, input: { do: 'open_app' } });
    await check('app-progress', reopened, 15, async (page) => {
      await page.locator('.app-screen .app-progress-percent').waitFor();
    });
  });

  axeTest('the why panel of a selected pending task', async (check) => {
    await check('why-panel', REFRESH_SWITCHED_OFF, 3600, async (page) => {
      const why = page.getByRole('button', { name: `Why has ${REFRESH} not run?` });
      await why.click();
      await page.locator(`button[aria-pressed="true"][aria-label="Why has ${REFRESH} not run?"]`).waitFor();
      await page.locator('.why-headline').waitFor();
    });
  });

  axeTest('the log: events with scheduler decisions, and the dasd console', async (check, audit) => {
    await check('log', {}, 86_400, async (page) => {
      await page.getByLabel('Show scheduler decisions').check();
      await page.locator('.log-scroll .log-entry.is-verbose').first().waitFor();
      await audit(page, 'log-verbose');
      await page.getByRole('button', { name: 'Console' }).click();
      await page.locator('.console').waitFor();
    });
  });

  axeTest('the lessons, with one opened', async (check, audit) => {
    await check('lessons', {}, 0, async (page) => {
      await page.getByRole('button', { name: 'Lessons' }).click();
      await page.locator('.lesson-item a').first().waitFor();
      await audit(page, 'lessons-list');
      await page.locator('.lesson-item a').first().click();
      await page.locator('.lesson-story h3').waitFor();
    });
  });

  axeTest('the Swift export, both tabs', async (check, audit) => {
    await check('swift-export', {}, 0, async (page) => {
      await page.getByRole('button', { name: 'Show the code' }).click();
      await page.locator('.swift-code').waitFor();
      await audit(page, 'swift-export-swift');
      await page.getByRole('tab', { name: 'Info.plist' }).click();
    });
  });

  axeTest('sharing: the copied link, and the link to copy by hand when the clipboard refuses', async (check) => {
    await check('share-copied', {}, 0, async (page) => {
      await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], {
        origin: new URL(site.server.url).origin,
      });
      await page.getByRole('button', { name: 'Copy link' }).click();
      await page.locator('.share-status').waitFor();
    });
    await check('share-by-hand', {}, 0, async (page) => {
      // Without the permission, headless Chromium's clipboard refuses: the link shows in a field.
      await page.evaluate(() => {
        Object.defineProperty(navigator, 'clipboard', {
          value: { writeText: () => Promise.reject(new Error('refused')) },
        });
      });
      await page.getByRole('button', { name: 'Copy link' }).click();
      await page.locator('.share-manual input').waitFor();
    });
  });

  axeTest('a broken link, a submit error and a notice', async (check) => {
    await check('bad-link', { version: 1, user_routine: false }, 60, async (page) => {
      await sleep(300);
      const kept = await page.evaluate(() => location.hash);
      await page.evaluate((fragment) => { location.hash = fragment; }, kept.slice(0, 30));
      await page.getByText(/This link is broken/).first().waitFor({ timeout: 5000 });
    });
    const failing = {
      version: 1,
      user_routine: false,
      app: { background_modes: { fetch: false, processing: true } },
      inputs: [{ at: 1000, input: { do: 'submit', request: { identifier: REFRESH, kind: 'app_refresh' } } }],
    };
    await check('submit-error', failing, 2, async (page) => {
      await page.locator('.submit-error').waitFor();
    });
    const later = { version: 1, user_routine: false, inputs: [{ at: 120000, input: { do: 'set_low_data_mode', on: true } }] };
    await check('notice', later, 30, async (page) => {
      // Acting before a later click replays without it, and a notice says so.
      await page.getByRole('switch', { name: 'Charger', exact: true }).click();
      await page.locator('.notice-banner').waitFor();
    });
  });

  axeTest('the timeline with a story open', async (check) => {
    await check('timeline-story', REFRESH_SWITCHED_OFF, 5 * 3600, async (page) => {
      await page.locator('.timeline-plot rect.bar').first().click();
      await page.locator('.story').waitFor();
    });
  });
});

describe('forced colours (Windows High Contrast)', () => {
  const site = useSite();

  test('the log icons and certainty glyphs stay visible in the text colour', async () => {
    await visit(site.browser, site.server.url + linkTo(REFRESH_SWITCHED_OFF, 3600), 'forced-colors', async (page) => {
      await page.locator('.why-card .certainty').first().waitFor();
      const glyphs = await page.evaluate(() =>
        [...document.querySelectorAll('.log-icon, .certainty')].map((element) => ({
          what: element.className,
          glyph: getComputedStyle(element, '::before').backgroundColor,
          text: getComputedStyle(element).color,
        })),
      );
      assert.ok(glyphs.some((g) => g.what.startsWith('log-icon')), 'no log icon on the page');
      assert.ok(glyphs.some((g) => g.what.startsWith('certainty')), 'no certainty badge on the page');
      // The glyphs are CSS masks over a background: forced colours would paint it as the canvas.
      for (const { what, glyph, text } of glyphs) {
        assert.equal(glyph, text, `the glyph of "${what}" is ${glyph}, its text ${text}`);
      }
    }, { forcedColors: 'active' });
  });

  test('the phone keeps its own colours: the Dynamic Island and the wallpaper', async () => {
    await visit(site.browser, site.server.url, 'forced-colors-phone', async (page) => {
      await page.locator('.lock-screen').waitFor();
      const phone = await page.evaluate(() => {
        const style = (selector) => getComputedStyle(document.querySelector(selector));
        return {
          island: style('.dynamic-island').backgroundColor,
          wallpaper: style('.phone-screen').backgroundImage,
          canvas: style('body').backgroundColor,
        };
      });
      // Forced colours paint backgrounds in the canvas colour: the island and the lock screen's
      // buttons vanished, the wallpaper went blank and the battery became a solid block.
      assert.equal(phone.island, 'rgb(0, 0, 0)', 'the Dynamic Island is black');
      assert.notEqual(phone.island, phone.canvas);
      assert.match(phone.wallpaper, /gradient/, 'the wallpaper is drawn');
    }, { forcedColors: 'active' });
  });
});
