// 述职 and 代表小组 in a real browser on a phone: 东城区's staff open a 述职 meeting from the home
// page, register three voter representatives in bulk, rate them with the radio buttons, close
// the meeting and see the result with the rectification flag; the group page shows the demo's
// 十有 checklist with its evidence; the demo deputy finds their own 述职 result. Every page fits
// the phone's width.

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

async function fitsThePhone(page, where) {
  const { scrollWidth, innerWidth } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
  }));
  assert.ok(scrollWidth <= innerWidth + 1, `${where} overflows a phone: ${scrollWidth} > ${innerWidth}`);
}

const form = (page, command) => page.locator(`form:has(input[name=command][value=${command}])`);

test('a clerk runs a 述职 meeting on a phone and the result flags the rectification plan', async (t) => {
  await withPage(browser, t, PHONE, async (page) => {
    await login(page, server.url, 'east.staff');
    await page.locator('main a', { hasText: '代表述职' }).first().click();
    await page.waitForURL((u) => u.pathname === '/reports');
    await fitsThePhone(page, 'the 述职 list');
    const create = form(page, 'create');
    await create.locator('select[name=person]').selectOption({ index: 2 });
    await create.locator('input[name=place]').fill('东湖街道会议室（e2e）');
    await create.locator('button[type=submit]').click();
    await page.waitForURL((u) => /^\/reports\/\d+$/.test(u.pathname));

    const register = form(page, 'register');
    await register.locator('textarea[name=names]').fill('王大明 东湖村\n李小红 幸福社区\n赵四 新桥村');
    await register.locator('button[type=submit]').click();
    await page.locator('.alert', { hasText: '选民代表已登记，可以开始测评。' }).waitFor();
    await fitsThePhone(page, 'the meeting page');

    const rate = form(page, 'rate');
    await rate.getByLabel('王大明 满意').check();
    await rate.getByLabel('李小红 不满意').check();
    await rate.getByLabel('赵四 不满意').check();
    await rate.locator('button[type=submit]').click();
    await page.locator('.alert', { hasText: '测评已录入。' }).waitFor();

    await form(page, 'close').locator('button[type=submit]').click();
    await page.locator('.result', { hasText: '测评结果：不满意' }).waitFor();
    assert.ok((await page.locator('text=须提交书面整改报告').count()) > 0, 'the plan is asked for');
    await fitsThePhone(page, 'the result');

    // Closing again is refused in Chinese (the button is gone; post the form by hand).
    const status = await page.evaluate(async () => {
      const body = new URLSearchParams({
        _csrf: document.querySelector('input[name=_csrf]').value,
        command: 'close',
      });
      const r = await fetch(location.pathname, { method: 'POST', body, redirect: 'manual' });
      return r.status;
    });
    assert.equal(status, 409);
  });
});

test('a deputy group shows its members and its 十有 checklist with evidence on a phone', async (t) => {
  await withPage(browser, t, PHONE, async (page) => {
    await login(page, server.url, 'east.staff');
    await page.goto(href('/groups'));
    await fitsThePhone(page, 'the groups list');
    await page.locator('a.item').first().click();
    await page.waitForURL((u) => /^\/groups\/\d+$/.test(u.pathname));
    await page.locator('text=已达标').first().waitFor();
    assert.ok((await page.locator('td', { hasText: '有活动计划' }).count()) > 0);
    assert.ok((await page.locator('.state', { hasText: '组长' }).count()) > 0, 'the leader is shown');
    await fitsThePhone(page, 'the group page');
  });
});

test('the demo deputy reads their own 述职 result', async (t) => {
  await withPage(browser, t, PHONE, async (page) => {
    await login(page, server.url, 'deputy');
    await page.locator('a', { hasText: '我的述职' }).click();
    await page.waitForURL((u) => u.pathname === '/reports');
    await page.locator('.item-title', { hasText: '代表述职' }).first().click();
    await page.locator('.result', { hasText: '测评结果' }).waitFor();
    assert.equal(await page.locator('h2', { hasText: '选民代表（' }).count(), 0, 'who rated what stays with the clerks');
    await fitsThePhone(page, 'the deputy’s result');
  });
});
