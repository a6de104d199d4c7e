// 代表评议 in a real browser: the demo deputy opens the open evaluation ballot on a phone, votes
// once (one radio group per subject), is refused a second vote, and the ballot page fits the
// screen; staff see the overdue review opinion on the board.

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

const href = (p) => new URL(p, server.url).href;

test('a deputy votes once on a phone in the open evaluation ballot', async (t) => {
  await withPage(browser, t, PHONE, async (page) => {
    await login(page, server.url, 'deputy');
    await page.goto(href('/ballots'));
    await page.locator('.card.item', { hasText: '投票中' }).first().click();
    await page.waitForURL((u) => /^\/ballots\/\d+$/.test(u.pathname));
    const ballotPath = new URL(page.url()).pathname;
    const groups = page.locator('form.ballot fieldset');
    const n = await groups.count();
    assert.ok(n >= 2, `one group per subject, got ${n}`);
    for (let i = 0; i < n; i++) {
      await groups.nth(i).locator('input[type=radio][value=basic]').check();
    }
    const { scrollWidth, innerWidth } = await page.evaluate(() => ({
      scrollWidth: document.documentElement.scrollWidth,
      innerWidth: window.innerWidth,
    }));
    assert.ok(scrollWidth <= innerWidth + 1, `the ballot overflows a phone: ${scrollWidth} > ${innerWidth}`);
    await page.locator('form.ballot button').click();
    await page.locator('.alert.ok', { hasText: '您已投票' }).waitFor();
    assert.equal(await page.locator('input[type=radio]').count(), 0, 'no second ballot offered');

    // A second ballot posted anyway is refused in Chinese.
    const csrf = await page.locator('input[name=_csrf]').first().inputValue();
    const resp = await page.request.post(href(`${ballotPath}/vote`), {
      form: { _csrf: csrf, s1: 'satisfied' },
      maxRedirects: 0,
    });
    assert.equal(resp.status(), 409);
    assert.match(await resp.text(), /每位代表只能投一次/);
  });
});

test('staff find the overdue review opinion on the board', async (t) => {
  await withPage(browser, t, {}, async (page) => {
    await login(page, server.url, 'city.staff');
    await page.goto(href('/oversight/overdue'));
    const row = page.locator('.overdue-board tr', { hasText: '道路交通安全法' }).first();
    await row.waitFor();
    await row.getByRole('link', { name: '查看' }).click();
    await page.locator('.due.overdue').first().waitFor();
  });
});
