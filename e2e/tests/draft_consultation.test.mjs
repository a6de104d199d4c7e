// A citizen on a phone comments on article 5 of a draft regulation and later reads the published
// report that answers the comment's group (issue 18).
//
// Today the demo city's 养犬管理条例（草案） is in consultation: on a 390 px phone the citizen opens
// it from the portal's list, follows article 5's own link to the form (article 5 chosen), types
// the change, a name and a phone, and gets a receipt code. The same database is then served 31
// days later (`RENDA_NOW`), after the period: the city's clerk puts the comment in a group of its
// own, answers it 采纳 with the reason and publishes the 征求意见情况. Back on the phone, the
// receipt code names the comment's group and its answer, and the report shows that group answered,
// without the citizen's name or phone. No page is wider than the phone.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beijingDate, launchBrowser, login, PHONE, startServer, withPage } from './helpers.mjs';

const WIDE = { viewport: { width: 1366, height: 768 } };
const DRAFT = '示范市养犬管理条例（草案）';
const TEXT = '建议第五条明确：犬只进入电梯时，携犬人应当怀抱犬只或者为其佩戴嘴套。';
const REASON = '已在第五条中增加相应规定。';

async function fitsThePhone(page) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 1, `${page.url()} is ${overflow}px wider than the phone`);
}

let browser;
let dir;

before(async () => {
  browser = await launchBrowser();
  dir = await mkdtemp(path.join(tmpdir(), 'renda-e2e-draft-'));
});

after(async () => {
  await browser?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

test("a citizen on a phone comments on article 5 of a draft and later reads the published report that answers the comment's group", async (t) => {
  let code = '';
  let server = await startServer({ dir });
  try {
    await withPage(browser, t, PHONE, async (page) => {
      await page.goto(new URL('portal/drafts', server.url).href);
      await fitsThePhone(page);
      await page.locator('.draft-list a', { hasText: DRAFT }).first().click();
      await page.locator('#art-5').waitFor();
      assert.match(await page.locator('.draft-period').textContent(), /征求意见中，还有\d+天截止/);
      await fitsThePhone(page);
      await page.locator('#art-5 a', { hasText: '对本条提出意见' }).click();
      const form = page.locator('form.draft-comment-form');
      await form.waitFor();
      assert.equal(await form.locator('select[name=article]').inputValue(), '5');
      await form.locator('textarea[name=text]').fill(TEXT);
      await form.locator('input[name=name]').fill('赵小红');
      await form.locator('input[name=contact]').fill('13912345678');
      await form.locator('button[type=submit]').click();
      await page.waitForURL((u) => u.pathname === '/portal/drafts/receipt');
      code = (await page.locator('.receipt-code').textContent()).trim();
      assert.match(code, /^[0-9A-Z]{5}-[0-9A-Z]+$/);
      const main = await page.locator('main').textContent();
      assert.match(main, /第5条/);
      assert.match(main, /征求意见情况尚未公布/);
      await fitsThePhone(page);
    });
  } finally {
    await server.stop();
  }

  // The same database 31 days later: the period has closed.
  server = await startServer({ dir, env: { RENDA_NOW: beijingDate(-31) } });
  try {
    await withPage(browser, t, WIDE, async (page) => {
      await login(page, server.url, 'city.staff');
      await page.goto(new URL('legislation', server.url).href);
      await page.locator('main table a', { hasText: DRAFT }).first().click();
      const row = page.locator('#comments tr', { hasText: TEXT });
      await row.locator('input[name=comments]').check();
      await page.locator('#group-form button', { hasText: '将所选意见归为一组' }).click();
      await page.waitForURL((u) => u.search.includes('comments_grouped'));
      const ours = page.locator('.group-answer', { hasText: TEXT });
      await ours.locator('summary', { hasText: '答复' }).click();
      await ours.locator('select[name=disposition]').selectOption('adopted');
      await ours.locator('textarea[name=reason]').fill(REASON);
      await ours.locator('button', { hasText: '保存答复' }).click();
      await page.waitForURL((u) => u.search.includes('group_answered'));
      await page.locator('button', { hasText: '公布征求意见情况' }).first().click();
      await page.waitForURL((u) => u.search.includes('report_published'));
    });

    await withPage(browser, t, PHONE, async (page) => {
      await page.goto(new URL(`portal/drafts/receipt?code=${code}`, server.url).href);
      const main = await page.locator('main').textContent();
      const m = main.match(/已归入征求意见情况第(\d+)组：采纳/);
      assert.ok(m, main);
      await fitsThePhone(page);
      await page.locator('main a', { hasText: '查看征求意见情况' }).click();
      await page.waitForURL((u) => u.pathname.endsWith('/report'));
      const group = page.locator('.report-groups li', { hasText: TEXT });
      const line = await group.textContent();
      assert.match(line, new RegExp(`第${m[1]}组`));
      assert.match(line, /采纳/);
      assert.match(line, new RegExp(REASON));
      const report = await page.locator('main').textContent();
      assert.ok(!report.includes('赵小红') && !report.includes('13912345678'), 'never who sent it');
      await fitsThePhone(page);
    });
  } finally {
    await server.stop();
  }
});
