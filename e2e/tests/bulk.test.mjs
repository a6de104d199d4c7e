// Bulk work on the suggestion list in a real browser (issue 13, point 13): the city's clerk
// ticks two suggestions waiting for screening, presses 立案 in the bulk bar, reads one message
// saying what was done, and finds both registered. Then the bar is checked at phone width.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { PHONE, launchBrowser, login, startServer, withPage } from './helpers.mjs';

let server;
let browser;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

const QUEUE = 'suggestions?state=submitted&scope=own';

test('the clerk registers two ticked suggestions at once and sees what happened', async (t) => {
  await withPage(browser, t, { viewport: { width: 1366, height: 768 } }, async (page) => {
    await login(page, server.url, 'city.staff');
    await page.goto(new URL(QUEUE, server.url).href);
    const boxes = page.locator('main form.bulk-form input[type=checkbox][name=id]');
    assert.ok((await boxes.count()) >= 2, 'the demo has at least two suggestions waiting for screening');
    const ids = [await boxes.nth(0).getAttribute('value'), await boxes.nth(1).getAttribute('value')];
    await boxes.nth(0).check();
    await boxes.nth(1).check();
    await Promise.all([
      page.waitForLoadState('load'),
      page.waitForURL(/\/suggestions\/bulk/),
      page.locator('main .bulk-bar button[name=op][value=register]').click(),
    ]);
    const message = (await page.locator('main .bulk-message').innerText()).trim();
    assert.equal(message, '已立案2件。');
    // Both left the screening queue the page shows again, and each is registered now.
    for (const id of ids) {
      assert.equal(await page.locator(`main input[name=id][value="${id}"]`).count(), 0, `${id} left the queue`);
      await page.goto(new URL(`suggestions/${id}`, server.url).href);
      const state = (await page.locator('main .item-top .state').first().innerText()).trim();
      assert.equal(state, '已立案', `suggestion ${id} is registered`);
    }
  });
});

test('at phone width the bulk bar fits and its buttons can be pressed', async (t) => {
  await withPage(browser, t, PHONE, async (page) => {
    await login(page, server.url, 'east.staff');
    await page.goto(new URL('suggestions', server.url).href);
    const bar = page.locator('main .bulk-bar');
    await bar.waitFor({ state: 'visible' });
    const box = await bar.boundingBox();
    assert.ok(box && box.x >= 0 && box.x + box.width <= 390, `the bar fits 390 px: ${JSON.stringify(box)}`);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 390, `no sideways scrolling: ${width}`);
    for (const op of ['register', 'remind', 'export_xlsx']) {
      const b = await bar.locator(`button[value=${op}]`).boundingBox();
      assert.ok(b && b.height >= 30 && b.x + b.width <= 390, `${op} is a usable button: ${JSON.stringify(b)}`);
    }
    await page.screenshot({ path: new URL('../artifacts/bulk-phone.png', import.meta.url).pathname, fullPage: false });
  });
});
