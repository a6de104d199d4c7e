// The standing committee's meeting in a real browser (issue 17): the demo city's committee meets
// today; the demo deputy, a member, signs in on a phone; the clerk opens the vote on the waiting
// regulation; the deputy votes 赞成 with one tap and is not offered the vote again; the clerk
// closes it and the announcement counts all fifteen members — one yes of thirteen present fails.

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

test('a member signs in and votes on a phone; the result counts all members', async (t) => {
  const wide = { viewport: { width: 1366, height: 768 } };
  let meeting;
  await withPage(browser, t, PHONE, async (page) => {
    await login(page, server.url, 'deputy');
    await page.goto(new URL('meetings', server.url).href);
    await Promise.all([
      page.waitForURL(/\/meetings\/\d+$/),
      page.locator('main a.item-title', { hasText: '常务委员会第二十次会议' }).click(),
    ]);
    meeting = page.url();
    assert.match(await page.locator('main').innerText(), /应到15人，实到12人/);
    await Promise.all([
      page.waitForURL(/notice=signed_in/),
      page.locator('main button', { hasText: '签到' }).click(),
    ]);
    assert.match(await page.locator('main').innerText(), /应到15人，实到13人/);
    assert.match(await page.locator('main').innerText(), /您已签到/);
  });
  await withPage(browser, t, wide, async (page) => {
    await login(page, server.url, 'city.staff');
    await page.goto(meeting);
    await Promise.all([
      page.waitForURL(/notice=vote_opened/),
      page.locator('main section.item button', { hasText: '开始表决' }).click(),
    ]);
  });
  await withPage(browser, t, PHONE, async (page) => {
    await login(page, server.url, 'deputy');
    await page.goto(meeting);
    const open = page.locator('main section.item', { has: page.locator('form.vote-buttons') });
    assert.equal(await open.count(), 1, 'one vote offered');
    assert.match(await open.innerText(), /示范市养老服务条例（草案）/);
    await Promise.all([
      page.waitForURL(/notice=vote_cast/),
      open.locator('button', { hasText: '赞成' }).click(),
    ]);
    assert.equal(await page.locator('main form.vote-buttons').count(), 0, 'not offered again');
    assert.match(await page.locator('main').innerText(), /您已表决/);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 390, `no sideways scrolling at 390 px: ${width}`);
  });
  await withPage(browser, t, wide, async (page) => {
    await login(page, server.url, 'city.staff');
    await page.goto(meeting);
    const item = page.locator('main section.item', { hasText: '结束表决并宣布结果' });
    await item.locator('input[name=confirm]').check();
    await Promise.all([
      page.waitForURL(/notice=vote_closed/),
      item.locator('button', { hasText: '结束表决并宣布结果' }).click(),
    ]);
    const text = await page.locator('main').innerText();
    assert.match(text, /应到15人，实到13人；赞成1票，反对0票，弃权0票，未表决12人。未通过（须全体组成人员过半数，即8票）。/);
  });
});
