// The grouped navigation in a real browser: at 1366×768 the staff header is one bar of groups
// (dropdowns without script) no taller than ~80 px; at 390×844 every item is reachable through
// the 菜单; each role sees only its groups (a deputy has no 系统), and the active group is marked.

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
const DESKTOP = { viewport: { width: 1366, height: 768 } };
const STAFF_ITEMS = ['代表名册', '履职活动', '代表建议', '办理统计', '监督工作', '代表评议', '群众意见', '联络站', '文档', '门户网站', '机构', '用户', '审计日志'];

test('staff: one header bar of groups at 1366 px, each item in its dropdown', async (t) => {
  await withPage(browser, t, DESKTOP, async (page) => {
    await login(page, server.url, 'city.staff');
    await page.goto(href('/ballots'));
    const header = await page.locator('header.top').boundingBox();
    assert.ok(header.height <= 80, `the header is ${header.height} px tall`);
    const bar = page.locator('nav.nav-bar');
    assert.ok(await bar.isVisible());
    assert.equal(await page.locator('details.menu').isVisible(), false, 'no 菜单 button on a wide screen');
    for (const g of ['代表工作', '建议办理', '监督', '联系群众', '门户', '系统']) {
      assert.ok(await bar.locator('details.nav-group > summary', { hasText: g }).isVisible(), `group ${g}`);
    }
    const active = bar.locator('details.nav-group.active > summary');
    assert.equal(await active.count(), 1, 'one group marked');
    assert.equal((await active.textContent()).trim(), '监督', 'the group of the page shown');

    // Every item is one click on its group away.
    for (const item of STAFF_ITEMS) {
      const group = bar.locator('details.nav-group', { has: page.locator('a', { hasText: item }) }).first();
      await group.locator('summary').click();
      const link = group.locator('.nav-drop a', { hasText: item }).first();
      assert.ok(await link.isVisible(), `${item} visible in its dropdown`);
      await group.locator('summary').click();
    }
    const group = bar.locator('details.nav-group', { hasText: '监督' });
    await group.locator('summary').click();
    await group.locator('.nav-drop a', { hasText: '监督工作' }).click();
    await page.waitForURL((u) => u.pathname === '/oversight');
  });
});

test('staff on a phone reach every item through the 菜单', async (t) => {
  await withPage(browser, t, PHONE, async (page) => {
    await login(page, server.url, 'city.staff');
    assert.equal(await page.locator('nav.nav-bar').isVisible(), false, 'no bar on a phone');
    const menu = page.locator('details.menu');
    assert.ok(await menu.locator('summary').isVisible(), 'the 菜单 button');
    for (const item of STAFF_ITEMS) {
      assert.equal(await menu.locator('.menu-panel a', { hasText: item }).first().isVisible(), false, 'closed at first');
    }
    await menu.locator('summary').click();
    for (const item of STAFF_ITEMS) {
      const link = menu.locator('.menu-panel a', { hasText: item }).first();
      await link.scrollIntoViewIfNeeded();
      assert.ok(await link.isVisible(), `${item} reachable in the menu`);
    }
    const { scrollWidth, innerWidth } = await page.evaluate(() => ({
      scrollWidth: document.documentElement.scrollWidth,
      innerWidth: window.innerWidth,
    }));
    assert.ok(scrollWidth <= innerWidth + 1, `the page overflows a phone: ${scrollWidth} > ${innerWidth}`);
    await menu.locator('.menu-panel a', { hasText: '代表评议' }).click();
    await page.waitForURL((u) => u.pathname === '/ballots');
    assert.equal(await page.locator('.menu-group.active .menu-label').first().textContent(), '监督');
  });
});

test('a deputy sees only the deputy groups, no 系统', async (t) => {
  await withPage(browser, t, DESKTOP, async (page) => {
    await login(page, server.url, 'deputy');
    const groups = await page.locator('nav.nav-bar details.nav-group > summary').allTextContents();
    assert.ok(groups.length >= 3, `groups: ${groups}`);
    assert.ok(!groups.some((g) => g.includes('系统')), `no 系统 group: ${groups}`);
    const labels = await page.locator('details.menu .menu-label').allTextContents();
    assert.ok(!labels.includes('系统'), `no 系统 in the menu: ${labels}`);
    assert.equal(await page.locator('header a[href="/admin/users"]').count(), 0, 'no link to the users');
  });
});
