// A standing committee meeting with an appointment, end to end in a real browser (issue 17).
//
// The city's clerk, on a desktop, schedules a meeting for today and puts three matters on its
// agenda: a resolution, an amendment to it and — through a 任免案 filed twelve days ago,
// accepted, its nominee's law exam passed — an appointment. A case filed five days before the
// meeting and a court nominee turned down today filed again are refused in Chinese with the form
// as typed, and the list of cases does not change. Two members ask for leave on their phones and
// the clerk approves; the others sign in on their phones one by one: with seven of fifteen the
// vote cannot open and the page says why; with eight the quorum shows. The members vote on their
// phones: the amendment passes with exactly eight votes; the resolution, seven yes to one no
// with nine present, fails because it lacks a majority of all fifteen; a second vote from
// another tab and a vote after the close are refused and change nothing; the appointment passes
// by secret ballot with eight votes. The clerk issues the 任命书 — the DOCX opens in LibreOffice
// — and the meeting's 任免公告, which a visitor finds on the portal: a DOCX on the GB/T 9704
// page (A4, 37 mm top and 28 mm binding margins, the title in 小标宋, the body in 仿宋).
//
// LibreOffice: when `soffice` is missing the conversions are skipped, unless
// RENDA_REQUIRE_SOFFICE=1 (CI), which fails the test instead.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { inflateRawSync } from 'node:zlib';
import { PHONE, beijingDate, launchBrowser, login, screenshot, startServer } from './helpers.mjs';

const run = promisify(execFile);

const WIDE = { viewport: { width: 1366, height: 768 } };
const SHOTS = process.env.RENDA_SHOTS || '/tmp/shots';

const MEETING = '示范市第十八届人民代表大会常务委员会第二十一次会议';
const RESOLUTION = '关于批准2026年市级预算调整方案的决议（草案）';
const AMENDMENT = '关于批准2026年市级预算调整方案的决议（草案）的修正案';
const POST = '示范市司法局局长';
const NOMINEE = '赵明远';
const APPOINTMENT = `关于任命${NOMINEE}为${POST}的议案`;
const LATE_NOMINEE = '钱晓东';
/** The demo's court nominee, turned down at today's 第二十次会议. */
const FAILED_NOMINEE = '孙立';
const FAILED_POST = '示范市中级人民法院副院长';

/** 2026-12-08 → 2026年12月8日, as the app writes dates in its messages. */
function zh(iso) {
  const [y, m, d] = iso.split('-').map(Number);
  return `${y}年${m}月${d}日`;
}

/** The entries of a zip archive (a DOCX), by name. */
function unzip(buf) {
  let end = buf.length - 22;
  while (end >= 0 && buf.readUInt32LE(end) !== 0x06054b50) end -= 1;
  assert.ok(end >= 0, 'a zip archive');
  const count = buf.readUInt16LE(end + 10);
  let p = buf.readUInt32LE(end + 16);
  const files = new Map();
  for (let i = 0; i < count; i += 1) {
    assert.equal(buf.readUInt32LE(p), 0x02014b50, 'a central directory entry');
    const method = buf.readUInt16LE(p + 10);
    const size = buf.readUInt32LE(p + 20);
    const nameLength = buf.readUInt16LE(p + 28);
    const skip = nameLength + buf.readUInt16LE(p + 30) + buf.readUInt16LE(p + 32);
    const local = buf.readUInt32LE(p + 42);
    const name = buf.toString('utf8', p + 46, p + 46 + nameLength);
    const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const data = buf.subarray(start, start + size);
    files.set(name, method === 8 ? inflateRawSync(data) : Buffer.from(data));
    p += 46 + skip;
  }
  return files;
}

/** The text of a DOCX's body: its runs' text joined. */
function docxText(xml) {
  return [...xml.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('');
}

let server;
let browser;
let work;
let soffice = null;
/** The page being looked at, screenshotted when a test fails. */
let current = null;
/** The clerk on a desktop, logged in for the whole file. */
let clerk;
/** The committee's members with a login, each with their phone: { login, name, person, context, page }. */
const members = [];
/** What the tests find along the way. */
const found = {};

const url = (p) => new URL(p, server.url).href;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  work = await mkdtemp(path.join(tmpdir(), 'renda-appointment-'));
  await mkdir(SHOTS, { recursive: true });
  try {
    await run('which', ['soffice']);
    soffice = 'soffice';
  } catch {
    soffice = null;
  }
  const context = await browser.newContext({ locale: 'zh-CN', ...WIDE });
  context.setDefaultTimeout(15_000);
  context.setDefaultNavigationTimeout(30_000);
  clerk = await context.newPage();
  await login(clerk, server.url, 'city.staff');
});

after(async () => {
  await browser?.close();
  await server?.stop();
  if (work) await rm(work, { recursive: true, force: true });
});

/** Set when a test fails: the later ones, which build on it, are skipped. */
let broken = null;

/** Runs a test's body; on failure the page looked at last is screenshotted into e2e/artifacts. */
async function watched(t, body) {
  if (broken) {
    t.skip(`skipped: "${broken}" failed`);
    return;
  }
  try {
    await body();
  } catch (e) {
    broken = t.name;
    const file = await screenshot(current, t.name);
    if (file) e.message += `\n(screenshot: ${file}; page ${current.url()})`;
    throw e;
  }
}

/** The clerk's desktop, looking at `path`. */
async function desk(p) {
  current = clerk;
  await clerk.goto(url(p));
  return clerk;
}

/** A member's phone, looking at the meeting. */
async function phone(m) {
  current = m.page;
  await m.page.goto(found.meeting);
  return m.page;
}

async function mainText(page) {
  return page.locator('main').innerText();
}

async function noSidewaysScroll(page, width = 390) {
  const scroll = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(scroll <= width, `no sideways scrolling at ${width} px: ${scroll}`);
}

/** A tiny PDF, as a proposing body's scanned letter would come; each with its own bytes (a case
 * keeps one file per content: the same bytes sent as two materials are kept once). */
function pdf(name) {
  return { name, mimeType: 'application/pdf', buffer: Buffer.from(`%PDF-1.4\n% ${name}\n%%EOF\n`) };
}

/** The number of cases in the /personnel list. */
async function caseCount() {
  const page = await desk('personnel');
  return page.locator('main table tbody tr').count();
}

/** Converts `file` to PDF with LibreOffice; returns the PDF's bytes, or null when skipped. */
async function toPdf(t, file) {
  if (!soffice) {
    if (process.env.RENDA_REQUIRE_SOFFICE === '1') assert.fail('soffice is missing and RENDA_REQUIRE_SOFFICE=1');
    t.diagnostic('soffice is missing: the LibreOffice conversion is skipped');
    return null;
  }
  const out = path.join(work, 'pdf');
  await run(
    soffice,
    [
      `-env:UserInstallation=file://${path.join(work, 'lo-profile')}`,
      '--headless',
      '--convert-to',
      'pdf',
      '--outdir',
      out,
      file,
    ],
    { timeout: 120_000 },
  );
  const bytes = await readFile(path.join(out, `${path.basename(file, path.extname(file))}.pdf`));
  assert.equal(bytes.subarray(0, 5).toString('latin1'), '%PDF-', 'LibreOffice wrote a PDF');
  t.diagnostic(`LibreOffice converted ${path.basename(file)} to a PDF of ${bytes.length} bytes`);
  return bytes;
}

/** Fills the 登记任免案 form (the page is /personnel) and sends it. */
async function fileCase(page, c) {
  const form = page.locator('main form[action="/personnel"]');
  await form.locator('select[name=meeting]').selectOption({ label: `${MEETING}（${beijingDate()}）` });
  await form.locator('select[name=action]').selectOption({ label: '任命' });
  await form.locator('select[name=proposer]').selectOption({ label: c.proposer });
  if (c.person) await form.locator('select[name=person]').selectOption({ label: c.person });
  else await form.locator('input[name=name]').fill(c.name);
  await form.locator('select[name=post]').selectOption({ label: c.post });
  await form.locator('input[name=filed_on]').fill(c.filedOn);
  await form.locator('input[name=form]').setInputFiles(pdf('任免呈报表.pdf'));
  await form.locator('input[name=assessment]').setInputFiles(pdf('考察材料.pdf'));
  await form.locator('button', { hasText: '登记任免案' }).click();
}

const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The agenda's matter titled exactly `title` (the resolution's title is part of the amendment's). */
function item(page, title) {
  return page.locator('main section.item', {
    has: page.locator('.item-title', { hasText: new RegExp(`^\\d+\\. ${escape(title)}$`) }),
  });
}

test('the clerk schedules a meeting with three matters; a late case and a barred nomination are refused', async (t) => {
  await watched(t, async () => {
    // The committee's members; accounts for ten of them (the demo has logins for two).
    let page = await desk('meetings');
    const me = await (await clerk.request.get(url('api/v1/me'))).json();
    const committee = await (await clerk.request.get(url('api/v1/committee-memberships'))).json();
    assert.equal(committee.length, 15, 'the city\'s committee has fifteen members');
    const deputy = committee.find((m) => m.name === '邓庆丰');
    assert.ok(deputy, 'the demo deputy sits on the committee');
    const others = committee.filter((m) => m !== deputy && m.name !== '刘杰宁').slice(0, 10);
    for (const [i, m] of others.entries()) {
      const login = `member${String(i + 1).padStart(2, '0')}`;
      const res = await clerk.request.post(url('api/v1/users'), {
        headers: { 'X-CSRF-Token': me.csrf_token },
        data: { login, display_name: m.name, password: 'renda2026', role: 'deputy', person: m.person_id },
      });
      assert.equal(res.status(), 201, `account ${login}: ${await res.text()}`);
      members.push({ login, name: m.name, person: m.person_id });
    }
    // The demo deputy signs in among the first.
    members.splice(2, 0, { login: 'deputy', name: deputy.name, person: deputy.person_id });

    // The meeting, today.
    const form = page.locator('main form[action="/meetings"]');
    await form.locator('select[name=kind]').selectOption('standing_committee');
    await form.locator('input[name=title]').fill(MEETING);
    await form.locator('input[name=number]').fill('21');
    await form.locator('input[name=held_on]').fill(beijingDate());
    await form.locator('input[name=place]').fill('市人大常委会会议室');
    await Promise.all([
      page.waitForURL(/\/meetings\/\d+\?notice=meeting_created/),
      form.locator('button', { hasText: '安排会议' }).click(),
    ]);
    found.meeting = url(new URL(page.url()).pathname);
    assert.equal((await page.locator('main h1').innerText()).trim(), MEETING);

    // The resolution, and an amendment to it.
    for (const [title, matter] of [[RESOLUTION, 'text'], [AMENDMENT, 'amendment']]) {
      const agenda = page.locator('main form[action$="/items"]');
      await agenda.locator('input[name=title]').fill(title);
      await agenda.locator('select[name=matter]').selectOption(matter);
      if (matter === 'amendment') await agenda.locator('select[name=to]').selectOption({ label: RESOLUTION });
      await Promise.all([
        page.waitForURL(/notice=item_added/),
        agenda.locator('button', { hasText: '列入议程' }).click(),
      ]);
    }

    // The post, and the case for it filed twelve days ago, complete.
    page = await desk('personnel');
    const before = await page.locator('main table tbody tr').count();
    const postForm = page.locator('main form[action="/personnel/posts"]');
    await postForm.locator('input[name=title]').fill(POST);
    await postForm.locator('select[name=organ]').selectOption({ label: '示范市司法局' });
    await Promise.all([
      page.waitForURL(/notice=post_added/),
      postForm.locator('button', { hasText: '登记职务' }).click(),
    ]);
    await Promise.all([
      page.waitForURL(/\/personnel\/\d+\?notice=case_filed/),
      fileCase(page, { proposer: '人民政府', name: NOMINEE, post: POST, filedOn: beijingDate(12) }),
    ]);
    found.case = url(new URL(page.url()).pathname);
    assert.equal((await page.locator('main h1').innerText()).trim(), APPOINTMENT);
    let text = await mainText(page);
    assert.match(text, /待审查/);
    assert.match(text, /任免呈报表：任免呈报表\.pdf/);
    assert.match(text, /考察材料：考察材料\.pdf/);
    assert.doesNotMatch(text, /尚缺/, 'the materials are complete');
    await Promise.all([
      page.waitForURL(/notice=case_accepted/),
      page.locator('main button', { hasText: '材料齐全，受理' }).click(),
    ]);
    const exam = page.locator('main form[action$="/exam"]');
    await exam.locator('input[name=sat_on]').fill(beijingDate(20));
    await exam.locator('input[name=score]').fill('92');
    await exam.locator('select[name=passed]').selectOption('yes');
    await Promise.all([page.waitForURL(/notice=exam_recorded/), exam.locator('button').click()]);
    assert.match(await mainText(page), /已合格/);
    await Promise.all([
      page.waitForURL(/notice=case_scheduled/),
      page.locator('main button', { hasText: '列入会议议程' }).click(),
    ]);
    assert.match(await mainText(page), /已列入议程/);

    // Filed five days before the meeting: refused, the form as typed, nothing registered.
    page = await desk('personnel');
    assert.equal(await page.locator('main table tbody tr').count(), before + 1, 'one case more');
    await fileCase(page, { proposer: '人民政府', name: LATE_NOMINEE, post: POST, filedOn: beijingDate(5) });
    await page.waitForLoadState('load');
    let refusal = await page.locator('main .field-error').first().innerText();
    assert.equal(
      refusal,
      `任免案应在会议举行10日前提请：本次会议于${zh(beijingDate())}举行，最迟应于${zh(beijingDate(10))}提请，` +
        `该任免案${zh(beijingDate(5))}提请，请列入以后的会议。`,
    );
    const refused = page.locator('main form[data-refused]');
    assert.equal(await refused.locator('input[name=name]').inputValue(), LATE_NOMINEE, 'the name as typed');
    assert.equal(await refused.locator('input[name=filed_on]').inputValue(), beijingDate(5), 'the date as typed');
    assert.equal(
      await refused.locator('select[name=post] option:checked').innerText(),
      POST,
      'the post as chosen',
    );
    assert.match(await refused.innerText(), /请重新选择附件/);
    assert.equal(await caseCount(), before + 1, 'the late case was not registered');
    assert.doesNotMatch(await mainText(clerk), new RegExp(LATE_NOMINEE));

    // The court's nominee turned down today, filed again for the same post: barred for six months.
    page = await desk('personnel');
    await fileCase(page, { proposer: '人民法院', person: FAILED_NOMINEE, post: FAILED_POST, filedOn: beijingDate(12) });
    await page.waitForLoadState('load');
    refusal = await page.locator('main .alert.error').first().innerText();
    assert.match(refusal, /^该人选任此职务的提名已于.+未获通过，6个月内不能再次提请，最早可于.+提请。$/);
    assert.ok(refusal.startsWith(`该人选任此职务的提名已于${zh(beijingDate())}未获通过`), refusal);
    assert.equal(
      await page.locator('main form[data-refused] select[name=person] option:checked').innerText(),
      FAILED_NOMINEE,
    );
    assert.equal(await caseCount(), before + 1, 'the barred case was not registered');
    const rows = clerk.locator('main table tbody tr', { hasText: `${FAILED_NOMINEE}为${FAILED_POST}` });
    assert.equal(await rows.count(), 1, 'only the demo\'s failed case of 孙立');
    assert.match(await rows.innerText(), /未通过/);

    // The agenda: three matters, the amendment before the text it amends.
    page = await desk(found.meeting);
    const items = page.locator('main section.item');
    assert.equal(await items.count(), 3, 'three matters on the agenda');
    const titles = (await items.locator('.item-title').allInnerTexts()).map((x) => x.replace(/^\d+\. /, ''));
    assert.equal(titles.length, 3);
    const [amendmentAt, resolutionAt] = [titles.indexOf(AMENDMENT), titles.indexOf(RESOLUTION)];
    assert.ok(amendmentAt >= 0 && amendmentAt < resolutionAt, titles.join(' | '));
    assert.ok(titles.includes(APPOINTMENT), titles.join(' | '));
    assert.match(await item(page, APPOINTMENT).locator('.item-top').innerText(), /人事任免.*无记名表决.*待表决/s);
    assert.match(await mainText(page), new RegExp(`${APPOINTMENT}\\s*已列入议程`));
  });
});

test('two members ask for leave on their phones; the others sign in and the quorum shows', async (t) => {
  await watched(t, async () => {
    for (const m of members) {
      m.context = await browser.newContext({ locale: 'zh-CN', ...PHONE });
      m.context.setDefaultTimeout(15_000);
      m.context.setDefaultNavigationTimeout(30_000);
      m.page = await m.context.newPage();
      current = m.page;
      await login(m.page, server.url, m.login);
    }
    const away = members.slice(0, 2);
    const present = members.slice(2);
    assert.equal(present.length, 9);

    // Leave, asked on a phone.
    for (const m of away) {
      const page = await phone(m);
      await page.locator('main summary', { hasText: '请假' }).click();
      const leave = page.locator('main form[action$="/leave"]');
      await leave.locator('textarea[name=reason]').fill('赴省里参加专题培训，不能出席会议。');
      await Promise.all([
        page.waitForURL(/notice=leave_requested/),
        leave.locator('button', { hasText: '提交请假申请' }).click(),
      ]);
      assert.match(await mainText(page), new RegExp(`${m.name}：赴省里参加专题培训，不能出席会议。\\s*待批准`));
      await noSidewaysScroll(page);
    }

    // The clerk approves both.
    let page = await desk(found.meeting);
    for (const m of away) {
      const request = page.locator('main li', { hasText: `${m.name}：赴省里参加专题培训` });
      await Promise.all([
        page.waitForURL(/notice=leave_decided/),
        request.getByRole('button', { name: '批准', exact: true }).click(),
      ]);
      assert.match(await page.locator('main li', { hasText: `${m.name}：赴省里` }).innerText(), /已批准/);
      const row = page.locator('main .quorum tr', { hasText: m.name });
      assert.match(await row.innerText(), /请假/);
    }

    // Seven sign in on their phones: no quorum yet.
    for (const [i, m] of present.slice(0, 7).entries()) {
      const p = await phone(m);
      await Promise.all([p.waitForURL(/notice=signed_in/), p.locator('main button', { hasText: '签到' }).click()]);
      const text = await mainText(p);
      assert.match(text, /您已签到/);
      assert.match(text, new RegExp(`应到15人，实到${i + 1}人`));
    }
    page = await desk(found.meeting);
    assert.match(
      await page.locator('main .quorum').innerText(),
      /应到15人，实到7人，法定人数8人：未达到法定人数，不能表决/,
    );
    // Opening a vote without a quorum is refused; the matter stays as it was.
    await item(page, AMENDMENT).locator('button', { hasText: '开始表决' }).click();
    await page.waitForLoadState('load');
    assert.equal(
      await page.locator('main .alert.error').first().innerText(),
      '出席的组成人员7人，未超过全体组成人员15人的半数（至少须8人出席），不能表决。',
    );
    page = await desk(found.meeting);
    assert.equal(await page.locator('main section.item', { hasText: '表决中' }).count(), 0, 'no vote opened');
    assert.equal(await page.locator('main section.item button', { hasText: '开始表决' }).count(), 3);

    // The eighth makes the quorum; the ninth signs in too.
    for (const [i, m] of present.slice(7).entries()) {
      const p = await phone(m);
      await Promise.all([p.waitForURL(/notice=signed_in/), p.locator('main button', { hasText: '签到' }).click()]);
      const quorum = await p.locator('main .quorum').innerText();
      assert.match(quorum, new RegExp(`应到15人，实到${8 + i}人，法定人数8人：已达到法定人数`));
    }
    // A member on leave sees the quorum, and their leave in the list.
    const p = await phone(away[0]);
    assert.match(await p.locator('main .quorum').innerText(), /应到15人，实到9人.*已达到法定人数/s);
    assert.match(await p.locator('main .quorum tr', { hasText: away[0].name }).innerText(), /请假/);
  });
});

/** The clerk opens the vote on the matter titled `title`. */
async function open(title) {
  const page = await desk(found.meeting);
  await Promise.all([
    page.waitForURL(/notice=vote_opened/),
    item(page, title).locator('button', { hasText: '开始表决' }).click(),
  ]);
  assert.match(await item(page, title).locator('.item-top').innerText(), /表决中/);
}

/** The clerk closes the vote on `title` and returns the result read out. */
async function close(title) {
  const page = await desk(found.meeting);
  await item(page, title).locator('input[name=confirm]').check();
  await Promise.all([
    page.waitForURL(/notice=vote_closed/),
    item(page, title).locator('button', { hasText: '结束表决并宣布结果' }).click(),
  ]);
  return item(page, title).locator('p > strong').innerText();
}

/** Member `m` votes `choice` on `title` with one tap on their phone. */
async function vote(m, title, choice) {
  const page = await phone(m);
  await Promise.all([
    page.waitForURL(/notice=vote_cast/),
    item(page, title).locator('form.vote-buttons button', { hasText: choice }).click(),
  ]);
  assert.equal(await page.locator('main form.vote-buttons').count(), 0, `${m.login} is not offered the vote again`);
  assert.match(await item(page, title).innerText(), /您已表决/);
  return page;
}

test('members vote on their phones: a majority of all members decides; repeated and late votes are refused', async (t) => {
  await watched(t, async () => {
    const present = members.slice(2);
    const away = members[0];

    // The amendment first (the text it amends cannot open before it): exactly eight votes pass.
    let page = await desk(found.meeting);
    await item(page, RESOLUTION).locator('button', { hasText: '开始表决' }).click();
    await page.waitForLoadState('load');
    assert.match(await page.locator('main .alert.error').first().innerText(), new RegExp(`请先表决“${AMENDMENT}”`));
    await open(AMENDMENT);
    // A member on leave is not signed in and is offered no vote.
    const leavePage = await phone(away);
    assert.equal(await leavePage.locator('main form.vote-buttons').count(), 0, 'no vote for a member on leave');
    for (const [i, m] of present.entries()) await vote(m, AMENDMENT, i < 8 ? '赞成' : '弃权');
    assert.equal(
      await close(AMENDMENT),
      '应到15人，实到9人；赞成8票，反对0票，弃权1票，未表决0人。通过（须全体组成人员过半数，即8票）。',
    );

    // The resolution: seven yes, one no, one member too late — more yes than no, and fails.
    await open(RESOLUTION);
    const [twoTabs, late] = [present[0], present[8]];
    // A member opens the meeting in a second tab before voting in the first.
    const second = await twoTabs.context.newPage();
    current = second;
    await second.goto(found.meeting);
    // The late member has the vote on screen but does not tap yet.
    const latePage = await phone(late);
    assert.equal(await latePage.locator('main form.vote-buttons').count(), 1);
    for (const [i, m] of present.slice(0, 8).entries()) await vote(m, RESOLUTION, i < 7 ? '赞成' : '反对');
    // The second tab's 反对: refused, nothing counted.
    current = second;
    await second.locator('main form.vote-buttons button', { hasText: '反对' }).click();
    await second.waitForLoadState('load');
    assert.equal(await second.locator('main .alert.error').first().innerText(), '您已经表决过，每项表决每人只能表决一次。');
    await second.close();
    page = await desk(found.meeting);
    assert.match(
      await item(page, RESOLUTION).innerText(),
      /已表决8人（全体组成人员15人）/,
    );
    const announced = await close(RESOLUTION);
    assert.equal(
      announced,
      '应到15人，实到9人；赞成7票，反对1票，弃权0票，未表决1人。未通过（须全体组成人员过半数，即8票）。',
    );
    // The late member taps after the close: refused, the result as announced.
    current = latePage;
    await latePage.locator('main form.vote-buttons button', { hasText: '反对' }).click();
    await latePage.waitForLoadState('load');
    assert.equal(await latePage.locator('main .alert.error').first().innerText(), '表决已经结束，结果已经宣布，不能投票。');
    page = await desk(found.meeting);
    const resolution = item(page, RESOLUTION);
    assert.equal(await resolution.locator('p > strong').innerText(), announced, 'the result unchanged');
    const roll = await resolution.locator('details').textContent();
    assert.match(roll, new RegExp(`${late.name}：未表决`), 'the roll records the late member as not voting');

    // The appointment, by secret ballot: eight yes, one no — passed.
    await open(APPOINTMENT);
    const secret = await phone(present[0]);
    const ballot = item(secret, APPOINTMENT);
    assert.match(await ballot.innerText(), /无记名表决：系统只记录您已表决/);
    await noSidewaysScroll(secret);
    await secret.screenshot({ path: path.join(SHOTS, 'committee-phone-vote.png'), fullPage: true });
    for (const [i, m] of present.entries()) await vote(m, APPOINTMENT, i < 8 ? '赞成' : '反对');
    await noSidewaysScroll(present[8].page);
    assert.equal(
      await close(APPOINTMENT),
      '应到15人，实到9人；赞成8票，反对1票，弃权0票，未表决0人。通过（须全体组成人员过半数，即8票）。',
    );
    page = await desk(found.meeting);
    const appointment = item(page, APPOINTMENT);
    assert.equal(await appointment.locator('details').count(), 0, 'no roll for a secret ballot');
    assert.match(await mainText(page), new RegExp(`${APPOINTMENT}\\s*已通过`));

    page = await desk(found.case);
    const text = await mainText(page);
    assert.match(text, /已通过/);
    assert.match(text, /应到15人，实到9人；赞成8票，反对1票，弃权0票，未表决0人。通过/);
  });
});

test('the clerk issues the 任命书 and the 任免公告; the notice is on the portal in the GB/T 9704 format', async (t) => {
  await watched(t, async () => {
    // The 任命书, downloaded and opened in LibreOffice.
    let page = await desk(found.case);
    await Promise.all([
      page.waitForURL(/notice=certificate_issued/),
      page.locator('main button', { hasText: '制发任命书' }).click(),
    ]);
    const line = await page.locator('main section.card p', { hasText: '下载任命书（DOCX）' }).innerText();
    const number = line.split('·')[0].trim();
    assert.match(number, new RegExp(`^示人常任〔${beijingDate().slice(0, 4)}〕\\d+号$`), `the certificate's number: ${line}`);
    t.diagnostic(`任命书 ${number}`);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.locator('main a', { hasText: '下载任命书（DOCX）' }).click(),
    ]);
    assert.match(download.suggestedFilename(), /\.docx$/);
    const certificate = path.join(work, 'certificate.docx');
    await download.saveAs(certificate);
    const bytes = await readFile(certificate);
    assert.equal(bytes.subarray(0, 2).toString('latin1'), 'PK', 'a DOCX is a zip');
    const words = docxText(unzip(bytes).get('word/document.xml').toString('utf8'));
    assert.ok(words.includes(NOMINEE) && words.includes(POST), `the certificate names the appointee: ${words}`);
    assert.ok(words.includes(number), `the certificate carries its number: ${words}`);
    await toPdf(t, certificate);

    // The case page at 390 px.
    await page.setViewportSize({ width: 390, height: 844 });
    await noSidewaysScroll(page);
    await page.screenshot({ path: path.join(SHOTS, 'committee-case-390.png'), fullPage: true });
    await page.setViewportSize(WIDE.viewport);

    // The 任免公告, issued from the meeting page.
    page = await desk(found.meeting);
    const section = page.locator('main section.card', { has: page.locator('h2', { hasText: '人事任免' }) });
    await Promise.all([
      page.waitForURL(/notice=appointment_notice_issued/),
      section.locator('button', { hasText: '签发任免公告' }).click(),
    ]);
    const year = beijingDate().slice(0, 4);
    const issued = await page.locator('main section.card', { has: page.locator('h2', { hasText: '人事任免' }) }).innerText();
    const m = issued.match(new RegExp(`任免公告 (示人常公〔${year}〕\\d+号)`));
    assert.ok(m, `the notice's number: ${issued}`);
    const noticeNumber = m[1];
    t.diagnostic(`任免公告 ${noticeNumber}`);
    assert.match(issued, /已在门户网站公布/);
    assert.equal(await section.locator('button', { hasText: '签发任免公告' }).count(), 0, 'issued once');

    // A visitor finds it on the portal.
    const visitor = await browser.newContext({ locale: 'zh-CN', ...PHONE });
    try {
      const portal = await visitor.newPage();
      current = portal;
      await portal.goto(url('portal/appointments'));
      const card = portal.locator('main section.card', { hasText: `${MEETING}任免公告` });
      assert.equal(await card.count(), 1, 'the meeting\'s notice is on the portal');
      assert.match(await card.innerText(), new RegExp(noticeNumber.replace(/[〔〕]/g, '.')));
      await noSidewaysScroll(portal);
      const href = await card.locator('a', { hasText: '下载公告（DOCX）' }).getAttribute('href');
      const res = await portal.request.get(url(href));
      assert.equal(res.status(), 200);
      assert.equal(
        res.headers()['content-type'],
        'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      );
      const docx = await res.body();
      assert.equal(docx.subarray(0, 2).toString('latin1'), 'PK', 'a DOCX is a zip');
      const parts = unzip(docx);
      const xml = parts.get('word/document.xml').toString('utf8');
      const styles = parts.get('word/styles.xml').toString('utf8');
      // GB/T 9704 §5.2.1: A4; top margin 37 mm, binding margin 28 mm (in twips).
      assert.match(xml, /<w:pgSz w:w="11906" w:h="16838"/, 'A4');
      assert.match(xml, /<w:pgMar w:top="2098"[^>]* w:left="1587"/, 'the standard\'s margins');
      assert.match(xml, /w:eastAsia="方正小标宋简体"/, 'the title in 小标宋');
      assert.match(styles, /w:eastAsia="仿宋_GB2312"/, 'the body in 仿宋');
      const body = docxText(xml);
      assert.ok(body.includes(noticeNumber), `the notice carries its number: ${body}`);
      assert.ok(body.includes('示范市人民代表大会常务委员会公告'), body);
      assert.ok(body.includes(`任命${NOMINEE}为${POST}`), body);
      assert.ok(!body.includes(FAILED_NOMINEE) && !body.includes(LATE_NOMINEE), 'only what this meeting decided');
      const file = path.join(work, 'notice.docx');
      await writeFile(file, docx);
      if (await toPdf(t, file)) {
        // The portal offers the PDF too, converted on the server.
        const pdfHref = await card.locator('a', { hasText: '下载公告（PDF）' }).getAttribute('href');
        const converted = await portal.request.get(url(pdfHref));
        assert.equal(converted.status(), 200);
        assert.equal((await converted.body()).subarray(0, 5).toString('latin1'), '%PDF-');
      }
    } finally {
      await visitor.close();
    }
  });
});
