// The foundation pages in a real browser: logging in as every demo role, the roster search and
// filters, the phone layout, and that the UI loads nothing from other hosts.
//
// One `renda demo` server and one Chromium serve the whole file; every test has its own browser
// context (own cookies).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  DEMO_LOGINS,
  PHONE,
  launchBrowser,
  login,
  logout,
  pathname,
  startServer,
  submitLogin,
  withPage,
} from './helpers.mjs';

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

const ROSTER = 'admin/deputies';

/** The roster's total (共 N 条). */
async function rosterTotal(page) {
  return Number(await page.locator('b.total').innerText());
}

/** The roster rows on this page, each as an array of cell texts; [] for the empty message. */
async function rosterRows(page) {
  return page.locator('table.table tbody tr').evaluateAll((trs) =>
    trs
      .filter((tr) => !tr.querySelector('td[colspan]'))
      .map((tr) => Array.from(tr.cells, (td) => td.innerText.trim())),
  );
}

/** The index of the roster column headed `label`. */
async function column(page, label) {
  const heads = await page.locator('table.table thead th').allInnerTexts();
  const i = heads.map((h) => h.trim()).indexOf(label);
  assert.notEqual(i, -1, `the roster has no ${label} column (columns: ${heads.join(' ')})`);
  return i;
}

/** Submits the roster's filter form and waits for the results page. */
async function search(page, expectParam, expectValue) {
  await page.locator('form.filters button[type=submit]', { hasText: '查询' }).click();
  await page.waitForURL((u) => u.pathname === '/admin/deputies' && u.searchParams.get(expectParam) === expectValue);
}

test('every demo role logs in through the form and sees its own home page', async (t) => {
  await withPage(browser, t, {}, async (page) => {
    for (const { login: who, heading } of DEMO_LOGINS) {
      await login(page, server.url, who);
      assert.equal(pathname(page), '/', `${who} should land on the home page`);
      const h1 = (await page.locator('main h1').first().innerText()).trim();
      assert.equal(h1, heading, `${who}'s home page heading`);
      // The header names the user and offers 退出, not 登录.
      await page.locator('header form[action="/logout"] button', { hasText: '退出' }).waitFor();
      assert.equal(await page.locator('header .who a[href="/login"]').count(), 0, `${who} still sees 登录`);

      await logout(page);
      assert.equal(pathname(page), '/', `${who} should be back on the public home page after 退出`);
      assert.ok(await page.locator('header .who a[href="/login"]', { hasText: '登录' }).isVisible());
      assert.equal(await page.locator('header form[action="/logout"]').count(), 0, `${who} is still logged in`);
    }
  });
});

test('a wrong password shows 用户名或密码错误 on the login page', async (t) => {
  await withPage(browser, t, {}, async (page) => {
    await submitLogin(page, server.url, 'public', 'not-the-password');
    const alert = page.locator('main .alert.error');
    await alert.waitFor({ state: 'visible' });
    assert.match(await alert.innerText(), /用户名或密码错误/);
    assert.equal(pathname(page), '/login');
    // Still the login form, the login name kept, the password not.
    assert.equal(await page.locator('input[name=login]').inputValue(), 'public');
    assert.equal(await page.locator('input[name=password]').inputValue(), '');
    assert.equal(await page.locator('header form[action="/logout"]').count(), 0);
  });
});

test('staff search the roster by name and filter it by 民族', async (t) => {
  await withPage(browser, t, {}, async (page) => {
    await login(page, server.url, 'east.staff');
    await page.goto(new URL(ROSTER, server.url).href);
    assert.equal((await page.locator('main h1').innerText()).trim(), '代表名册');
    const allTotal = await rosterTotal(page);
    const all = await rosterRows(page);
    assert.ok(all.length > 0, 'the unfiltered roster is empty');
    assert.ok(allTotal >= all.length);

    // By name: a fragment of the first row's name.
    const nameCol = await column(page, '姓名');
    const first = all[0][nameCol];
    const fragment = first.length >= 3 ? first.slice(1) : first.slice(-1);
    await page.locator('form.filters input[name=name]').fill(fragment);
    await search(page, 'name', fragment);
    const byName = await rosterRows(page);
    assert.ok(byName.length > 0, `searching “${fragment}” (from ${first}) found nothing`);
    for (const row of byName) {
      assert.ok(row[nameCol].includes(fragment), `“${row[nameCol]}” does not contain “${fragment}”`);
    }
    const nameTotal = await rosterTotal(page);
    assert.ok(nameTotal <= allTotal, `name search total ${nameTotal} > all ${allTotal}`);
    assert.equal(await page.locator('form.filters input[name=name]').inputValue(), fragment, 'the form keeps the query');

    // By 民族, starting again from the unfiltered list.
    await page.goto(new URL(ROSTER, server.url).href);
    const select = page.locator('form.filters select[name=ethnicity]');
    const options = (await select.locator('option').allInnerTexts()).map((o) => o.trim());
    assert.ok(options.length >= 2, `the 民族 filter has no choices: ${options.join(',')}`);
    const ethnicity = options.includes('回族') ? '回族' : options[1];
    await select.selectOption({ label: ethnicity });
    await search(page, 'ethnicity', ethnicity);
    const ethCol = await column(page, '民族');
    const byEth = await rosterRows(page);
    assert.ok(byEth.length > 0, `filtering by ${ethnicity} found nothing`);
    for (const row of byEth) {
      assert.equal(row[ethCol], ethnicity, `${row[nameCol]} is listed under ${ethnicity}`);
    }
    const ethTotal = await rosterTotal(page);
    if (options.length > 2) {
      assert.ok(ethTotal < allTotal, `filtering by ${ethnicity} did not narrow the list (${ethTotal} of ${allTotal})`);
    }
    assert.equal((await select.locator('option:checked').innerText()).trim(), ethnicity, 'the filter keeps its choice');
  });
});

test('on a phone the home page and the roster fit the screen and show the navigation', async (t) => {
  await withPage(browser, t, PHONE, async (page) => {
    await login(page, server.url, 'east.staff');
    for (const target of ['', ROSTER]) {
      if (target) await page.goto(new URL(target, server.url).href);
      const where = `/${target}`;
      const { scrollWidth, innerWidth } = await page.evaluate(() => ({
        scrollWidth: document.documentElement.scrollWidth,
        innerWidth: window.innerWidth,
      }));
      assert.ok(
        scrollWidth <= innerWidth + 1,
        `${where} overflows sideways on a phone: scrollWidth ${scrollWidth} > innerWidth ${innerWidth}`,
      );
      // On a phone the navigation is the 菜单: opened, every link in it is visible.
      const menu = page.locator('header details.menu');
      await menu.locator('summary').click();
      const links = menu.locator('.menu-panel a');
      const n = await links.count();
      assert.ok(n > 0, `${where} has no navigation links`);
      for (let i = 0; i < n; i++) {
        const link = links.nth(i);
        await link.scrollIntoViewIfNeeded();
        assert.ok(await link.isVisible(), `${where}: nav link “${await link.innerText()}” is not visible`);
      }
      await menu.locator('summary').click();
      await page.locator('header form[action="/logout"] button').waitFor({ state: 'visible' });
    }
    // The wide roster table scrolls inside its own card.
    const card = page.locator('main .card.scroll');
    assert.equal(await card.count(), 1);
    const overflowX = await card.evaluate((el) => getComputedStyle(el).overflowX);
    assert.ok(['auto', 'scroll'].includes(overflowX), `the roster card has overflow-x: ${overflowX}`);
  });
});

test('the UI loads nothing from other hosts', async (t) => {
  await withPage(browser, t, {}, async (page) => {
    const urls = [];
    page.on('request', (r) => urls.push(r.url()));
    await login(page, server.url, 'city.staff');
    await page.goto(new URL(ROSTER, server.url).href);
    await page.goto(new URL('admin/orgs', server.url).href);
    await page.waitForLoadState('networkidle');
    assert.ok(urls.length >= 4, `too few requests recorded: ${urls.join(' ')}`);
    const foreign = urls.filter((u) => !u.startsWith(server.url));
    assert.deepEqual(foreign, [], 'requests to other hosts');
    // The stylesheet and icon are among what was loaded.
    assert.ok(urls.some((u) => /\/assets\/app\.[0-9a-f]{10}\.css$/.test(u)), 'app.css was not requested by its fingerprinted name');
  });
});

test('a deputy account is made for a deputy found by typing the name, not a number', async (t) => {
  await withPage(browser, t, {}, async (page) => {
    await login(page, server.url, 'city.staff');
    await page.goto(new URL('admin/users', server.url).href);
    const form = page.locator('main form').filter({ has: page.locator('select[name=person]') }).first();
    const search = form.locator('label:has(select[name=person]) input.picker-filter');
    assert.equal(await search.count(), 1, 'the deputy list has a search box');
    await search.fill('邓庆');
    const person = form.locator('select[name=person]');
    await person.locator('option', { hasText: '邓庆丰' }).first().waitFor({ state: 'attached' });
    await search.press('Enter');
    const chosen = await person.evaluate((s) => s.selectedOptions[0] && s.selectedOptions[0].textContent);
    assert.match(chosen || '', /^邓庆丰（/, `Enter picks the deputy found: ${chosen}`);
    assert.match(await person.inputValue(), /^\d+$/, 'the form sends the deputy by id');
  });
});
