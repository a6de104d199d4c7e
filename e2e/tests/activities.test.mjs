// QR check-in in a real browser: city staff create an activity happening now and invite the
// city's deputies; the organiser's page shows a signed, expiring QR code and its link; the demo
// deputy on a phone opens the link while logged out, logs in, comes back and is checked in
// (签到成功); the staff's roll shows 已签到; an altered code is refused in Chinese.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { PASSWORD, PHONE, launchBrowser, login, startServer, withPage } from './helpers.mjs';

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

/** A Beijing civil time `minutes` from now, as a datetime-local input wants it. */
function beijing(minutes) {
  return new Date(Date.now() + (8 * 60 + minutes) * 60_000).toISOString().slice(0, 16);
}

test('a deputy checks in on a phone by the organiser’s QR code and the roll shows it', async (t) => {
  const title = `视察社区养老服务中心（e2e ${Date.now()}）`;
  let activityPath;
  let link;

  await withPage(browser, t, {}, async (page) => {
    await login(page, server.url, 'city.staff');
    await page.goto(href('/activities'));
    await page.locator('a', { hasText: '新建活动' }).click();
    const form = page.locator('form.activity-form');
    await form.locator('select[name=kind]').selectOption({ label: '视察' });
    await form.locator('input[name=title]').fill(title);
    await form.locator('input[name=place]').fill('文昌街道养老服务中心');
    await form.locator('input[name=starts_at]').fill(beijing(-30));
    await form.locator('input[name=ends_at]').fill(beijing(120));
    await form.locator('button[type=submit]').click();
    await page.waitForURL((u) => /^\/activities\/\d+$/.test(u.pathname));
    activityPath = new URL(page.url()).pathname;
    await page.locator('h1', { hasText: title }).waitFor();
    await page.locator('.phase', { hasText: '进行中' }).waitFor();

    const invite = page.locator('form.invite-group');
    await invite.locator('select[name=group]').selectOption({ label: '示范市人民代表大会全体代表' });
    await invite.locator('button').click();
    await page.locator('.alert', { hasText: '已发出邀请' }).waitFor();
    assert.ok((await page.locator('.roll-line').count()) > 10, 'the city’s deputies are on the roll');

    await page.locator('a', { hasText: '签到二维码' }).click();
    await page.waitForURL((u) => u.pathname === `${activityPath}/qr`);
    await page.waitForFunction(() => {
      const img = document.querySelector('.checkin-qr img');
      return img && img.complete && img.naturalWidth > 0;
    });
    link = await page.locator('.checkin-link').getAttribute('data-link');
    assert.match(link, /\/activities\/checkin\?t=\d+\.\d+\.[0-9a-f]{64}$/);
  });

  let name;
  await withPage(browser, t, PHONE, async (page) => {
    // Scanned while logged out: the login comes first, then the check-in itself.
    await page.goto(link);
    await page.waitForURL((u) => u.pathname === '/login');
    const form = page.locator('main form[action="/login"]');
    await form.locator('input[name=login]').fill('deputy');
    await form.locator('input[name=password]').fill(PASSWORD);
    await form.locator('button[type=submit]').click();
    await page.locator('.checkin-ok h1', { hasText: '签到成功' }).waitFor();
    await page.locator('.checkin-ok', { hasText: title }).waitFor();
    name = (await page.locator('header .who-name').innerText()).trim();
    const { scrollWidth, innerWidth } = await page.evaluate(() => ({
      scrollWidth: document.documentElement.scrollWidth,
      innerWidth: window.innerWidth,
    }));
    assert.ok(scrollWidth <= innerWidth + 1, `the check-in page overflows a phone: ${scrollWidth} > ${innerWidth}`);

    // An altered code is refused, in Chinese, and changes nothing.
    const altered = link.replace(/[0-9a-f]$/, (c) => (c === '0' ? '1' : '0'));
    const resp = await page.goto(altered);
    assert.equal(resp.status(), 403);
    await page.locator('.checkin-refused', { hasText: '签到二维码无效' }).waitFor();
    assert.equal(await page.locator('.checkin-refused').getAttribute('data-code'), 'checkin_token_invalid');
    // So is one whose expiry was pushed back.
    const later = link.replace(/t=(\d+)\.(\d+)\./, (_, id, exp) => `t=${id}.${Number(exp) + 3600}.`);
    assert.equal((await page.goto(later)).status(), 403);
  });

  await withPage(browser, t, {}, async (page) => {
    await login(page, server.url, 'city.staff');
    await page.goto(href(activityPath));
    const line = page.locator('.roll-line', { hasText: name });
    await line.locator('.attendance', { hasText: '已签到' }).waitFor();
    await line.locator('text=扫码').waitFor();
    assert.equal(await page.locator('.roll-line .attendance', { hasText: '已签到' }).count(), 1);
  });
});
