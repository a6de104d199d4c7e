// A meeting's speeches and 简报 in a real browser (issue 17): the demo deputy, a member of the
// city's committee, finds their speech on today's meeting waiting for sign-off on a phone,
// corrects and signs it off, and reads the published 简报第1期 — all at 390 px without sideways
// scrolling; the clerk, on a desktop, assembles 简报第2期 from the speech just signed off and
// publishes it.

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

async function noSidewaysScroll(page) {
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 390, `no sideways scrolling at 390 px: ${width}`);
}

test('a member signs a speech off on a phone and the clerk publishes it in the next 简报', async (t) => {
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
    const main = page.locator('main');
    assert.match(await main.innerText(), /您有1篇发言记录待确认/);
    assert.match(await main.innerText(), /示范市人民政府副市长/, 'the 列席 list, read-only');
    await noSidewaysScroll(page);
    const mine = page.locator('main article.speech', { has: page.locator('button', { hasText: '确认无误' }) });
    await mine.locator('textarea[name=text]').fill('建议增加农村互助养老的内容，鼓励利用闲置房屋开办互助幸福院，财政给予适当补助。');
    await Promise.all([
      page.waitForURL(/notice=speech_signed/),
      mine.locator('button', { hasText: '确认无误' }).click(),
    ]);
    assert.match(await main.innerText(), /鼓励利用闲置房屋开办互助幸福院/);
    assert.equal(await page.locator('main button', { hasText: '确认无误' }).count(), 0, 'nothing left to sign');
    await Promise.all([
      page.waitForURL(/\/meetings\/bulletins\/\d+$/),
      page.locator('main a', { hasText: '简报第1期' }).click(),
    ]);
    const bulletin = await page.locator('main').innerText();
    assert.match(bulletin, /第1期/);
    assert.match(bulletin, /社区嵌入式养老服务设施/);
    await noSidewaysScroll(page);
  });
  await withPage(browser, t, wide, async (page) => {
    await login(page, server.url, 'city.staff');
    await page.goto(meeting);
    const form = page.locator('main form[action$="/bulletins"]');
    await page.locator('main #bulletins summary', { hasText: '编辑简报' }).click();
    await form.locator('input[name=title]').fill('审议养老服务条例（草案）补充发言');
    const boxes = form.locator('input[name=speeches]');
    assert.equal(await boxes.count(), 3, 'the three signed-off speeches');
    await boxes.nth(2).check();
    await Promise.all([
      page.waitForURL(/\/meetings\/bulletins\/\d+\?notice=bulletin_created/),
      form.locator('button', { hasText: '生成简报草稿' }).click(),
    ]);
    await page.locator('input[name=confirm]').check();
    await Promise.all([
      page.waitForURL(/notice=bulletin_published/),
      page.locator('button', { hasText: '发布本期简报' }).click(),
    ]);
    const text = await page.locator('main').innerText();
    assert.match(text, /第2期/);
    assert.match(text, /鼓励利用闲置房屋开办互助幸福院/);
  });
});
