// Real-browser end-to-end check for a built newsgen site.
//
//   node tests/e2e/browser.mjs http://127.0.0.1:18082/news/
//
// Drives Debian's Chromium (/usr/bin/chromium) through playwright-core; no
// browser is ever downloaded. Every check is a named test; failures are
// printed with their reason, and the last line is always
// "browser: N passed, M failed". Exits 1 if anything failed (or too few
// checks ran), 0 otherwise. Only loopback addresses are ever contacted:
// any other request is blocked and reported as a failure.

import { chromium } from 'playwright-core';
import { mkdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HARD_TIMEOUT_MS = 120_000;
const MIN_CHECKS = 10;
const BODY_BACKGROUND = 'rgb(253, 252, 249)';
const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const here = path.dirname(fileURLToPath(import.meta.url));
const shotDir = path.resolve(here, '../../target/e2e');

const base = new URL(process.argv[2] ?? 'http://127.0.0.1:18082/news/');
if (!base.pathname.endsWith('/')) base.pathname += '/';
const basePath = base.pathname;

function isLoopback(url) {
  let u;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  if (u.protocol === 'data:' || u.protocol === 'about:' || u.protocol === 'blob:') return true;
  return ['127.0.0.1', 'localhost', '[::1]'].includes(u.hostname);
}

if (!isLoopback(base.href) || !/^https?:$/.test(base.protocol)) {
  console.log(`browser: refusing non-loopback base URL ${base.href}`);
  console.log('browser: 0 passed, 1 failed');
  process.exit(1);
}

// ---------------------------------------------------------------------------
// Bookkeeping

let passed = 0;
let failed = 0;
let browser = null;
let finished = false;
let timedOut = false;

function summary() {
  console.log(`browser: ${passed} passed, ${failed} failed`);
}

async function check(name, fn) {
  if (timedOut) return false;
  try {
    await fn();
    if (timedOut) return false;
    passed += 1;
    console.log(`ok   ${name}`);
    return true;
  } catch (err) {
    if (timedOut) return false; // the hard timeout reports and exits
    failed += 1;
    const reason = (err && err.message ? err.message : String(err)).split('\n')[0];
    console.log(`FAIL ${name}: ${reason}`);
    return false;
  }
}

function assert(cond, msg) {
  if (!cond) throw new Error(msg);
}

// Run several independent assertions and report all that fail, so one
// broken thing (say, a missing stylesheet) does not hide another.
async function all(...fns) {
  const errors = [];
  for (const fn of fns) {
    try {
      await fn();
    } catch (err) {
      errors.push(err?.message ?? String(err));
    }
  }
  assert(errors.length === 0, errors.join('; '));
}

const hardTimer = setTimeout(async () => {
  if (finished) return;
  timedOut = true;
  console.log(`FAIL hard timeout: run exceeded ${HARD_TIMEOUT_MS / 1000} s`);
  failed += 1;
  try {
    await Promise.race([browser?.close(), new Promise((r) => setTimeout(r, 5000))]);
  } catch {
    // ignore: exiting anyway
  }
  summary();
  process.exit(1);
}, HARD_TIMEOUT_MS);
hardTimer.unref();

// ---------------------------------------------------------------------------
// Page instrumentation: every page records failed/blocked requests, HTTP
// errors and console errors into `page.problems`, reset before each visit.

async function newContext(viewport) {
  const context = await browser.newContext({ viewport, deviceScaleFactor: 1 });
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (isLoopback(url)) return route.continue();
    context.blocked.push(url);
    return route.abort('blockedbyclient');
  });
  context.blocked = [];
  return context;
}

async function newPage(context) {
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  page.setDefaultNavigationTimeout(15_000);
  page.problems = [];
  page.allowed404 = null; // URL whose 404 is deliberate
  page.on('requestfailed', (req) => {
    page.problems.push(`request failed: ${req.url()} (${req.failure()?.errorText ?? '?'})`);
  });
  page.on('response', (res) => {
    if (res.status() >= 400 && !(res.status() === 404 && res.url() === page.allowed404)) {
      page.problems.push(`HTTP ${res.status()} for ${res.url()}`);
    }
  });
  page.on('console', (msg) => {
    if (msg.type() !== 'error') return;
    const loc = msg.location()?.url ?? '';
    if (page.allowed404 && loc === page.allowed404 && /status of 404/.test(msg.text())) return;
    page.problems.push(`console error: ${msg.text()}`);
  });
  page.on('pageerror', (err) => page.problems.push(`page error: ${err.message}`));
  return page;
}

function resetProblems(page) {
  page.problems = [];
  page.context().blocked.length = 0;
}

async function settle(page) {
  await page.waitForLoadState('load');
  await page.waitForLoadState('networkidle', { timeout: 5_000 }).catch(() => {});
}

function assertNoProblems(page) {
  const blocked = page.context().blocked.map((u) => `blocked non-loopback request: ${u}`);
  const found = [...page.problems, ...blocked];
  assert(found.length === 0, found.join('; '));
}

async function visit(page, url, expectStatus = 200) {
  resetProblems(page);
  page.allowed404 = expectStatus === 404 ? url : null;
  const res = await page.goto(url, { waitUntil: 'load' });
  await settle(page);
  assert(res, `no response for ${url}`);
  assert(res.status() === expectStatus, `${url}: HTTP ${res.status()}, expected ${expectStatus}`);
  return res;
}

async function assertStyled(page) {
  const info = await page.evaluate(() => ({
    bg: getComputedStyle(document.body).backgroundColor,
    sheets: [...document.styleSheets].map((s) => s.href),
  }));
  assert(
    info.bg === BODY_BACKGROUND,
    `stylesheet not applied: body background is ${info.bg}, expected ${BODY_BACKGROUND}` +
      ` (stylesheets: ${info.sheets.join(', ') || 'none'})`,
  );
}

async function h1Text(page) {
  const h1 = page.locator('h1').first();
  assert((await h1.count()) > 0, `${page.url()}: no h1`);
  const text = (await h1.innerText()).trim();
  assert(text.length > 0, `${page.url()}: empty h1`);
  return text;
}

async function assertListing(page) {
  await h1Text(page);
  const cards = await page.locator('article.card').count();
  assert(cards > 0, `${page.url()}: no article cards`);
}

async function clickAndWait(page, locator, what) {
  assert((await locator.count()) > 0, `no ${what} link on ${page.url()}`);
  const before = page.url();
  resetProblems(page);
  await locator.first().click();
  await page.waitForURL((u) => u.href !== before, { waitUntil: 'load' });
  await settle(page);
}

const pathOf = (page) => new URL(page.url()).pathname;

// ---------------------------------------------------------------------------
// Checks

async function pageLoadChecks(page) {
  const urls = {};

  // Load `url` (or the URL returned by a function, for pages discovered by an
  // earlier check), expect `status`, then check that no request failed, no
  // console error was logged, the stylesheet applied, and the page-specific
  // `extra` assertions; all failures of one page are reported together.
  const load = (name, url, status, ...extra) =>
    check(`load: ${name}`, async () => {
      const target = typeof url === 'function' ? url() : url;
      assert(target, `no URL for "${name}" was found by an earlier check`);
      await visit(page, target, status);
      await all(
        () => assertNoProblems(page),
        () => assertStyled(page),
        ...extra,
      );
    });

  await load('home', base.href, 200, async () => {
    const hrefs = await page.locator('.card-title a').evaluateAll((as) => as.map((a) => a.href));
    assert(hrefs.length > 0, 'no .card-title a on home');
    urls.article = hrefs[0];
    // The next older page of the home list (page 1 when the site has two
    // pages' worth: pages are numbered from the oldest).
    const older = page.locator('a[rel=next]');
    if ((await older.count()) > 0) urls.older = await older.first().evaluate((a) => a.href);
    // Day/month/year archives of the first story with a full date in its URL.
    const dated = hrefs.find((h) => /\/\d{4}\/\d{2}\/\d{2}\/[^/]+\/$/.test(new URL(h).pathname));
    if (dated) {
      const day = new URL(dated);
      day.pathname = day.pathname.replace(/[^/]+\/$/, '');
      urls.day = day.href;
      urls.month = new URL('../', day).href;
      urls.year = new URL('../../', day).href;
    }
  }, () => assertListing(page));

  await load('home, older page', () => urls.older, 200,
    () => assertListing(page),
    () => assert(/\/page\/\d+\/$/.test(pathOf(page)), `the older page ${page.url()} is not page/N/`),
    async () => assert((await page.locator('a[rel=prev]').count()) > 0, 'no a[rel=prev] on the older page'),
  );

  await load('article', () => urls.article, 200,
    async () => {
      const headline = page.locator('h1.headline');
      assert((await headline.count()) === 1, 'no h1.headline');
      assert((await headline.innerText()).trim().length > 0, 'empty h1.headline');
      const font = await headline.evaluate((el) => getComputedStyle(el).fontFamily);
      const generic = font.split(',').pop().trim().replace(/["']/g, '');
      assert(generic === 'serif', `headline font is not serif: ${font}`);
    },
    async () => {
      const dt = page.locator('time[datetime]').first();
      assert((await dt.count()) > 0, 'no time[datetime]');
      const value = await dt.getAttribute('datetime');
      assert(!Number.isNaN(Date.parse(value)), `unparseable datetime "${value}"`);
    },
    async () => assert((await page.locator('.article-nav a').count()) > 0, 'no .article-nav links'),
  );

  await load('tag index', new URL('tags/', base).href, 200,
    () => h1Text(page),
    async () => {
      const tag = page.locator(`main .tag-index a[href^="${basePath}tags/"]`).first();
      assert((await tag.count()) > 0, 'no tag links on tag index');
      urls.tag = await tag.evaluate((a) => a.href);
    },
  );

  await load('tag page', () => urls.tag, 200, () => assertListing(page));

  await load('archive overview', new URL('archive/', base).href, 200,
    () => h1Text(page),
    async () => assert((await page.locator('main a').count()) > 0, 'archive has no links'),
  );

  for (const kind of ['year', 'month', 'day']) {
    await load(`${kind} archive`, () => urls[kind], 200, () => assertListing(page));
  }

  await load('unknown URL gives styled 404 page', new URL(`no-such-page-${Date.now()}/`, base).href, 404,
    async () => {
      const text = await page.locator('body').innerText();
      assert(/Page not found/.test(text), '404 page does not say "Page not found"');
    },
  );

  return urls;
}

async function navigationChecks(page) {
  let article = null; // { title, url }

  await check('nav: home → first card → article with same headline', async () => {
    await visit(page, base.href);
    const link = page.locator('.card-title a').first();
    assert((await link.count()) > 0, 'no .card-title a on home');
    const linkText = (await link.innerText()).trim();
    await clickAndWait(page, link, 'first card title');
    const headline = page.locator('h1.headline');
    assert((await headline.count()) > 0, `landed on ${page.url()} which has no h1.headline`);
    const h1 = (await headline.innerText()).trim();
    assert(h1 === linkText, `h1 "${h1}" differs from clicked link text "${linkText}"`);
  });

  await check('nav: article → first tag → tag page lists the article', async () => {
    // The first story may have no tags: walk the home cards in order, like a
    // reader looking for one with topics.
    await visit(page, base.href);
    const count = await page.locator('.card-title a').count();
    assert(count > 0, 'no .card-title a on home');
    for (let i = 0; i < count && !article; i++) {
      if (i > 0) await visit(page, base.href);
      await clickAndWait(page, page.locator('.card-title a').nth(i), `card ${i + 1} title`);
      if ((await page.locator('.article-tags a[rel=tag]').count()) > 0) {
        article = { title: (await page.locator('h1.headline').innerText()).trim(), url: page.url() };
      }
    }
    assert(article, `none of the ${count} home stories has tag links`);
    const tagLink = page.locator('.article-tags a[rel=tag]').first();
    const tagName = (await tagLink.innerText()).trim();
    await clickAndWait(page, tagLink, 'first tag');
    assert(
      pathOf(page).startsWith(`${basePath}tags/`),
      `tag link "${tagName}" led to ${page.url()}, not under ${basePath}tags/`,
    );
    // Follow the tag's pagination if needed.
    for (let pages = 0; pages < 20; pages++) {
      const titles = await page.locator('.card-title a').allInnerTexts();
      if (titles.map((t) => t.trim()).includes(article.title)) return;
      const next = page.locator('a[rel=next]');
      if ((await next.count()) === 0) break;
      await clickAndWait(page, next, 'next page');
    }
    throw new Error(`tag page for "${tagName}" does not list "${article.title}"`);
  });

  await check('nav: masthead section → section front → its story carries the section', async () => {
    await visit(page, base.href);
    const sections = page.locator('.site-nav a').filter({ hasNotText: /^(Latest|Archive|Topics)$/ });
    assert((await sections.count()) > 0, 'the masthead lists no sections');
    // textContent: the masthead shows names in capitals (CSS).
    const name = (await sections.first().textContent()).trim();
    await clickAndWait(page, sections.first(), `masthead section "${name}"`);
    assert(/^[^/]+\/$/.test(pathOf(page).slice(basePath.length)), `section link led to ${page.url()}`);
    const h1 = await h1Text(page);
    assert(h1.startsWith(name), `the section front's h1 "${h1}" is not "${name}"`);
    const current = await page.locator('.site-nav a[aria-current=page]').textContent();
    assert(current.trim() === name, `the masthead marks "${current}" as current, not "${name}"`);
    await assertListing(page);
    const story = page.locator('.card-title a').first();
    await clickAndWait(page, story, 'the first story of the section');
    const ld = JSON.parse(await page.locator('script[type="application/ld+json"]').first().textContent());
    assert(ld.articleSection === name, `the story's articleSection is ${JSON.stringify(ld.articleSection)}, not "${name}"`);
  });

  await check('nav: article byline → author page with profile lists the article', async () => {
    await visit(page, base.href);
    const count = await page.locator('.card-title a').count();
    let title = null;
    for (let i = 0; i < count && !title; i++) {
      if (i > 0) await visit(page, base.href);
      await clickAndWait(page, page.locator('.card-title a').nth(i), `card ${i + 1} title`);
      if ((await page.locator('.byline a[rel=author]').count()) > 0) {
        title = (await page.locator('h1.headline').innerText()).trim();
      }
    }
    assert(title, `none of the ${count} home stories has a linked byline`);
    const author = page.locator('.byline a[rel=author]').first();
    const name = (await author.innerText()).trim();
    await clickAndWait(page, author, `byline "${name}"`);
    assert(pathOf(page).startsWith(`${basePath}authors/`), `the byline led to ${page.url()}`);
    assert((await h1Text(page)) === name, `the author page is not headed "${name}"`);
    const titles = (await page.locator('.card-title a').allInnerTexts()).map((t) => t.trim());
    assert(titles.includes(title), `the author page of ${name} does not list "${title}"`);
    await clickAndWait(page, page.locator('.kicker a', { hasText: 'Authors' }), 'the Authors index');
    assert(pathOf(page) === `${basePath}authors/`, `landed on ${page.url()}`);
    assert((await page.locator('.author-index a', { hasText: name }).count()) === 1, `the index does not list ${name}`);
  });

  let onPage2 = false;
  await check('nav: home → "Older →" → the older page', async () => {
    await visit(page, base.href);
    const older = page.locator('a[rel=next]');
    assert((await older.count()) > 0, 'the home page has no a[rel=next] ("Older →")');
    const href = await older.first().evaluate((a) => a.href);
    await clickAndWait(page, older.first(), 'a[rel=next] ("Older →")');
    assert(page.url() === href, `landed on ${page.url()}, expected ${href}`);
    assert(/\/page\/\d+\/$/.test(pathOf(page)), `the older page ${page.url()} is not page/N/`);
    onPage2 = true;
  });

  await check('nav: the older page → "← Newer" → home', async () => {
    assert(onPage2, 'not reached: previous step failed');
    await clickAndWait(page, page.locator('a[rel=prev]'), 'a[rel=prev] ("← Newer")');
    assert(pathOf(page) === basePath, `landed on ${page.url()}, expected …${basePath}`);
  });

  // Archive drill-down: article → Archive → year → month → day.
  let step = 0;
  await check('nav: article → Archive (site nav)', async () => {
    await visit(page, article?.url ?? base.href);
    if (!article) {
      await clickAndWait(page, page.locator('.card-title a'), 'card title');
    }
    const archiveLink = page.locator('.site-nav a', { hasText: 'Archive' });
    await clickAndWait(page, archiveLink, 'site nav "Archive"');
    assert(pathOf(page) === `${basePath}archive/`, `landed on ${page.url()}`);
    await h1Text(page);
    step = 1;
  });

  await check('nav: archive → year', async () => {
    assert(step === 1, 'not reached: previous step failed');
    const yearLink = page.locator('main a').filter({ hasText: /^\s*\d{4}\s*$/ });
    await clickAndWait(page, yearLink, 'year');
    assert(/\/\d{4}\/$/.test(pathOf(page)), `year link led to ${page.url()}`);
    await assertListing(page);
    step = 2;
  });

  await check('nav: year → month', async () => {
    assert(step === 2, 'not reached: previous step failed');
    const yearUrl = page.url();
    const months = await page.locator('.period-list a').count();
    assert(months > 0, `no .period-list a on ${yearUrl}`);
    // Use the first month that has day pages, as the next step needs one.
    for (let i = 0; i < months; i++) {
      if (i > 0) await visit(page, yearUrl);
      await clickAndWait(page, page.locator('.period-list a').nth(i), `month ${i + 1}`);
      assert(/\/\d{4}\/\d{2}\/$/.test(pathOf(page)), `month link led to ${page.url()}`);
      await assertListing(page);
      if ((await page.locator('.period-list a').count()) > 0) {
        step = 3;
        return;
      }
    }
    throw new Error(`no month under ${yearUrl} lists any day`);
  });

  await check('nav: month → day', async () => {
    assert(step === 3, 'not reached: previous step failed');
    await clickAndWait(page, page.locator('.period-list a'), 'day');
    assert(/\/\d{4}\/\d{2}\/\d{2}\/$/.test(pathOf(page)), `day link led to ${page.url()}`);
    await assertListing(page);
  });

  return article;
}

async function noHorizontalScroll(page) {
  const m = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    inner: window.innerWidth,
  }));
  assert(m.scroll <= m.inner, `horizontal scrolling: scrollWidth ${m.scroll} > innerWidth ${m.inner}`);
}

async function screenshot(page, name, shots) {
  const file = path.join(shotDir, name);
  await page.screenshot({ path: file, fullPage: true });
  shots.push(file);
}

async function mobileChecks(urls, shots) {
  const context = await newContext({ width: 375, height: 800 });
  const page = await newPage(context);
  try {
    await check('mobile 375px: home has no horizontal scroll', async () => {
      await visit(page, base.href);
      await screenshot(page, 'home-mobile.png', shots);
      await noHorizontalScroll(page);
    });
    await check('mobile 375px: article has no horizontal scroll', async () => {
      assert(urls.article, 'no article URL found on home');
      await visit(page, urls.article);
      await noHorizontalScroll(page);
    });
    await check('mobile 375px: tag index has no horizontal scroll', async () => {
      await visit(page, new URL('tags/', base).href);
      await noHorizontalScroll(page);
    });
  } finally {
    await context.close();
  }
}

/** The lead picture loads, and the browser picks a smaller file on a phone
 * than on a desktop (srcset and sizes at work). */
async function pictureChecks(browser) {
  const find = async (page) => {
    await visit(page, base.href);
    const count = await page.locator('.card-title a').count();
    for (let i = 0; i < count; i++) {
      if (i > 0) await visit(page, base.href);
      await clickAndWait(page, page.locator('.card-title a').nth(i), `card ${i + 1} title`);
      if ((await page.locator('figure.lead-picture img').count()) > 0) return page.url();
    }
    throw new Error(`none of the ${count} home stories has a lead picture`);
  };
  const chosen = {};
  for (const [name, viewport] of [['phone', { width: 375, height: 812 }], ['desktop', { width: 1280, height: 900 }]]) {
    await check(`picture ${name} ${viewport.width}px: the lead picture loads`, async () => {
      const context = await newContext(viewport);
      try {
        const page = await newPage(context);
        const url = await find(page);
        const img = page.locator('figure.lead-picture img');
        await img.evaluate((el) => (el.complete ? null : new Promise((done) => el.addEventListener('load', done, { once: true }))));
        const info = await img.evaluate((el) => ({ src: el.currentSrc, width: el.naturalWidth, lazy: el.loading, priority: el.getAttribute('fetchpriority') }));
        assert(info.width > 0, `${url}: the lead picture did not load (${info.src})`);
        assert(info.priority === 'high' && info.lazy !== 'lazy', `${url}: the lead picture is lazy or not high priority`);
        assert(/\/images\/[0-9a-f]{12}\//.test(info.src), `${url}: currentSrc ${info.src} is not a variant`);
        chosen[name] = info;
      } finally {
        await context.close();
      }
    });
  }
  await check('picture: a phone is given a narrower file than a desktop', async () => {
    assert(chosen.phone && chosen.desktop, 'not reached: a previous step failed');
    assert(chosen.phone.src !== chosen.desktop.src, `both windows chose ${chosen.phone.src}`);
    assert(chosen.phone.width < chosen.desktop.width, `phone ${chosen.phone.width}px, desktop ${chosen.desktop.width}px`);
  });
}

async function desktopLayoutChecks(page, urls, shots) {
  await page.setViewportSize({ width: 1280, height: 900 });

  await check('desktop 1280px: home story grid has several columns', async () => {
    await visit(page, base.href);
    await screenshot(page, 'home-desktop.png', shots);
    const boxes = await page.evaluate(() => {
      const grid = document.querySelector('.story-grid');
      if (!grid) return null;
      let cards = [...grid.querySelectorAll('.card')];
      if (grid.classList.contains('has-lead')) cards = cards.slice(1);
      return cards.slice(0, 2).map((c) => ({ top: c.offsetTop, left: c.offsetLeft }));
    });
    assert(boxes, 'no .story-grid on home');
    assert(boxes.length === 2, `need two cards after the lead, found ${boxes.length}`);
    const [a, b] = boxes;
    assert(
      Math.abs(a.top - b.top) <= 1 && a.left !== b.left,
      `cards 2 and 3 are not side by side (top ${a.top} vs ${b.top}, left ${a.left} vs ${b.left})`,
    );
  });

  await check('desktop 1280px: article screenshot', async () => {
    assert(urls.article, 'no article URL found on home');
    await visit(page, urls.article);
    await screenshot(page, 'article-desktop.png', shots);
  });
}

// ---------------------------------------------------------------------------

async function main() {
  mkdirSync(shotDir, { recursive: true });
  const shots = [];
  try {
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_ARGS,
      timeout: 30_000,
    });
  } catch (err) {
    failed += 1;
    console.log(`FAIL launch chromium: ${(err.message ?? String(err)).split('\n')[0]}`);
    return;
  }
  try {
    const context = await newContext({ width: 1280, height: 900 });
    const page = await newPage(context);
    const urls = await pageLoadChecks(page);
    await navigationChecks(page);
    await mobileChecks(urls, shots);
    await desktopLayoutChecks(page, urls, shots);
    await pictureChecks(browser);
    await check('screenshots saved to target/e2e/', async () => {
      for (const name of ['home-desktop.png', 'home-mobile.png', 'article-desktop.png']) {
        const file = path.join(shotDir, name);
        assert(shots.includes(file), `${name} was not taken`);
        assert(statSync(file).size > 1000, `${name} is suspiciously small`);
      }
    });
    await context.close();
  } finally {
    await browser.close().catch(() => {});
    browser = null;
  }
}

try {
  await main();
} catch (err) {
  if (timedOut) await new Promise(() => {}); // the hard timeout reports and exits
  failed += 1;
  console.log(`FAIL unexpected error: ${(err?.message ?? String(err)).split('\n')[0]}`);
} finally {
  if (timedOut) await new Promise(() => {}); // the hard timeout reports and exits
  finished = true;
  clearTimeout(hardTimer);
}
if (passed + failed < MIN_CHECKS) {
  console.log(`FAIL only ${passed + failed} checks ran, expected at least ${MIN_CHECKS}`);
  failed += 1;
}
summary();
process.exit(failed > 0 ? 1 : 0);
