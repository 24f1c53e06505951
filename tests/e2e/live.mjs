// `newsgen serve` in a real browser: Debian's Chromium, headless, driven by
// playwright-core, on loopback only. The page must follow edits on disk by
// itself: a template edit shows up, a broken template shows the error page
// (file, line, message), the fix brings the page back, and a stylesheet edit
// changes the style without a full reload.
//
// Usage: node tests/e2e/live.mjs NEWSGEN_BINARY SITE_DIR PORT
// Prints one line per check and `live: N passed, M failed`; exits 1 on any
// failure.

import { chromium } from 'playwright-core';
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync, appendFileSync } from 'node:fs';
import path from 'node:path';

const [binary, site, port] = process.argv.slice(2);
const base = `http://127.0.0.1:${port}`;
const results = [];
const check = (name, ok, why = '') => {
  results.push(ok);
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${name}${ok || !why ? '' : `: ${why}`}`);
};
const hardStop = setTimeout(() => {
  console.log('FAIL live test: timed out after 180 s');
  console.log(`live: ${results.filter(Boolean).length} passed, ${results.filter((r) => !r).length + 1} failed`);
  process.exit(1);
}, 180_000);

const server = spawn(binary, ['serve', '--site', site, '--port', port], { stdio: ['ignore', 'pipe', 'pipe'] });
let log = '';
server.stdout.on('data', (d) => { log += d; });
server.stderr.on('data', (d) => { log += d; });

async function waitFor(predicate, what, ms = 20_000) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    try {
      if (await predicate()) return true;
    } catch { /* the page may be reloading */ }
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`timed out waiting for ${what}`);
}

let browser;
try {
  await waitFor(async () => log.includes('Serving'), 'the server to start');
  check('serve prints the URL', log.includes(`http://127.0.0.1:${port}/`), log);

  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const page = await browser.newPage();
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (!['127.0.0.1', 'localhost'].includes(url.hostname) && url.protocol.startsWith('http')) {
      throw new Error(`a request left loopback: ${request.url()}`);
    }
  });

  // Open the first article from the home page.
  await page.goto(`${base}/`);
  const href = await page.getAttribute('.card-title a', 'href');
  await page.goto(`${base}${href}`);
  const headline = await page.textContent('h1.headline');
  check('an article page is served', Boolean(headline));

  // 1. Edit the article template on disk; the page follows by itself.
  const template = path.join(site, 'templates', 'article.html');
  const original = readFileSync(template, 'utf8');
  const edited = original.replace('<h1 class="headline">', '<p id="live-edit">Edited live</p>\n    <h1 class="headline">');
  writeFileSync(template, edited);
  try {
    await waitFor(async () => (await page.$('#live-edit')) !== null, 'the edited template');
    check('a template edit appears without touching the browser', true);
  } catch (err) {
    check('a template edit appears without touching the browser', false, err.message);
  }

  // 2. Break the template: the error page names the file, line and message.
  writeFileSync(template, edited.replace('{% block content %}', '{% block content %}\n{{ article.title | no_such_filter }}'));
  try {
    await waitFor(async () => (await page.$('.newsgen-error')) !== null, 'the error page');
    const text = await page.textContent('body');
    check('a broken template shows the error page', true);
    check('the error page names the template file, line and column', /templates\/article\.html:\d+:\d+/.test(text), text.slice(0, 300));
    check('the error page shows the message and the source line', text.includes('Unknown filter') && text.includes('no_such_filter'), text.slice(0, 300));
  } catch (err) {
    check('a broken template shows the error page', false, err.message);
  }

  // 3. Fix it: the page recovers by itself.
  writeFileSync(template, edited);
  try {
    await waitFor(async () => (await page.$('#live-edit')) !== null && (await page.$('.newsgen-error')) === null, 'the fixed page');
    check('fixing the template brings the page back', true);
  } catch (err) {
    check('fixing the template brings the page back', false, err.message);
  }

  // 4. Edit the stylesheet: the style changes without a full reload.
  await page.evaluate(() => { window.__notReloaded = true; });
  appendFileSync(path.join(site, 'static', 'style.css'), '\nbody { background: rgb(1, 2, 3) !important; }\n');
  try {
    await waitFor(async () => (await page.evaluate(() => getComputedStyle(document.body).backgroundColor)) === 'rgb(1, 2, 3)', 'the new style');
    check('a stylesheet edit changes the style', true);
    check('the stylesheet is refreshed without a full reload', await page.evaluate(() => window.__notReloaded === true));
  } catch (err) {
    check('a stylesheet edit changes the style', false, err.message);
  }

  // 5. The reload script is only in served pages, never in the build output.
  const built = readFileSync(path.join(site, '.newsgen', 'serve', 'index.html'), 'utf8');
  const served = await (await fetch(`${base}/`)).text();
  check('the reload script is injected only when serving', !built.includes('__newsgen/events') && served.includes('__newsgen/events'));
} catch (err) {
  check('live test', false, err.message);
} finally {
  clearTimeout(hardStop);
  if (browser) await browser.close();
  server.kill('SIGINT');
}

const passed = results.filter(Boolean).length;
const failed = results.length - passed;
console.log(`live: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 && passed >= 8 ? 0 : 1);
