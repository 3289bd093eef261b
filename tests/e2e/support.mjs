// Shared by the end-to-end tests: a tiny static server for dist/, Debian's Chromium driven by
// playwright-core, and `visit`, which opens a page, fails on any console error, page error,
// failed request or request to another origin, and always saves a screenshot.

import assert from 'node:assert/strict';
import { mkdir, readFile, stat } from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';
import { after, before } from 'node:test';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
/** The release site that `trunk build --release` wrote (or `$PLAYGROUND_DIST`, a build elsewhere). */
export const DIST = path.resolve(process.env.PLAYGROUND_DIST ?? path.join(here, '../../dist'));
/** Where every test leaves its screenshots (git-ignored). */
export const SCREENSHOTS = path.join(here, 'screenshots');

// Debian's Chromium as root on a closed network: the flags of toolchain.md.
const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
};

/**
 * Serves dist/ (or the folder `root`) on 127.0.0.1 at a free port, under `prefix` (`/` or a
 * sub-path like `/playground/`), as a plain static web server would. Nothing outside the prefix
 * exists. Returns `{ url, origin, paths, close, setRoot }`; `paths` lists every path requested;
 * `setRoot(folder)` serves another folder from then on, as a new deploy would.
 */
export async function serveDist({ prefix = '/', root = DIST } = {}) {
  const paths = [];
  const site = { root: path.resolve(root) };
  const server = http.createServer(async (request, response) => {
    const pathname = decodeURIComponent(new URL(request.url, 'http://localhost').pathname);
    paths.push(pathname);
    if (pathname === prefix.slice(0, -1) && prefix !== '/') {
      response.writeHead(301, { location: prefix }).end();
      return;
    }
    if (!pathname.startsWith(prefix)) {
      response.writeHead(404).end();
      return;
    }
    let relative = pathname.slice(prefix.length);
    if (relative === '' || relative.endsWith('/')) relative += 'index.html';
    const file = path.join(site.root, relative);
    try {
      if (!file.startsWith(site.root + path.sep) || !(await stat(file)).isFile()) throw new Error();
      const body = await readFile(file);
      const type = TYPES[path.extname(file)] ?? 'application/octet-stream';
      response.writeHead(200, { 'content-type': type, 'cache-control': 'no-store' }).end(body);
    } catch {
      response.writeHead(404).end();
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${server.address().port}`;
  return {
    url: origin + prefix,
    origin,
    paths,
    close: () => new Promise((resolve) => server.close(resolve)),
    setRoot: (folder) => {
      site.root = path.resolve(folder);
    },
  };
}

/** Starts headless Chromium (Playwright gives every launch a fresh, empty user data dir). */
export function launchBrowser() {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
}

/**
 * For a `describe` block: starts the static server (`serveDist(options)`) and Chromium before
 * its tests and closes both after them. Returns the site, whose `server` and `browser` are set
 * once they have started (read them inside tests, not when the block is declared).
 */
export function useSite(options) {
  const site = { server: undefined, browser: undefined };
  before(async () => {
    site.server = await serveDist(options);
    site.browser = await launchBrowser();
  });
  after(async () => {
    await site.browser?.close();
    await site.server?.close();
  });
  return site;
}

/**
 * Opens `url` in a new browser context and waits for the app to mount, then runs `body(page)`.
 * Saves `screenshots/<name>.png` whatever happens, then fails if `body` failed or if the page
 * logged a console error, threw, had a request fail or asked another origin for anything.
 * `options` go to `browser.newContext` (viewport, colorScheme, ...), except `beforeLoad(page)`,
 * run before the page is opened (to set up routes), `waitForApp: false`, to run `body` at once
 * without waiting for the app to mount, and `expectErrors`: when
 * true, console errors and page errors do not fail the test but are handed to `body(page, errors)`
 * as an array that fills as they come (for tests of failures, such as a panic).
 */
export async function visit(browser, url, name, body, options = {}) {
  const { expectErrors = false, beforeLoad, waitForApp = true, ...contextOptions } = options;
  const context = await browser.newContext({
    viewport: { width: 1280, height: 860 },
    locale: 'en-US',
    colorScheme: 'light',
    ...contextOptions,
  });
  const page = await context.newPage();
  const origin = new URL(url).origin;
  const problems = [];
  const errors = [];
  const expected = expectErrors ? errors : problems;
  page.on('console', (message) => {
    if (message.type() === 'error') expected.push(`console error: ${message.text()}`);
  });
  page.on('pageerror', (error) => expected.push(`uncaught page error: ${error.message}`));
  page.on('requestfailed', (request) =>
    problems.push(`request failed: ${request.url()} (${request.failure()?.errorText})`),
  );
  page.on('response', (response) => {
    if (response.status() >= 400) problems.push(`HTTP ${response.status()}: ${response.url()}`);
  });
  page.on('request', (request) => {
    const target = new URL(request.url());
    if (target.protocol !== 'data:' && target.origin !== origin) {
      problems.push(`request to another origin: ${request.url()}`);
    }
  });

  let failure;
  try {
    await beforeLoad?.(page);
    const loaded = page.goto(url);
    loaded.catch(() => {}); // awaited below; if `body` fails first, that failure is the one told
    if (waitForApp) {
      await loaded;
      await page.locator('.phone-frame').waitFor({ timeout: 15_000 });
    }
    await body(page, errors);
    await loaded;
  } catch (error) {
    failure = error;
  }
  await fullPageScreenshot(page, name);
  await context.close();
  if (failure) {
    if (problems.length) failure.message += `\nthe page also reported:\n${problems.join('\n')}`;
    throw failure;
  }
  assert.deepEqual(problems, [], 'the page reported problems');
}

/**
 * Saves `screenshots/<name>.png` of the whole page. The page draws only what is near the
 * window (`content-visibility: auto` on cards and log lines), so for the screenshot everything
 * is drawn: otherwise the parts out of sight would come out blank.
 */
export async function fullPageScreenshot(page, name) {
  await mkdir(SCREENSHOTS, { recursive: true });
  // A page that has crashed or gone still gets its screenshot all the same.
  const drawAll = (all) =>
    page
      .evaluate((all) => {
        for (const element of document.querySelectorAll('*')) {
          if (all && getComputedStyle(element).contentVisibility === 'auto') {
            element.dataset.drawnForScreenshot = '';
            element.style.contentVisibility = 'visible';
          } else if (!all && 'drawnForScreenshot' in element.dataset) {
            delete element.dataset.drawnForScreenshot;
            element.style.removeProperty('content-visibility');
          }
        }
      }, all)
      .catch(() => {});
  await drawAll(true);
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
  await drawAll(false);
}

/** Seconds since midnight of an `HH:MM:SS` clock text. */
export function secondsOf(clock) {
  const match = /^(\d\d):(\d\d):(\d\d)$/.exec(clock.trim());
  assert.ok(match, `not an HH:MM:SS clock: ${JSON.stringify(clock)}`);
  return Number(match[1]) * 3600 + Number(match[2]) * 60 + Number(match[3]);
}

/** Waits `ms` milliseconds of wall time. */
export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Waits until `read()` returns something `accept` likes (Yew renders asynchronously): `tries`
 * readings `every` ms apart, then fails saying `what` and what it last saw.
 */
export async function until(read, accept, what, { tries = 100, every = 100 } = {}) {
  let last;
  for (let i = 0; i < tries; i += 1) {
    last = await read();
    if (accept(last)) return last;
    await sleep(every);
  }
  assert.fail(`${what}: last saw ${JSON.stringify(last)?.slice(0, 2000)}`);
}

/**
 * The fragment of a share link to `scenario` (partial scenario JSON is fine: every field has a
 * default), opened paused `seconds` after its start (at the start when omitted), written the
 * way the engine's link codec reads it: raw DEFLATE, base64url.
 */
export function linkTo(scenario, seconds) {
  const payload = zlib.deflateRawSync(Buffer.from(JSON.stringify(scenario))).toString('base64url');
  return `#s=1.${payload}` + (seconds === undefined ? '' : `&t=${seconds}`);
}

// ---------------------------------------------------------------------------------------------
// Situations several test files set up (scenario JSON for `linkTo`).

/** Background App Refresh switched off for the app at 08:15, after it submitted its refresh. */
export const REFRESH_SWITCHED_OFF = {
  inputs: [{ at: 20 * 60_000, input: { do: 'set_app_background_refresh', on: false } }],
};

/** A quiet phone (nobody picks it up by routine) of `device`, starting in `initialState`. */
export const quiet = (device = 'iphone_dynamic_island', initialState = {}, inputs = []) => ({
  version: 1,
  user_routine: false,
  device,
  initial_state: initialState,
  inputs,
});

const EXPORT_ID = 'com.example.photos.export.A1B2';
/** The title of {@link exportScenario}'s continued export (what its Live Activity shows). */
export const EXPORT_TITLE = 'Exporting 24 photos';

/**
 * engine/scenarios/continued_export.json on `device`: the app is opened, submits a continued
 * export (120 s of work, progress every 5 s), and goes home at 10 s; `lock` locks it at 20 s.
 */
export function exportScenario(device, { lock }) {
  const inputs = [
    { at: 0, input: { do: 'open_app' } },
    {
      at: 5000,
      input: {
        do: 'submit',
        request: {
          identifier: EXPORT_ID,
          kind: 'continued_processing',
          title: EXPORT_TITLE,
          subtitle: 'Holiday album',
        },
      },
    },
    { at: 10000, input: { do: 'go_home' } },
  ];
  if (lock) inputs.push({ at: 20000, input: { do: 'lock' } });
  return {
    version: 1,
    seed: 3,
    user_routine: false,
    device,
    app: {
      bundle_id: 'com.example.photos',
      permitted_identifiers: ['com.example.photos.export.*'],
      tasks: [
        {
          request: { identifier: 'com.example.photos.export.*', kind: 'continued_processing' },
          behavior: { work_s: 120.0, progress: { mode: 'every', seconds: 5.0 }, resubmit: 'never' },
          submit_when_backgrounded: false,
        },
      ],
    },
    inputs,
  };
}
