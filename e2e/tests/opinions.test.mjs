// 码上见代表 in a real browser: a citizen on a phone opens a liaison station's page (the address
// its QR code holds), leaves an opinion and gets a receipt code; staff forward it to a unit; the
// unit answers; staff feed it back; the citizen reads the answer under the receipt code and
// rates it.

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
const STATION = '示范市人大代表联络站（市民中心）';
const UNIT = '示范市住房和城乡建设局';

test('a citizen leaves an opinion by QR code on a phone and reads the unit’s answer under the receipt', async (t) => {
  const content = `东湖小区三号楼前的路灯坏了两个月，夜里出行不便（e2e ${Date.now()}）。`;
  let receipt;
  let stationPath;

  await withPage(browser, t, PHONE, async (page) => {
    await page.goto(href('/stations'));
    await page.locator('.card.item', { hasText: STATION }).click();
    await page.waitForURL((u) => /^\/stations\/\d+$/.test(u.pathname));
    stationPath = new URL(page.url()).pathname;
    // The QR code on the page encodes this very address.
    await page.waitForFunction(() => {
      const img = document.querySelector('.qr img');
      return img && img.complete && img.naturalWidth > 0;
    });
    const form = page.locator('form.opinion-form');
    await form.locator('textarea[name=content]').fill('太短');
    await form.locator('button[type=submit]').click();
    await page.locator('textarea[name=content] + .field-error', { hasText: '10' }).waitFor();
    assert.equal(await page.evaluate(() => document.activeElement && document.activeElement.name), 'content', 'the cursor is in the field at fault');
    await page.locator('form.opinion-form textarea[name=content]').fill(content);
    await page.locator('form.opinion-form input[name=phone]').fill('13800138000');
    // The form goes out twice before the tap (a resend, a double tap on a slow line): one
    // opinion, one receipt.
    const sent = await page.evaluate(async () => {
      const f = document.querySelector('form.opinion-form');
      const send = () => fetch(f.action, { method: 'POST', body: new URLSearchParams(new FormData(f)) });
      const [a, b] = [await send(), await send()];
      return [new URL(a.url).search, new URL(b.url).search];
    });
    assert.equal(sent[0], sent[1], 'the same form sent twice answers with the same receipt');
    await page.locator('form.opinion-form button[type=submit]').click();
    receipt = (await page.locator('.receipt-code').innerText()).trim();
    assert.match(receipt, /^[2-9A-HJKMNP-Z]{5}-[2-9A-HJKMNP-Z]{5}$/);
    assert.equal(new URL(page.url()).pathname, '/opinions/receipt', 'post/redirect/get');
    assert.equal(new URLSearchParams(sent[0]).get('code').replace('-', ''), receipt.replace('-', ''), 'and the tap too');
    // A refresh shows the receipt again and sends nothing.
    await page.reload();
    assert.equal((await page.locator('.receipt-code').innerText()).trim(), receipt);
    const { scrollWidth, innerWidth } = await page.evaluate(() => ({
      scrollWidth: document.documentElement.scrollWidth,
      innerWidth: window.innerWidth,
    }));
    assert.ok(scrollWidth <= innerWidth + 1, `the receipt page overflows a phone: ${scrollWidth} > ${innerWidth}`);
  });

  let opinionPath;
  await withPage(browser, t, {}, async (page) => {
    await login(page, server.url, 'city.staff');
    await page.goto(href('/opinions'));
    await page.locator('.card.item').first().click();
    await page.locator('.prose', { hasText: content }).waitFor();
    assert.ok((await page.locator('text=13800138000').count()) > 0, 'staff of the congress see the phone');
    opinionPath = new URL(page.url()).pathname;
    const forward = page.locator('form', { has: page.locator('input[name=command][value=forward]') });
    await forward.locator('select[name=unit]').selectOption({ label: UNIT });
    await forward.locator('input[name=due]').fill('2099-12-31');
    await forward.locator('button').click();
    await page.locator('text=承办单位：' + UNIT).waitFor();
  });

  const answer = '已安排维修，十二月一日前修复。';
  await withPage(browser, t, {}, async (page) => {
    await login(page, server.url, 'unit.housing');
    await page.goto(href(opinionPath));
    assert.equal(await page.locator('text=13800138000').count(), 0, 'units do not see the citizen’s phone');
    const form = page.locator('form', { has: page.locator('input[name=command][value=unit_answer]') });
    await form.locator('textarea[name=answer]').fill(answer);
    await form.locator('button').click();
    await page.locator('.prose', { hasText: answer }).waitFor();
  });

  await withPage(browser, t, {}, async (page) => {
    await login(page, server.url, 'city.staff');
    await page.goto(href(opinionPath));
    await page.locator('form', { has: page.locator('input[name=command][value=feed_back]') }).locator('button').click();
    await page.locator('.state', { hasText: '已反馈' }).waitFor();
  });

  await withPage(browser, t, PHONE, async (page) => {
    await page.goto(href('/opinions/receipt'));
    await page.locator('input[name=code]').fill(receipt.toLowerCase());
    await page.locator('form.filters button').click();
    await page.locator('.answer', { hasText: answer }).waitFor();
    await page.locator('select[name=rating]').selectOption('satisfied');
    await page.locator('form', { has: page.locator('select[name=rating]') }).locator('button').click();
    await page.locator('text=您的评价：满意').waitFor();
    assert.ok(stationPath.startsWith('/stations/'));
  });
});
