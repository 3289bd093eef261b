// After one visit the site works offline: assets/sw.js, the service worker, keeps index.html
// (network first) and Trunk's hashed files (cache first), and swaps in a new build's files.

import assert from 'node:assert/strict';
import { cp, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { DIST, launchBrowser, secondsOf, serveDist, sleep, visit } from './support.mjs';

/** Waits until the service worker controls the page, and returns its scope. */
async function workerInCharge(page) {
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 20_000 });
  return page.evaluate(async () => (await navigator.serviceWorker.ready).scope);
}

/** The URLs in the service worker's caches. */
function cachedUrls(page) {
  return page.evaluate(async () => {
    const urls = [];
    for (const name of await caches.keys()) {
      for (const request of await (await caches.open(name)).keys()) urls.push(request.url);
    }
    return urls.sort();
  });
}

/** Checks that the app is up and its clock runs (a reload restores the session paused: play). */
async function assertRuns(page) {
  await page.locator('.phone-frame').waitFor({ timeout: 15_000 });
  await page.getByRole('button', { name: 'Play' }).click();
  await assert.doesNotReject(page.getByRole('button', { name: 'Pause' }).waitFor());
  const first = secondsOf(await page.locator('.clock-time').textContent());
  await sleep(1_300);
  const second = secondsOf(await page.locator('.clock-time').textContent());
  assert.ok(second > first, `the clock went from ${first} to ${second}`);
}

describe('offline, after one visit', () => {
  let browser;
  const folders = [];
  before(async () => {
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    for (const folder of folders) await rm(folder, { recursive: true, force: true });
  });

  test('the site opens and runs with the network gone', async () => {
    const server = await serveDist();
    try {
      await visit(browser, server.url, 'offline', async (page) => {
        assert.equal(await workerInCharge(page), server.url);
        const cached = await cachedUrls(page);
        const names = cached.map((url) => url.slice(server.url.length));
        assert.ok(cached.includes(server.url), `index.html is kept: ${names}`);
        for (const file of [/^playground-[0-9a-f]+_bg\.wasm$/, /^playground-[0-9a-f]+\.js$/, /^boot-[0-9a-f]+\.js$/, /^style-[0-9a-f]+\.css$/]) {
          assert.ok(names.some((name) => file.test(name)), `${file} is not kept: ${names}`);
        }
        assert.ok(!names.includes('sw.js'), 'the worker keeps only index.html and hashed files');

        const asked = server.paths.length;
        await page.context().setOffline(true);
        await page.reload();
        await assertRuns(page);
        assert.equal(await page.evaluate(() => navigator.onLine), false);
        assert.deepEqual(server.paths.slice(asked), [], 'nothing reached the server while offline');
      });
    } finally {
      await server.close();
    }
  });

  test('a new build replaces the old one, under a sub-path too', async () => {
    // Two builds: the second has its stylesheet under another hash (the same content, so its
    // SRI integrity still holds).
    const [first, second] = [await mkdtemp(path.join(tmpdir(), 'build-a-')), await mkdtemp(path.join(tmpdir(), 'build-b-'))];
    folders.push(first, second);
    await cp(DIST, first, { recursive: true });
    await cp(DIST, second, { recursive: true });
    const index = await readFile(path.join(second, 'index.html'), 'utf8');
    const oldCss = /style-[0-9a-f]+\.css/.exec(index)[0];
    const newCss = 'style-0123456789abcdef.css';
    await rename(path.join(second, oldCss), path.join(second, newCss));
    await writeFile(path.join(second, 'index.html'), index.replace(oldCss, newCss));

    const server = await serveDist({ prefix: '/playground/', root: first });
    try {
      await visit(browser, server.url, 'offline-new-build', async (page) => {
        // The worker's own requests (visit watches the page's): never to another origin.
        const fromWorker = [];
        page.context().on('request', (request) => {
          if (request.serviceWorker()) fromWorker.push(request.url());
        });
        assert.equal(await workerInCharge(page), server.url);
        assert.ok((await cachedUrls(page)).includes(server.url + oldCss));

        server.setRoot(second);
        await page.reload();
        await page.locator('.phone-frame').waitFor({ timeout: 15_000 });
        assert.equal(await page.locator(`link[rel="stylesheet"][href="./${newCss}"]`).count(), 1, 'the new index.html at once');
        await page.waitForFunction(
          async ([added, dropped]) => {
            const urls = [];
            for (const name of await caches.keys()) {
              for (const request of await (await caches.open(name)).keys()) urls.push(request.url);
            }
            return urls.some((url) => url.endsWith(added)) && !urls.some((url) => url.endsWith(dropped));
          },
          [newCss, oldCss],
          { timeout: 10_000 },
        );

        await page.context().setOffline(true);
        await page.reload();
        await assertRuns(page);
        assert.equal(await page.locator(`link[rel="stylesheet"][href="./${newCss}"]`).count(), 1);
        // The new stylesheet came from the cache and applies.
        const background = await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
        assert.equal(background, 'rgb(242, 242, 247)');
        assert.ok(fromWorker.some((url) => url.endsWith(newCss)), `the worker fetched ${fromWorker}`);
        assert.deepEqual(fromWorker.filter((url) => !url.startsWith(server.url)), [], 'worker requests outside the site');
      });
      const outside = server.paths.filter((p) => !p.startsWith('/playground/'));
      assert.deepEqual(outside, [], 'requests outside /playground/');
    } finally {
      await server.close();
    }
  });
});
