// End-to-end tests of the release site (dist/) in Debian's Chromium: what a visitor sees and
// does. Every test fails on any console error or page error (see support.mjs) and leaves a
// screenshot in tests/e2e/screenshots/.

import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, test } from 'node:test';
import { DIST, SCREENSHOTS, secondsOf, sleep, useSite, visit } from './support.mjs';

describe('the playground', () => {
  const site = useSite();

  test('loads and shows the phone at Monday 07:55', async () => {
    await visit(site.browser, site.server.url, 'home', async (page) => {
      assert.equal(await page.title(), 'Background Tasks Playground');
      await assert.doesNotReject(page.locator('.dynamic-island').waitFor({ state: 'visible' }));
      // The status bar shows HH:MM, as an iPhone does; its datetime attribute has the seconds.
      assert.match(await page.locator('.status-time').textContent(), /^07:5[5-9]$/);
      assert.match(await page.locator('.status-time').getAttribute('datetime'), /^07:5[5-9]:\d\d$/);
      assert.equal(await page.locator('.lock-date').textContent(), 'Monday, November 23');
      assert.match(await page.locator('.lock-time').textContent(), /^07:5\d$/);
      assert.equal(await page.locator('.clock-date').textContent(), 'Mon 2026-11-23');
      const frame = await page.locator('.phone-frame').boundingBox();
      assert.ok(frame.width > 250 && frame.height / frame.width > 1.9, `frame ${JSON.stringify(frame)}`);
      // No inline script in the built page: the CSP forbids them, and none is needed.
      assert.equal(await page.locator('script:not([src])').count(), 0);
    });
  });

  test("the lock screen's date is in the visitor's language", async () => {
    // American English is written by the app itself (no Intl on the way to the first render):
    // it must read as Intl writes it.
    await visit(site.browser, site.server.url, 'lock-date-en', async (page) => {
      const intl = await page.evaluate(() => new Intl.DateTimeFormat('en-US', {
        weekday: 'long', month: 'long', day: 'numeric', timeZone: 'UTC',
      }).format(Date.UTC(2026, 10, 23)));
      assert.equal(await page.locator('.lock-date').textContent(), intl);
    });
    await visit(site.browser, site.server.url, 'lock-date-de', async (page) => {
      assert.equal(await page.locator('.lock-date').textContent(), 'Montag, 23. November');
    }, { locale: 'de-DE' });
  });

  test('from the first paint the page shows its header while the app starts, then the app alone', async () => {
    let release;
    const held = new Promise((resolve) => (release = resolve));
    await visit(site.browser, site.server.url, 'boot-shell', async (page) => {
      const shell = page.locator('#boot-shell');
      await shell.waitFor({ state: 'visible' });
      assert.equal(await shell.locator('h1').textContent(), 'Background Tasks Playground');
      assert.equal(await shell.getByRole('status').textContent(), 'Starting the simulated iPhone…');
      await page.screenshot({ path: path.join(SCREENSHOTS, 'boot-shell-placeholder.png') });
      release();
      await shell.waitFor({ state: 'detached' });
      await page.locator('.phone-frame').waitFor();
      assert.equal(await page.locator('h1').count(), 1, 'one heading once the app is there');
    }, {
      // Hold the wasm back until the placeholder has been seen.
      beforeLoad: (page) => page.route('**/*.wasm', async (route) => {
        await held;
        await route.continue();
      }),
      waitForApp: false,
    });
  });

  test('the clock advances while playing, in the status bar and in the shell', async () => {
    await visit(site.browser, site.server.url, 'playing', async (page) => {
      const first = secondsOf(await page.locator('.clock-time').textContent());
      await sleep(1_600);
      const second = secondsOf(await page.locator('.clock-time').textContent());
      assert.ok(second > first, `clock went from ${first} to ${second}`);
      const status = secondsOf(await page.locator('.status-time').getAttribute('datetime'));
      assert.ok(Math.abs(status - second) <= 1, `status bar ${status} vs clock ${second}`);
    });
  });

  test('pause stops the clock; play (from the keyboard) resumes it', async () => {
    await visit(site.browser, site.server.url, 'paused', async (page) => {
      const button = page.getByRole('button', { name: 'Pause' });
      await button.click();
      await assert.doesNotReject(page.getByRole('button', { name: 'Play' }).waitFor());
      assert.equal(await page.locator('.clock-status').textContent(), 'Paused');
      const frozen = await page.locator('.clock-time').textContent();
      await sleep(1_500);
      assert.equal(await page.locator('.clock-time').textContent(), frozen);

      await page.getByRole('button', { name: 'Play' }).focus();
      await page.keyboard.press('Enter');
      await sleep(1_500);
      const resumed = await page.locator('.clock-time').textContent();
      assert.ok(secondsOf(resumed) > secondsOf(frozen), `${frozen} then ${resumed}`);
      assert.ok(secondsOf(resumed) - secondsOf(frozen) <= 3, `jumped from ${frozen} to ${resumed}`);
    });
  });

  test('the speed menu runs an hour of virtual time per second at 3600×', async () => {
    await visit(site.browser, site.server.url, 'fast', async (page) => {
      await page.getByLabel('Speed').selectOption('3600');
      assert.match(await page.locator('.clock-status').textContent(), /Running at 3600×/);
      const before = secondsOf(await page.locator('.clock-time').textContent());
      await sleep(1_000);
      const after = secondsOf(await page.locator('.clock-time').textContent());
      assert.ok(after - before >= 2_500 && after - before <= 5_400, `advanced ${after - before} s`);

      await page.getByLabel('Speed').selectOption('60');
      const slow = secondsOf(await page.locator('.clock-time').textContent());
      await sleep(1_000);
      const slowAfter = secondsOf(await page.locator('.clock-time').textContent());
      assert.ok(slowAfter - slow >= 40 && slowAfter - slow <= 90, `advanced ${slowAfter - slow} s at 60×`);
    });
  });

  test('follows a dark system theme', async () => {
    await visit(
      site.browser,
      site.server.url,
      'dark',
      async (page) => {
        const background = await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
        assert.equal(background, 'rgb(0, 0, 0)');
        const card = await page.locator('.timeline-card').evaluate((el) => getComputedStyle(el).backgroundColor);
        assert.equal(card, 'rgb(28, 28, 30)');
      },
      { colorScheme: 'dark' },
    );
  });

  test('fits a phone-sized window without sideways scrolling', async () => {
    await visit(
      site.browser,
      site.server.url,
      'narrow',
      async (page) => {
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        assert.ok(overflow <= 0, `page is ${overflow}px wider than the window`);
        await assert.doesNotReject(page.locator('.play-pause').waitFor({ state: 'visible' }));
      },
      { viewport: { width: 390, height: 844 } },
    );
  });

  test('index.html: a strict CSP, no inline script, only relative URLs', async () => {
    const html = await readFile(path.join(DIST, 'index.html'), 'utf8');
    const csp = /<meta\s+http-equiv="?Content-Security-Policy"?\s+content="([^"]+)"/i.exec(html)?.[1];
    assert.ok(csp, 'no CSP meta tag');
    const scriptSrc = csp.split(';').map((d) => d.trim()).find((d) => d.startsWith('script-src'));
    assert.equal(scriptSrc, "script-src 'self' 'wasm-unsafe-eval'");
    assert.match(csp, /default-src 'none'/);
    assert.doesNotMatch(csp, /unsafe-inline|https?:/);
    for (const [, attributes, content] of html.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)) {
      assert.match(attributes, /\ssrc=/, `inline script: ${attributes}`);
      assert.equal(content.trim(), '');
    }
    for (const [, url] of html.matchAll(/(?:src|href|data-js|data-wasm)="([^"]*)"/g)) {
      assert.ok(url.startsWith('./'), `not a relative URL: ${url}`);
    }
  });
});
