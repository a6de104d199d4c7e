// Official documents in a real browser (issue 21): the city's clerk finds the housing bureau
// waiting for its 交办函, opens the batch, issues it and reads its number in the register; the
// bureau's clerk finds the letter among 收到的公文 on a phone, with a link to the DOCX; the clerk
// writes the year's 办理情况报告's last section (refused while marked 【请填写】) and issues it.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { PHONE, launchBrowser, login, logout, startServer, withPage } from './helpers.mjs';

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

test('the clerk issues a 交办函 for a batch and the unit finds it in its inbox', async (t) => {
  let number;
  await withPage(browser, t, { viewport: { width: 1366, height: 768 } }, async (page) => {
    await login(page, server.url, 'city.staff');
    await page.goto(new URL('official', server.url).href);
    assert.equal((await page.locator('main h1').innerText()).trim(), '公文登记簿');
    const before = await page.locator('main .official-doc').count();
    await Promise.all([
      page.waitForURL(/\/official\/new\/assignment\?unit=/),
      page.locator('main a', { hasText: '示范市住房和城乡建设局' }).first().click(),
    ]);
    assert.match(await page.locator('main').innerText(), /示人常办函〔\d{4}〕（签发时编号）号/);
    const ticked = await page.locator('main input[type=checkbox][name=s]:checked').count();
    assert.ok(ticked >= 1, 'the batch lists the bureau\'s assigned suggestions, ticked');
    await Promise.all([
      page.waitForURL(/\/official\?notice=official_issued/),
      page.locator('main button.primary', { hasText: '签发' }).click(),
    ]);
    assert.match(await page.locator('main .alert').first().innerText(), /公文已签发/);
    assert.equal(await page.locator('main .official-doc').count(), before + 1, 'one more in the register');
    const first = page.locator('main .official-doc').first();
    assert.match(await first.innerText(), /示范市住房和城乡建设局/);
    number = (await first.locator('.doc-number').innerText()).trim();
    assert.match(number, /^示人常办函〔\d{4}〕\d+号$/);
    await logout(page);
  });
  await withPage(browser, t, PHONE, async (page) => {
    await login(page, server.url, 'unit.housing');
    await page.goto(new URL('official', server.url).href);
    assert.equal((await page.locator('main h1').innerText()).trim(), '收到的公文');
    const row = page.locator('main .official-doc', { hasText: number });
    assert.equal(await row.count(), 1, `the bureau received ${number}`);
    const href = await row.locator('a', { hasText: '下载 DOCX' }).getAttribute('href');
    const res = await page.request.get(new URL(href, server.url).href);
    assert.equal(res.status(), 200);
    assert.equal(res.headers()['content-type'], 'application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 390, `no sideways scrolling at 390 px: ${width}`);
    await page.screenshot({ path: new URL('../artifacts/official-inbox-phone.png', import.meta.url).pathname, fullPage: true });
  });
});

test('the clerk writes the last section of the year\'s 办理情况报告 and issues it', async (t) => {
  await withPage(browser, t, PHONE, async (page) => {
    await login(page, server.url, 'city.staff');
    await page.goto(new URL('official/report', server.url).href);
    assert.match((await page.locator('main h1').innerText()).trim(), /^\d{4}年代表建议办理情况报告$/);
    const text = page.locator('main textarea[name=text]');
    const draft = await text.inputValue();
    assert.match(draft, /【请填写存在的问题和下一步工作打算】/, 'the office writes the next steps');
    // Issued as drafted: refused beside the text box, what was typed kept.
    await text.fill(`${draft}\n附：经办人补充说明。`);
    await page.locator('main button.primary', { hasText: '签发' }).click();
    await page.waitForLoadState('load');
    assert.match(await page.locator('main .field-error').first().innerText(), /待填写/);
    assert.match(await page.locator('main textarea[name=text]').inputValue(), /附：经办人补充说明。/);
    const written = (await page.locator('main textarea[name=text]').inputValue())
      .replace('【请填写存在的问题和下一步工作打算】', '下一步，将继续加强跟踪督办。');
    await page.locator('main textarea[name=text]').fill(written);
    await Promise.all([
      page.waitForURL(/\/official\?notice=official_issued/),
      page.locator('main button.primary', { hasText: '签发' }).click(),
    ]);
    const first = page.locator('main .official-doc').first();
    assert.match(await first.innerText(), /代表建议办理情况的报告/);
    assert.match((await first.locator('.doc-number').innerText()).trim(), /^示人常办〔\d{4}〕\d+号$/);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 390, `no sideways scrolling at 390 px: ${width}`);
  });
});
