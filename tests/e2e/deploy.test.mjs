// dist/ as a deployment: a plain static server, the site under a sub-path
// (https://example.org/playground/ style). See README.md, "Deploy".

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { secondsOf, sleep, useSite, visit } from './support.mjs';

describe('dist/ deployed under a sub-path', () => {
  const site = useSite({ prefix: '/playground/' });

  test('loads, runs, and asks for nothing outside its folder', async () => {
    assert.ok(site.server.url.endsWith('/playground/'));
    await visit(site.browser, site.server.url, 'sub-path', async (page) => {
      const first = secondsOf(await page.locator('.clock-time').textContent());
      await sleep(1_300);
      assert.ok(secondsOf(await page.locator('.clock-time').textContent()) > first);
    });
    assert.ok(site.server.paths.length >= 4, `only ${site.server.paths.join(', ')}`);
    const outside = site.server.paths.filter((p) => !p.startsWith('/playground/'));
    assert.deepEqual(outside, [], 'requests outside /playground/');
  });

  test('the folder without its trailing slash redirects to it', async () => {
    await visit(site.browser, site.server.url.slice(0, -1), 'sub-path-no-slash', async (page) => {
      // The page then keeps its run in the fragment (a share link), so compare without it.
      const url = new URL(page.url());
      assert.equal(url.pathname, '/playground/', page.url());
    });
  });
});
