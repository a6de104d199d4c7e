// Sharing a document: on a phone (390 px) the page offers the system share sheet through a
// share button and hides the "微信扫一扫" QR box, which is useless on the phone that would scan
// it; on a wide screen (1366 px) the QR box is shown and the button is not. Where the browser
// has navigator.share, the button opens it with the document's address.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { PHONE, launchBrowser, screenshot, startServer, withPage } from './helpers.mjs';

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

/** Opens the first public document of the portal's news list. */
async function openADocument(page) {
  await page.goto(href('/portal/k/news'));
  await page.locator('.list a.card.item').first().click();
  await page.locator('article.article h1').waitFor();
  await page.locator('.share').scrollIntoViewIfNeeded();
}

test('on a phone the share button is shown and the QR box is not', async (t) => {
  await withPage(browser, t, PHONE, async (page) => {
    // A stand-in for the phone's share sheet, recording what it is given.
    await page.addInitScript(() => {
      window.__shared = [];
      navigator.share = (data) => {
        window.__shared.push(data);
        return Promise.resolve();
      };
    });
    await openADocument(page);
    const button = page.locator('.share .share-native');
    assert.ok(await button.isVisible(), 'the share button is shown');
    assert.equal(await button.innerText(), '分享本文');
    assert.ok(!(await page.locator('.share .qr').isVisible()), 'the QR box is hidden on the phone');
    await screenshot(page, 'search_share phone');

    const url = page.url();
    const title = await page.locator('article.article h1').innerText();
    await button.click();
    const shared = await page.evaluate(() => window.__shared);
    assert.equal(shared.length, 1, 'the share sheet is opened');
    assert.equal(shared[0].url, url, 'with the address of the document');
    assert.equal(shared[0].title, title);
    assert.equal(page.url(), url, 'and the page stays');
  });
});

test('on a wide screen the QR box is shown and the share button is not', async (t) => {
  await withPage(browser, t, { viewport: { width: 1366, height: 768 } }, async (page) => {
    await openADocument(page);
    const qr = page.locator('.share .qr');
    assert.ok(await qr.isVisible(), 'the QR box is shown');
    await page.waitForFunction(() => {
      const img = document.querySelector('.share .qr img');
      return img && img.complete && img.naturalWidth > 0;
    });
    assert.match(await page.locator('.qr figcaption').innerText(), /微信扫一扫/);
    assert.ok(!(await page.locator('.share .share-native').isVisible()), 'no share button');
    await screenshot(page, 'search_share wide');
  });
});
