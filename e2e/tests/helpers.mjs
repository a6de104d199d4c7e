// Shared helpers for the browser tests: the demo server, Chromium, logging in, and a screenshot
// of the page whenever a test fails.
//
// Environment:
//   RENDA_BIN  the renda binary (run.sh builds target/debug/renda and sets it)
//   CHROMIUM   the browser executable (default /usr/bin/chromium, Debian's package)

import { spawn } from 'node:child_process';
import { mkdtemp, mkdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';
import { chromium } from 'playwright-core';

const HERE = path.dirname(fileURLToPath(import.meta.url));
export const E2E_DIR = path.resolve(HERE, '..');
export const ARTIFACTS = path.join(E2E_DIR, 'artifacts');
const ROOT = path.resolve(E2E_DIR, '..');

export const PASSWORD = 'renda2026';

/** Every demo login with the heading of its own home page. */
export const DEMO_LOGINS = [
  { login: 'admin', role: '系统管理员', heading: '系统管理' },
  { login: 'city.staff', role: '人大工作人员', heading: '工作台' },
  { login: 'east.staff', role: '人大工作人员', heading: '工作台' },
  { login: 'town.staff', role: '人大工作人员', heading: '工作台' },
  { login: 'deputy', role: '人大代表', heading: '我的履职' },
  { login: 'unit.housing', role: '承办单位', heading: '承办工作台' },
  { login: 'unit.court', role: '承办单位', heading: '承办工作台' },
  { login: 'public', role: '公众', heading: '欢迎' },
];

const START_TIMEOUT_MS = 120_000;

/**
 * Starts `renda demo` on a free port with a fresh SQLite database in a temporary directory.
 * Resolves to { url, stop } once the server prints its address; `url` ends with '/'.
 */
export async function startServer(options = {}) {
  const bin = process.env.RENDA_BIN || path.join(ROOT, 'target', 'debug', 'renda');
  // A folder the caller gives is kept on stop: a second server may open the same database later
  // (with `env: { RENDA_NOW: … }`, on another day).
  const dir = options.dir ?? (await mkdtemp(path.join(tmpdir(), 'renda-e2e-')));
  const child = spawn(bin, ['demo', '--addr', '127.0.0.1:0'], {
    env: {
      ...process.env,
      RENDA_DEMO_DATABASE_URL: `sqlite://${dir}/demo.db`,
      RENDA_INDEX_DIR: `${dir}/index`,
      RENDA_LOG: process.env.RENDA_LOG || 'warn',
      ...(options.env ?? {}),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });

  const output = [];
  const remember = (line) => {
    output.push(line);
    if (output.length > 200) output.shift();
  };
  createInterface({ input: child.stderr }).on('line', remember);
  const stdout = createInterface({ input: child.stdout });

  let exited = false;
  const exitPromise = new Promise((resolve) => {
    child.once('exit', (code, signal) => {
      exited = true;
      resolve({ code, signal });
    });
  });
  // If the test process dies, do not leave the server behind.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);

  const stop = async () => {
    process.removeListener('exit', killOnExit);
    if (!exited) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exitPromise;
      clearTimeout(timer);
    }
    if (!options.dir) await rm(dir, { recursive: true, force: true });
  };

  try {
    const url = await new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`renda demo did not print its address within ${START_TIMEOUT_MS / 1000} s`)),
        START_TIMEOUT_MS,
      );
      child.once('error', (e) => {
        clearTimeout(timer);
        reject(new Error(`cannot start ${bin}: ${e.message}`));
      });
      exitPromise.then(({ code, signal }) => {
        clearTimeout(timer);
        reject(new Error(`renda demo exited early (code ${code}, signal ${signal})`));
      });
      stdout.on('line', (line) => {
        remember(line);
        const m = line.match(/http:\/\/[^\s/]+\/?/);
        if (m) {
          clearTimeout(timer);
          resolve(m[0].endsWith('/') ? m[0] : `${m[0]}/`);
        }
      });
    });
    // Keep draining stdout so the server never blocks on a full pipe.
    stdout.on('line', remember);
    return { url, stop, output };
  } catch (e) {
    await stop();
    e.message += `\n--- renda output ---\n${output.join('\n')}`;
    throw e;
  }
}

/** Launches Debian's Chromium headless, with nothing that talks to the network on its own. */
/** The civil date in Beijing (the app's clock), `YYYY-MM-DD`, `daysEarlier` days before today
 * (a negative count is later). */
export function beijingDate(daysEarlier = 0) {
  const today = new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(new Date());
  const d = new Date(`${today}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - daysEarlier);
  return d.toISOString().slice(0, 10);
}

export function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** The phone used by the mobile checks. */
export const PHONE = {
  viewport: { width: 390, height: 844 },
  deviceScaleFactor: 2,
  isMobile: true,
  hasTouch: true,
};

function fileName(testName) {
  return `${testName.replace(/[^\p{L}\p{N}._-]+/gu, '_').replace(/^_+|_+$/g, '').slice(0, 120) || 'test'}.png`;
}

/** Saves a full-page screenshot to e2e/artifacts/<test-name>.png; never throws. */
export async function screenshot(page, testName) {
  if (!page || page.isClosed()) return null;
  try {
    await mkdir(ARTIFACTS, { recursive: true });
    const file = path.join(ARTIFACTS, fileName(testName));
    await page.screenshot({ path: file, fullPage: true, timeout: 10_000 });
    return file;
  } catch {
    return null;
  }
}

/**
 * Runs `body(page, context)` in a fresh browser context (own cookies). If the body throws, the
 * page is screenshotted to e2e/artifacts/<test-name>.png and the error rethrown.
 */
export async function withPage(browser, t, options, body) {
  const context = await browser.newContext({ locale: 'zh-CN', ...options });
  context.setDefaultTimeout(15_000);
  context.setDefaultNavigationTimeout(30_000);
  const page = await context.newPage();
  try {
    await body(page, context);
  } catch (e) {
    const file = await screenshot(page, t.name);
    if (file) e.message += `\n(screenshot: ${path.relative(ROOT, file)}; page ${page.url()})`;
    throw e;
  } finally {
    await context.close();
  }
}

/** The path of the page's current URL. */
export function pathname(page) {
  return new URL(page.url()).pathname;
}

/** Opens the login page and submits the form; does not wait for the outcome. */
export async function submitLogin(page, url, login, password = PASSWORD) {
  await page.goto(new URL('login', url).href);
  const form = page.locator('main form[action="/login"]');
  await form.locator('input[name=login]').fill(login);
  await form.locator('input[name=password]').fill(password);
  await form.locator('button[type=submit]').click();
}

/** Logs in through the real form and waits for the page it leads to (the home page). */
export async function login(page, url, login, password = PASSWORD) {
  await submitLogin(page, url, login, password);
  try {
    await page.waitForURL((u) => u.pathname !== '/login', { waitUntil: 'load' });
  } catch (e) {
    const alert = await page.locator('.alert.error').allTextContents().catch(() => []);
    e.message = `login as ${login} did not leave the login page${alert.length ? `: ${alert.join(' ')}` : ''}\n${e.message}`;
    throw e;
  }
}

/** Clicks the header's 退出 button and waits until the header offers 登录 again. */
export async function logout(page) {
  await page.locator('header form[action="/logout"] button', { hasText: '退出' }).click();
  await page.locator('header .who a[href="/login"]').waitFor({ state: 'visible' });
}
