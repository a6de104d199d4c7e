// The duty archive on a phone (issue 13, point 8): the demo deputy opens their archive at
// 390 × 844 and sees their score, band and rank in the first screen, the score lines keep
// their 得分 column on screen, and nothing overflows sideways. The same page at 1366 × 768.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { PHONE, launchBrowser, login, screenshot, startServer, withPage } from './helpers.mjs';

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

/** Whether the element's box lies inside the first screen (the viewport as first shown). */
async function inFirstScreen(page, selector) {
  return page.locator(selector).first().evaluate((el) => {
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0 && r.top >= 0 && r.bottom <= window.innerHeight && r.left >= 0
      && r.right <= window.innerWidth;
  });
}

async function fitsSideways(page, where) {
  const { scrollWidth, innerWidth } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
  }));
  assert.ok(scrollWidth <= innerWidth + 1, `${where} overflows sideways: ${scrollWidth} > ${innerWidth}`);
}

test('the deputy sees score, band and rank in the first screen of a phone, nothing cut off', async (t) => {
  await withPage(browser, t, PHONE, async (page) => {
    await login(page, server.url, 'deputy');
    await page.goto(href('/archive'));
    await page.locator('#summary').waitFor();
    await page.evaluate(() => window.scrollTo(0, 0));

    const number = (await page.locator('#summary .score-number').textContent()).trim();
    assert.match(number, /^\d+(\.\d+)?$/, `the score is a number: ${number}`);
    const band = (await page.locator('#summary dd.band').textContent()).trim();
    assert.ok(band.length > 0 && band !== '本细则未设等次', `a band: ${band}`);
    const rank = (await page.locator('#summary dd.rank').textContent()).trim();
    assert.match(rank, /^第 \d+ 名（共 \d+ 名）$|^不参与排名$/, `a rank: ${rank}`);
    for (const sel of ['#summary .score-number', '#summary dd.band', '#summary dd.rank']) {
      assert.ok(await inFirstScreen(page, sel), `${sel} is in the first screen`);
    }
    assert.match(await page.locator('#summary').textContent(), /考核期间 \d{4}-\d{2}-\d{2} 至 \d{4}-\d{2}-\d{2}/);
    await fitsSideways(page, 'the archive page on a phone');

    // The score lines: every 得分 cell is within the screen's width, and the heading has the number.
    await page.locator('#score').scrollIntoViewIfNeeded();
    assert.ok((await page.locator('#score h2').textContent()).includes(`${number} 分`), 'the heading shows the score');
    const cells = await page.locator('#score .score-table td:last-child, #score .score-table th:last-child')
      .evaluateAll((els) => els.map((el) => {
        const r = el.getBoundingClientRect();
        return { right: r.right, width: r.width, text: el.textContent.trim() };
      }));
    assert.ok(cells.length > 1, 'the score lines are there');
    for (const c of cells) {
      assert.ok(c.width > 0 && c.right <= 390 + 1, `the 得分 cell "${c.text}" is on screen (right ${c.right})`);
    }
    await screenshot(page, 'archive_phone_390');
  });
});

test('the archive page at 1366 × 768 shows the same summary', async (t) => {
  await withPage(browser, t, { viewport: { width: 1366, height: 768 } }, async (page) => {
    await login(page, server.url, 'deputy');
    await page.goto(href('/archive'));
    for (const sel of ['#summary .score-number', '#summary dd.band', '#summary dd.rank']) {
      assert.ok(await inFirstScreen(page, sel), `${sel} is in the first screen`);
    }
    await fitsSideways(page, 'the archive page on a desktop');
    await screenshot(page, 'archive_desktop_1366');
  });
});
