// The public portal in a real browser: a citizen on a phone reads the portal, finds documents
// by full-text search with highlighted snippets, is offered to share an article, and is asked
// to log in for a logged-in-only text; staff write a document, preview it, publish it, and it
// becomes searchable once the background indexer has followed the event log.

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
  assert.ok(scrollWidth <= innerWidth + 1, `${where} overflows sideways on a phone: ${scrollWidth} > ${innerWidth}`);
}

/** Searches until the background indexer has caught up (it follows the log every 2 s). */
async function searchUntilFound(page, q, expectText, tries = 20) {
  for (let i = 0; i < tries; i++) {
    await page.goto(href(`/portal/search?${new URLSearchParams({ q })}`));
    if ((await page.locator('.hit', { hasText: expectText }).count()) > 0) return;
    await page.waitForTimeout(1000);
  }
  assert.fail(`search for ${q} never found ${expectText}`);
}

test('a citizen on a phone reads the portal, searches with highlights and is offered the share button', async (t) => {
  await withPage(browser, t, PHONE, async (page) => {
    await page.goto(href('/portal'));
    await page.locator('.kind-box').first().waitFor();
    assert.ok((await page.locator('.kind-box h2').count()) >= 3, 'the home page shows the latest of several kinds');
    await fitsThePhone(page, 'the portal home');

    await searchUntilFound(page, '代表建议', '代表建议');
    const marks = await page.locator('.hit mark').count();
    assert.ok(marks > 0, 'hits highlight the words searched for');
    await fitsThePhone(page, 'the search page');

    await page.locator('.hit').first().click();
    await page.locator('article.article h1').waitFor();
    // On the phone itself a QR code to scan is of no use: the share button is offered instead
    // (search_share.test.mjs checks both widths).
    await page.locator('.share-native').scrollIntoViewIfNeeded();
    assert.ok(await page.locator('.share-native').isVisible(), 'the share button is shown on a phone');
    assert.ok(!(await page.locator('.share .qr').isVisible()), 'the QR box is not');
    await fitsThePhone(page, 'an article');
  });
});

test('a logged-in-only text asks an anonymous reader to log in and opens after login', async (t) => {
  await withPage(browser, t, PHONE, async (page) => {
    await page.goto(href('/portal/k/speech'));
    const locked = page.locator('.card.item', { hasText: '登录阅读' }).first();
    await locked.waitFor();
    await locked.click();
    await page.locator('.login-prompt').waitFor();
    assert.equal(await page.locator('.doc-body').count(), 0, 'no text is sent to an anonymous reader');
    const url = page.url();
    await page.locator('.login-prompt a').click();
    await page.locator('main form[action="/login"] input[name=login]').fill('deputy');
    await page.locator('main form[action="/login"] input[name=password]').fill('renda2026');
    await page.locator('main form[action="/login"] button[type=submit]').click();
    await page.waitForURL((u) => u.pathname.startsWith('/portal/docs/'));
    assert.equal(page.url().split('#')[0], url.split('#')[0], 'login leads back to the article');
    await page.locator('.doc-body p').first().waitFor();
    assert.equal(await page.locator('.login-prompt').count(), 0);
  });
});

test('staff write a document, preview it, publish it, and it becomes searchable', async (t) => {
  await withPage(browser, t, {}, async (page) => {
    await login(page, server.url, 'city.staff');
    await page.goto(href('/admin/documents/new'));
    const title = `示范市人大常委会视察农村饮水安全工程（e2e ${Date.now()}）`;
    const form = page.locator('main form.form');
    await form.locator('select[name=kind]').selectOption('news');
    await form.locator('input[name=title]').fill(title);
    await form.locator('textarea[name=lead]').fill('常委会组成人员视察了饮水安全工程。');
    await form.locator('textarea[name=body]').fill('# 视察情况\n视察组一行实地察看了水厂和管网改造现场。\n视察组要求确保群众喝上放心水。');
    await form.locator('button[value=preview]').click();
    await page.locator('article.preview h2', { hasText: '视察情况' }).waitFor();
    await page.locator('main form.form button[value=publish]').click();
    await page.waitForURL((u) => /\/admin\/documents\/\d+/.test(u.pathname));
    await page.locator('.alert', { hasText: '文档已保存' }).waitFor();

    await page.goto(href('/portal/k/news'));
    await page.locator('.card.item', { hasText: title }).waitFor();
    await searchUntilFound(page, '放心水', title);
    assert.ok((await page.locator('.hit', { hasText: title }).locator('mark').count()) > 0, 'the words searched for are highlighted');
  });
});
