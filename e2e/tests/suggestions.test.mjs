// A joint suggestion through its whole life in a real browser, role by role: the deputy drafts
// and submits it, the co-signer confirms, the staff register and assign it, the assisting unit
// gives its view, the main unit contacts the deputy and replies, the deputy is not satisfied, the
// staff send it back, the unit replies again, the deputy is satisfied and the staff close it.
// Then: only the permitted buttons are shown, the notifications arrive, and the pages fit a phone.
//
// One `renda demo` server and one Chromium serve the whole file. The tests after the first use
// the suggestion the first one made, so they run in order (node:test runs a file's tests one
// after another).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { PHONE, launchBrowser, login, logout, pathname, screenshot, startServer, withPage } from './helpers.mjs';

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

const CITY = '示范市人民代表大会';
const HOUSING = '示范市住房和城乡建设局';
const COURT = '示范市中级人民法院';

/** What the lifecycle test made, for the tests after it. */
const made = {
  title: `关于完善老旧小区加装电梯补贴政策的建议（e2e ${Date.now()}）`,
  /** The suggestion's id, once drafted. */
  id: null,
  /** Whether the lifecycle reached 已办结. */
  closed: false,
  /** Every visit of a detail page: { who, state, actions }. */
  visits: [],
};

function href(path) {
  return new URL(path.replace(/^\//, ''), server.url).href;
}

/** Fails with the error page's message if the page is the error page. */
async function failOnErrorPage(page, doing) {
  const card = page.locator('.error-card');
  if ((await card.count()) > 0) {
    const message = (await card.locator('.error-message').innerText().catch(() => '')).trim();
    const code = await card.getAttribute('data-code').catch(() => '');
    throw new Error(`${doing}: the server answered with its error page (${code}): ${message}`);
  }
}

/**
 * Clicks a submit button and waits until the page it leads to has loaded (the same URL may come
 * back, e.g. /suggestions/1?notice=done twice, so the old document is marked first).
 */
async function submitAndWait(page, button, doing) {
  const form = button.locator('xpath=ancestor::form[1]');
  const invalid = await form.evaluate((f) =>
    Array.from(f.elements)
      .filter((el) => el.willValidate && !el.checkValidity())
      .map((el) => `${el.name}: ${el.validationMessage}`),
  );
  assert.deepEqual(invalid, [], `${doing}: the browser would not submit the form`);
  await page.evaluate(() => {
    document.documentElement.dataset.e2eStale = '1';
  });
  await button.click();
  await page.locator('html:not([data-e2e-stale])').waitFor({ state: 'attached' });
  await page.waitForLoadState('load');
  await failOnErrorPage(page, doing);
}

/** The state shown at the top of a detail page. */
async function stateOf(page) {
  return (await page.locator('main .item-top .state').first().innerText()).trim();
}

/** The labels of the actions the detail page offers ([] when it has no 可以进行的操作 card). */
async function actionsOf(page) {
  return (await page.locator('main .actions-card details.action > summary').allInnerTexts()).map((s) => s.trim());
}

/** Asserts the detail page's state, and remembers what `who` was offered in it. */
async function expectState(page, who, expected, doing) {
  const state = await stateOf(page);
  made.visits.push({ who, state, actions: await actionsOf(page) });
  assert.equal(state, expected, `after ${doing} the state should be ${expected}`);
}

/**
 * Finds the suggestion in the role's own list (/suggestions?q=<title>), clicks it and waits for
 * its page. Remembers what `who` is offered there.
 */
async function openFromList(page, who) {
  await page.goto(href(`/suggestions?${new URLSearchParams({ q: made.title })}`));
  await failOnErrorPage(page, `${who}'s list`);
  const item = page.locator('main .card.item a.item-link', { hasText: made.title });
  assert.equal(await item.count(), 1, `${who}'s list /suggestions?q=… does not show the suggestion once`);
  await item.click();
  await page.waitForURL((u) => /^\/suggestions\/\d+$/.test(u.pathname));
  await failOnErrorPage(page, `${who} opening the suggestion`);
  assert.equal((await page.locator('main h1').innerText()).trim(), made.title);
  const id = Number(pathname(page).split('/').pop());
  if (made.id === null) made.id = id;
  assert.equal(id, made.id, `${who}'s list leads to another suggestion`);
  made.visits.push({ who, state: await stateOf(page), actions: await actionsOf(page) });
}

/** The <details class="action"> whose summary is exactly `label`. */
function actionBox(page, label) {
  return page
    .locator('main .actions-card details.action')
    .filter({ has: page.locator('summary', { hasText: new RegExp(`^\\s*${label}\\s*$`) }) });
}

/**
 * Opens the action `label`, lets `fill(form)` fill it in, submits it with its own button and
 * waits for the suggestion page with the notice saying what the action did (never the generic
 * 操作已完成).
 */
async function act(page, who, label, fill = async () => {}) {
  const doing = `${who}: ${label}`;
  const box = actionBox(page, label);
  if ((await box.count()) !== 1) {
    throw new Error(`${doing}: the page offers no such action (it offers: ${(await actionsOf(page)).join('、') || 'nothing'})`);
  }
  if (!(await box.evaluate((d) => d.open))) await box.locator('summary').click();
  const form = box.locator('form');
  await fill(form);
  const button = form.locator('button[type=submit]');
  assert.equal((await button.innerText()).trim(), label, `${doing}: the submit button's label`);
  await submitAndWait(page, button, doing);
  assert.equal(pathname(page), `/suggestions/${made.id}`, `${doing} did not lead back to the suggestion`);
  const notice = await page.locator('main .alert.ok').innerText();
  assert.doesNotMatch(notice, /操作已完成/, `${doing}: the generic notice`);
  assert.match(notice, NOTICES[label], `${doing}: the notice says what happened`);
}

/** What each action's notice begins with. */
const NOTICES = {
  提交: /^已提交，等待/,
  确认联名: /^您已确认联名。/,
  立案: /^已立案。下一步：选择承办单位交办。/,
  交办: /^已交办.+（主办）.*答复期限为\d{4}-\d{2}-\d{2}/,
  提交会办意见: /^会办意见已提交，由主办单位/,
  记录与代表沟通: /^沟通情况已记录。/,
  答复: /^答复已提交，等待.+代表评价。/,
  评价: /^评价已提交，/,
  交回重新办理: /^已交回重新办理，新的答复期限为/,
  办结: /^建议已办结/,
};

/** The name of the logged-in deputy, from the home page's card heading “<name> 代表”. */
async function deputyName(page) {
  await page.goto(server.url);
  const h2 = (await page.locator('main section.card h2').first().innerText()).trim();
  const m = h2.match(/^(.+?)\s*代表$/);
  assert.ok(m, `the deputy's home page heading is “${h2}”, not “<name> 代表”`);
  return m[1];
}

/** The texts of the <li>s of the card headed `heading`. */
async function cardItems(page, heading) {
  const card = page.locator('main .card').filter({ has: page.locator('h2', { hasText: heading }) });
  return card.locator('ul.timeline > li').allInnerTexts();
}

test('the whole lifecycle of a joint suggestion, role by role, in a real browser', async (t) => {
  await withPage(browser, t, {}, async (page) => {
    // deputy2's name, to write it as the co-signer.
    await login(page, server.url, 'deputy2');
    const cosigner = await deputyName(page);
    await logout(page);

    // The deputy drafts the joint suggestion and submits it.
    await login(page, server.url, 'deputy');
    await page.goto(href('/suggestions'));
    await page.locator('main form.filters a.button', { hasText: '提出建议' }).click();
    await page.waitForURL((u) => u.pathname === '/suggestions/new');
    const draft = page.locator('main form[action="/suggestions/new"]');
    await draft.locator('select[name=congress]').selectOption({ label: CITY });
    await draft.locator('select[name=period]').selectOption('recess');
    await draft.locator('input[name=title]').fill(made.title);
    await draft
      .locator('textarea[name=body]')
      .fill('我市不少老旧小区没有电梯，老年居民上下楼困难。建议提高加装电梯的财政补贴标准，简化审批流程，并明确后期维护责任。');
    // The co-signer is picked from the congress's deputies, found by pinyin initials.
    const picker = draft.locator('select[name=cosigners]');
    const search = draft.locator('label:has(select[name=cosigners]) input.picker-filter');
    assert.equal(await search.count(), 1, 'the co-signer list has a search box');
    const option = picker.locator('option:not([hidden])', { hasText: cosigner }).first();
    const initials = (await option.getAttribute('data-keys')).split(' ')[1];
    assert.match(initials, /^[a-z]{2,4}$/, `pinyin initials for ${cosigner}`);
    const before = await picker.locator('option:not([hidden])').count();
    await search.fill(initials);
    const shown = await picker.locator('option:not([hidden])').allInnerTexts();
    assert.ok(shown.some((o) => o.includes(cosigner)), `typing ${initials} finds ${cosigner}: ${shown.join('、')}`);
    assert.ok(shown.length < before, `typing ${initials} narrows the list (${shown.length} of ${before})`);
    await search.press('Enter');
    const chosen = await picker.evaluate((s) => Array.from(s.selectedOptions).map((o) => o.dataset.name));
    assert.deepEqual(chosen, [shown[0].split('（')[0]], 'Enter picks the first match');
    if (chosen[0] !== cosigner) await picker.selectOption({ label: shown.find((o) => o.includes(cosigner)) });
    assert.match(await draft.locator('.picker-chosen').innerText(), new RegExp(`已选 1 人：${cosigner}`));
    await submitAndWait(page, draft.locator('button[type=submit]'), 'deputy: 保存草稿');
    assert.match(pathname(page), /^\/suggestions\/\d+$/, 'saving the draft did not open the suggestion');
    made.id = Number(pathname(page).split('/').pop());
    assert.match(await page.locator('main .alert.ok').innerText(), /建议草稿已保存/);
    await expectState(page, 'deputy', '草稿', 'saving the draft');
    const signers = await page.locator('main dl.facts .signer').allInnerTexts();
    assert.ok(
      signers.some((s) => s.includes(cosigner) && s.includes('待确认')),
      `${cosigner} should be listed as 待确认 (signers: ${signers.join('、')})`,
    );
    await act(page, 'deputy', '提交');
    await expectState(page, 'deputy', '待联名确认', 'submitting');
    // The deputy's own list shows it too.
    await openFromList(page, 'deputy');
    await logout(page);

    // deputy2 confirms the co-signature.
    await login(page, server.url, 'deputy2');
    await openFromList(page, 'deputy2');
    await act(page, 'deputy2', '确认联名');
    await expectState(page, 'deputy2', '已提交', 'confirming the co-signature');
    const confirmed = await page.locator('main dl.facts .signer').allInnerTexts();
    assert.ok(!confirmed.some((s) => s.includes('待确认')), `still 待确认 after confirming: ${confirmed.join('、')}`);
    await logout(page);

    // The staff register it and assign it to housing (main) and the court (assisting).
    await login(page, server.url, 'city.staff');
    await openFromList(page, 'city.staff');
    await act(page, 'city.staff', '立案');
    await expectState(page, 'city.staff', '已立案', '立案');
    await act(page, 'city.staff', '交办', async (form) => {
      await form.locator('select[name=main]').selectOption({ label: HOUSING });
      await form.locator('select[name=assisting]').selectOption({ label: COURT });
      assert.match(await form.locator('input[name=on]').inputValue(), /^\d{4}-\d{2}-\d{2}$/, '交办日期 has no default');
    });
    await expectState(page, 'city.staff', '已交办', '交办');
    const facts = page.locator('main dl.facts');
    await facts.locator('dt', { hasText: '答复期限' }).waitFor();
    assert.match(await facts.innerText(), /答复期限\s*\d{4}-\d{2}-\d{2}/);
    const units = await facts.evaluate((dl) => {
      const dt = Array.from(dl.querySelectorAll('dt')).find((d) => d.textContent.trim() === '承办单位');
      return dt?.nextElementSibling?.textContent.trim() ?? '';
    });
    assert.ok(units.includes(`${HOUSING}（主办）`) && units.includes(`${COURT}（会办）`), `承办单位: ${units}`);
    await logout(page);

    // The court (会办) gives its view to the main unit.
    await login(page, server.url, 'unit.court');
    await openFromList(page, 'unit.court');
    const view = '本院将加强涉加装电梯纠纷的诉前调解，建议住建部门同步完善协商议事规则。';
    await act(page, 'unit.court', '提交会办意见', async (form) => {
      await form.locator('textarea[name=text]').fill(view);
    });
    await expectState(page, 'unit.court', '已交办', '提交会办意见');
    const viewCard = page.locator('main .card').filter({ has: page.locator('h2', { hasText: '会办意见' }) });
    assert.match(await viewCard.locator('h2').innerText(), new RegExp(`${COURT}\\s*会办意见`));
    assert.ok((await viewCard.innerText()).includes(view), 'the 会办意见 card does not show the view');
    await logout(page);

    // Housing (主办) records a contact with the deputy, then replies (B).
    await login(page, server.url, 'unit.housing');
    await openFromList(page, 'unit.housing');
    await act(page, 'unit.housing', '记录与代表沟通', async (form) => {
      await form.locator('select[name=way]').selectOption({ index: 0 });
      await form.locator('textarea[name=summary]').fill('电话联系领衔代表，听取了对补贴标准和审批流程的意见。');
    });
    await expectState(page, 'unit.housing', '办理中', '记录与代表沟通');
    assert.ok((await cardItems(page, '沟通情况')).some((l) => l.includes(HOUSING)), 'the 沟通情况 card lacks the contact');
    await act(page, 'unit.housing', '答复', async (form) => {
      await form.locator('select[name=class]').selectOption('B');
      await form
        .locator('textarea[name=body]')
        .fill('我局已将提高加装电梯补贴标准列入明年工作计划，正在会同财政部门测算资金，审批流程将于年内简化。');
      await form.locator('input[name=signer]').fill('王建国');
    });
    await expectState(page, 'unit.housing', '已答复', '第一次答复');
    await logout(page);

    // deputy2 (a co-signer) may not rate the reply.
    await login(page, server.url, 'deputy2');
    await openFromList(page, 'deputy2');
    await logout(page);

    // The deputy is not satisfied.
    await login(page, server.url, 'deputy');
    await openFromList(page, 'deputy');
    await act(page, 'deputy', '评价', async (form) => {
      await form.locator('select[name=attitude]').selectOption('basic');
      await form.locator('select[name=result]').selectOption('unsatisfied');
      await form.locator('textarea[name=reason]').fill('答复只说列入计划，没有明确补贴标准和完成时间。');
    });
    await expectState(page, 'deputy', '已评价', '不满意的评价');
    await logout(page);

    // The staff send it back.
    await login(page, server.url, 'city.staff');
    await openFromList(page, 'city.staff');
    await act(page, 'city.staff', '交回重新办理');
    await expectState(page, 'city.staff', '重新办理', '交回重新办理');
    await logout(page);

    // The court still may not reply, even now that housing may.
    await login(page, server.url, 'unit.court');
    await openFromList(page, 'unit.court');
    await logout(page);

    // Housing replies again (A).
    await login(page, server.url, 'unit.housing');
    await openFromList(page, 'unit.housing');
    await act(page, 'unit.housing', '答复', async (form) => {
      await form.locator('select[name=class]').selectOption('A');
      await form
        .locator('textarea[name=body]')
        .fill('经市政府同意，加装电梯补贴标准已由每台十万元提高到十五万元，审批改为一窗受理、十个工作日内办结。');
      await form.locator('input[name=signer]').fill('王建国');
    });
    await expectState(page, 'unit.housing', '已答复', '第二次答复');
    await logout(page);

    // The deputy first chooses 不满意 and forgets the reason: the page comes back with the
    // choices kept, the reason asked for beside its field, and the cursor there.
    await login(page, server.url, 'deputy');
    await openFromList(page, 'deputy');
    {
      const box = actionBox(page, '评价');
      if (!(await box.evaluate((d) => d.open))) await box.locator('summary').click();
      const form = box.locator('form');
      await form.locator('select[name=attitude]').selectOption('satisfied');
      await form.locator('select[name=result]').selectOption('unsatisfied');
      await page.evaluate(() => {
        document.documentElement.dataset.e2eStale = '1';
      });
      await form.locator('button[type=submit]').click();
      await page.locator('html:not([data-e2e-stale])').waitFor({ state: 'attached' });
      const again = actionBox(page, '评价');
      assert.ok(await again.evaluate((d) => d.open), 'the rating form is open again');
      assert.equal(await again.locator('select[name=result]').inputValue(), 'unsatisfied', '不满意 stays chosen');
      assert.equal(await again.locator('select[name=attitude]').inputValue(), 'satisfied');
      const error = again.locator('textarea[name=reason] + .field-error');
      assert.equal((await error.innerText()).trim(), '请填写不满意的理由。', 'the reason is asked for beside its field');
      assert.equal(
        await page.evaluate(() => document.activeElement && document.activeElement.name),
        'reason',
        'the cursor is in the field at fault',
      );
      const box2 = await again.locator('textarea[name=reason]').boundingBox();
      const viewport = page.viewportSize();
      assert.ok(box2 && box2.y >= 0 && box2.y < viewport.height, `the field at fault is in view: ${JSON.stringify(box2)}`);
      await screenshot(page, 'rating-refused');
    }
    // Then settles for 满意.
    await act(page, 'deputy', '评价', async (form) => {
      await form.locator('select[name=attitude]').selectOption('satisfied');
      await form.locator('select[name=result]').selectOption('satisfied');
    });
    await expectState(page, 'deputy', '已评价', '满意的评价');
    await logout(page);

    // The staff close it.
    await login(page, server.url, 'city.staff');
    await openFromList(page, 'city.staff');
    await act(page, 'city.staff', '办结', async (form) => {
      assert.match(await form.locator('.consequence').innerText(), /办结不能撤回/);
      await form.locator('input[name=confirm]').check();
    });
    await expectState(page, 'city.staff', '已办结', '办结');
    made.closed = true;

    // The whole history is on the page.
    const replies = page.locator('main .card.reply');
    assert.equal(await replies.count(), 2, 'the page should show two replies');
    const second = (await replies.nth(1).locator('h2').innerText()).trim();
    assert.match(second, /^第2次答复/, `the second reply's heading is “${second}”`);
    assert.match((await replies.nth(0).locator('h2').innerText()).trim(), /^第1次答复 · B类/);
    assert.match(second, /A类/);
    const ratings = await cardItems(page, '代表评价');
    assert.equal(ratings.length, 2, `two ratings expected: ${ratings.join(' | ')}`);
    assert.match(ratings[0], /第1次答复.*不满意.*理由/);
    assert.match(ratings[1], /第2次答复.*办理态度\s*满意.*办理结果\s*满意/);
    const timeline = await cardItems(page, '办理记录');
    assert.ok(timeline.length >= 12, `办理记录 has only ${timeline.length} entries:\n${timeline.join('\n')}`);
    for (const step of ['起草', '提交', '确认联名', '立案', '交办', '提交会办意见', '记录与代表沟通', '答复', '评价', '交回重新办理', '办结']) {
      assert.ok(timeline.some((l) => l.includes(step)), `办理记录 lacks ${step}:\n${timeline.join('\n')}`);
    }
    await logout(page);
  });
});

test('the buttons are only the actions the role may take now', async (t) => {
  assert.ok(made.closed, 'the lifecycle test did not close its suggestion');
  await withPage(browser, t, {}, async (page) => {
    // Seen during the lifecycle.
    const seen = (who) => made.visits.filter((v) => v.who === who);
    assert.ok(seen('unit.court').length >= 2 && seen('deputy2').length >= 2, 'too few visits were recorded');
    for (const v of seen('unit.court')) {
      assert.ok(!v.actions.includes('答复'), `unit.court was offered 答复 in ${v.state}: ${v.actions.join('、')}`);
    }
    for (const v of seen('deputy2')) {
      assert.ok(!v.actions.includes('评价'), `deputy2 was offered 评价 in ${v.state}: ${v.actions.join('、')}`);
    }
    for (const v of made.visits.filter((x) => x.who !== 'deputy')) {
      assert.ok(!v.actions.includes('评价'), `${v.who} was offered 评价 in ${v.state}`);
    }
    for (const v of made.visits.filter((x) => x.who !== 'city.staff')) {
      for (const staffOnly of ['立案', '交办', '交回重新办理', '办结']) {
        assert.ok(!v.actions.includes(staffOnly), `${v.who} was offered ${staffOnly} in ${v.state}`);
      }
    }
    const replied = made.visits.find((v) => v.who === 'deputy' && v.state === '已答复');
    assert.ok(replied?.actions.includes('评价'), 'the deputy was not offered 评价 once the reply came');

    // The closed suggestion offers the staff nothing more.
    await login(page, server.url, 'city.staff');
    await page.goto(href(`/suggestions/${made.id}`));
    await failOnErrorPage(page, 'city.staff opening the closed suggestion');
    assert.equal(await stateOf(page), '已办结');
    assert.equal(await page.locator('main .actions-card').count(), 0, 'the closed suggestion still has an actions card');
    assert.equal(await page.getByRole('heading', { name: '可以进行的操作' }).count(), 0);
    assert.equal(await page.locator('main form[action$="/act"] input[name=command]').count(), 0, 'a command form is left');
  });
});

/**
 * Opens /notifications and reloads it (the background worker turns events into notifications
 * every 2 s) until a message mentions the suggestion; returns those messages' <li>s.
 */
async function waitForNotice(page, who) {
  const deadline = Date.now() + 15_000;
  for (;;) {
    await page.goto(href('/notifications'));
    await failOnErrorPage(page, `${who}'s notifications`);
    const items = page.locator('main ul.notice-list > li').filter({ hasText: made.title });
    if ((await items.count()) > 0) return items;
    if (Date.now() > deadline) {
      const all = await page.locator('main ul.notice-list > li').allInnerTexts();
      throw new Error(`no notification for ${who} mentions 《${made.title}》 within 15 s; it has:\n${all.join('\n')}`);
    }
    await page.waitForTimeout(1000);
  }
}

test('notifications reach the unit and the deputy', async (t) => {
  assert.ok(made.closed, 'the lifecycle test did not close its suggestion');
  await withPage(browser, t, {}, async (page) => {
    for (const [who, expected] of [
      ['unit.housing', /新交办建议《.+》（主办）/],
      ['deputy', /已收到答复，请对办理态度和办理结果作出评价/],
    ]) {
      await login(page, server.url, who);
      const items = await waitForNotice(page, who);
      const texts = await items.allInnerTexts();
      assert.ok(texts.some((x) => expected.test(x)), `${who}'s notifications lack ${expected}:\n${texts.join('\n')}`);
      const first = items.first();
      assert.match((await first.getAttribute('class')) || '', /unread/, `${who}'s new notification is not marked unread`);
      const id = await first.locator('input[name=id]').getAttribute('value');
      assert.ok((await page.locator('header .bell .count').count()) > 0, `${who}'s header shows no unread count`);

      await submitAndWait(page, first.locator('button[type=submit]'), `${who} opening a notification`);
      assert.equal(pathname(page), `/suggestions/${made.id}`, `${who}'s notification does not open the suggestion`);
      assert.equal((await page.locator('main h1').innerText()).trim(), made.title);

      // Now read.
      await page.goto(href('/notifications'));
      const again = page.locator('main ul.notice-list > li').filter({ has: page.locator(`input[name=id][value="${id}"]`) });
      assert.equal(await again.count(), 1);
      assert.doesNotMatch((await again.getAttribute('class')) || '', /unread/, 'the opened notification is still unread');
      assert.match(await again.innerText(), /已读/);
      await logout(page);
    }
  });
});

/** Fails if the page is wider than the screen, naming the widest offenders. */
async function expectFits(page, where) {
  const { scrollWidth, innerWidth, wide } = await page.evaluate(() => {
    const w = window.innerWidth;
    const wide = Array.from(document.querySelectorAll('body *'))
      .filter((el) => el.getClientRects().length > 0 && el.getBoundingClientRect().right > w + 1)
      .slice(0, 5)
      .map((el) => `${el.tagName.toLowerCase()}${el.className ? `.${String(el.className).replace(/\s+/g, '.')}` : ''} (right ${Math.round(el.getBoundingClientRect().right)})`);
    return { scrollWidth: document.documentElement.scrollWidth, innerWidth: w, wide };
  });
  assert.ok(
    scrollWidth <= innerWidth + 1,
    `${where} overflows sideways on a phone: scrollWidth ${scrollWidth} > innerWidth ${innerWidth}; wide: ${wide.join(', ')}`,
  );
}

/** Opens every action of the detail page and checks that each field and button is on screen. */
async function expectActionFormsFit(page, where) {
  const boxes = page.locator('main details.action');
  const n = await boxes.count();
  for (let i = 0; i < n; i++) await boxes.nth(i).evaluate((d) => { d.open = true; });
  const out = await page.evaluate(() => {
    const w = window.innerWidth;
    return Array.from(document.querySelectorAll('main details.action :is(input, select, textarea, button, summary)'))
      .filter((el) => el.type !== 'hidden')
      .map((el) => ({ name: el.name || el.textContent.trim(), r: el.getBoundingClientRect() }))
      .filter(({ r }) => r.width > 0 && (r.left < -1 || r.right > w + 1))
      .map(({ name, r }) => `${name} [${Math.round(r.left)}, ${Math.round(r.right)}]`);
  });
  assert.deepEqual(out, [], `${where}: action form controls reach outside the screen`);
  await expectFits(page, `${where} with every action open`);
  return n;
}

test('on a phone the suggestion page and its action forms fit the screen', async (t) => {
  await withPage(browser, t, PHONE, async (page) => {
    await login(page, server.url, 'deputy');
    await page.goto(href('/suggestions'));
    await failOnErrorPage(page, 'the deputy list');
    assert.ok((await page.locator('main .card.item a.item-link').count()) > 0, 'the deputy has no suggestions listed');
    await expectFits(page, '/suggestions');

    // The drafting form, and a fresh draft whose page offers several actions.
    await page.goto(href('/suggestions/new'));
    await expectFits(page, '/suggestions/new');
    const draft = page.locator('main form[action="/suggestions/new"]');
    await draft.locator('select[name=congress]').selectOption({ label: CITY });
    await draft.locator('input[name=title]').fill(`关于在地铁站增设母婴室的建议（手机 e2e ${Date.now()}）`);
    await draft.locator('textarea[name=body]').fill('建议在客流量大的地铁站增设母婴室，方便带婴幼儿出行的市民。');
    await submitAndWait(page, draft.locator('button[type=submit]'), 'deputy on a phone: 保存草稿');
    assert.match(pathname(page), /^\/suggestions\/\d+$/);
    await expectFits(page, 'a draft suggestion');
    const n = await expectActionFormsFit(page, 'a draft suggestion');
    assert.ok(n >= 1, 'the draft offers the deputy no actions');

    // The lifecycle's suggestion: replies, ratings and a long history.
    if (made.id !== null) {
      await page.goto(href(`/suggestions?${new URLSearchParams({ q: made.title })}`));
      await expectFits(page, '/suggestions?q=<title>');
      await page.goto(href(`/suggestions/${made.id}`));
      await failOnErrorPage(page, 'the lifecycle suggestion');
      await expectFits(page, `/suggestions/${made.id}`);
    }
  });
});
