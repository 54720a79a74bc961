#!/usr/bin/env node
// Browser gate for the built Monoculture site.
//
// Usage: node scripts/browser_check.mjs [SITE_DIR=_build/html] [--require-chart-labels]
//
// Serves SITE_DIR on 127.0.0.1 (random free port), opens every HTML page in
// headless Chromium (playwright-core, system Chromium) and fails on:
//   - any request leaving the local site (blocked, never sent),
//   - page errors (uncaught exceptions), console errors,
//   - local responses with status >= 400 and failed local requests,
//   - Altair charts that did not render (no svg/canvas, or an error box),
//   - math left unrendered (.math without mjx-container, MathJax errors,
//     leftover $...$ or \(...\) / \[...\] in the visible text of the page),
//   - range sliders that do not react to the keyboard.
// Charts without an accessible label (aria-label / role="img") give a WARNING,
// or a failure with --require-chart-labels.
//
// Exit status: 0 all pages passed, 1 some page failed, 2 usage/setup error.

import { createServer } from 'node:http';
import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import process from 'node:process';
import { chromium } from 'playwright-core';

const PAGE_TIMEOUT_MS = 30_000; // hard limit for everything done on one page
const CHART_WAIT_MS = 10_000; // how long charts may take to appear
const MATH_WAIT_MS = 10_000; // how long MathJax may take to typeset
const SETTLE_MAX_MS = 5_000; // wait for in-flight requests to finish, at most
const SLIDER_KEY_PRESSES = 3;
const SKIP_DIRS = new Set(['_static', '_sources', '_images']);

const CONTENT_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.htm': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.ipynb': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.eot': 'application/vnd.ms-fontobject',
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/plain; charset=utf-8',
  '.py': 'text/plain; charset=utf-8',
  '.bib': 'text/plain; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.pdf': 'application/pdf',
  '.wasm': 'application/wasm',
};

// ---------------------------------------------------------------- arguments

function usage() {
  return 'usage: node scripts/browser_check.mjs [SITE_DIR=_build/html] [--require-chart-labels]';
}

function parseArgs(argv) {
  const opts = { siteDir: '_build/html', requireChartLabels: false };
  const positional = [];
  for (const arg of argv) {
    if (arg === '--require-chart-labels') opts.requireChartLabels = true;
    else if (arg === '-h' || arg === '--help') {
      console.log(usage());
      process.exit(0);
    } else if (arg.startsWith('-')) throw new Error(`unknown option ${arg}\n${usage()}`);
    else positional.push(arg);
  }
  if (positional.length > 1) throw new Error(`too many arguments\n${usage()}`);
  if (positional.length === 1) opts.siteDir = positional[0];
  opts.siteDir = path.resolve(opts.siteDir);
  return opts;
}

// ------------------------------------------------------------ static server

function startServer(root) {
  const server = createServer(async (req, res) => {
    const send = (status, body) => {
      res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end(req.method === 'HEAD' ? undefined : body);
    };
    try {
      if (req.method !== 'GET' && req.method !== 'HEAD') return send(405, 'method not allowed\n');
      let rel;
      try {
        rel = decodeURIComponent(new URL(req.url, 'http://127.0.0.1').pathname);
      } catch {
        return send(400, 'bad request\n');
      }
      let file = path.resolve(root, '.' + path.posix.normalize(rel));
      if (file !== root && !file.startsWith(root + path.sep)) return send(403, 'forbidden\n');
      let info = await stat(file).catch(() => null);
      if (info?.isDirectory()) {
        file = path.join(file, 'index.html');
        info = await stat(file).catch(() => null);
      }
      if (!info?.isFile()) return send(404, 'not found\n');
      res.writeHead(200, {
        'Content-Type': CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream',
        'Content-Length': info.size,
        'Cache-Control': 'no-store',
      });
      if (req.method === 'HEAD') return res.end();
      createReadStream(file)
        .on('error', () => res.destroy())
        .pipe(res);
    } catch (err) {
      if (!res.headersSent) send(500, `internal error: ${err.message}\n`);
      else res.destroy();
    }
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}

async function stopServer(server) {
  if (!server) return;
  server.closeAllConnections?.();
  await new Promise((resolve) => server.close(() => resolve()));
}

// --------------------------------------------------------------- site walk

async function findPages(root, rel = '') {
  const entries = await readdir(path.join(root, rel), { withFileTypes: true });
  const pages = [];
  for (const entry of entries) {
    const relPath = rel ? `${rel}/${entry.name}` : entry.name;
    if (entry.isDirectory()) {
      if (!SKIP_DIRS.has(entry.name)) pages.push(...(await findPages(root, relPath)));
    } else if (entry.isFile() && entry.name.endsWith('.html')) {
      pages.push(relPath);
    }
  }
  return pages.sort();
}

// ------------------------------------------------------- in-page inspection
// These functions run inside the browser (page.evaluate); keep them
// self-contained.

const CHART_SELECTOR = 'div[id^="altair-viz-"]';

function chartsSettled(selector) {
  const charts = [...document.querySelectorAll(selector)];
  return charts.every((div) => {
    if (div.querySelector('.error')) return true;
    return [...div.querySelectorAll('svg, canvas')].some((el) => !el.closest('details, .vega-actions'));
  });
}

function inspectCharts(selector) {
  const labelOf = (el) => {
    if (!el) return '';
    const aria = (el.getAttribute('aria-label') || '').trim();
    if (aria) return aria;
    const ids = (el.getAttribute('aria-labelledby') || '').split(/\s+/).filter(Boolean);
    return ids
      .map((id) => document.getElementById(id)?.textContent || '')
      .join(' ')
      .trim();
  };
  return [...document.querySelectorAll(selector)].map((div) => {
    const errorEl = div.querySelector('.error');
    const drawing =
      div.querySelector('svg.marks, canvas.marks') ||
      [...div.querySelectorAll('svg, canvas')].find((el) => !el.closest('details, .vega-actions')) ||
      null;
    let label = '';
    let labelledBy = '';
    let roleImg = false;
    for (const el of [drawing, drawing?.parentElement, div]) {
      if (!el) continue;
      const l = labelOf(el);
      if (el.getAttribute('role') === 'img') roleImg = true;
      if (l && !label) {
        label = l;
        labelledBy = el === drawing ? drawing.tagName.toLowerCase() : 'container';
      }
    }
    return {
      id: div.id,
      rendered: !!drawing && !errorEl,
      kind: drawing ? drawing.tagName.toLowerCase() : null,
      error: errorEl ? errorEl.textContent.trim().slice(0, 300) : null,
      label,
      labelledBy,
      roleImg,
    };
  });
}

async function waitForMathJax(timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  // The MathJax configuration object exists before the library has loaded;
  // give the (deferred) library a moment to install startup.promise.
  while (window.MathJax && !window.MathJax.startup?.promise && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 50));
  }
  const promise = window.MathJax?.startup?.promise;
  if (!window.MathJax) return 'absent';
  if (!promise) return 'not-started';
  const timeout = new Promise((r) => setTimeout(() => r('timeout'), Math.max(0, deadline - Date.now())));
  return Promise.race([
    promise.then(
      () => 'ready',
      (err) => `failed: ${err?.message || err}`,
    ),
    timeout,
  ]);
}

function inspectMath() {
  const mathEls = [...document.querySelectorAll('.math')].filter((el) => !el.closest('mjx-container'));
  const unrendered = mathEls
    .filter((el) => !el.querySelector('mjx-container'))
    .map((el) => el.textContent.trim().replace(/\s+/g, ' ').slice(0, 80));
  const texErrors = [...document.querySelectorAll('mjx-container')]
    .filter((c) => c.querySelector('mjx-merror, [data-mjx-error]'))
    .map((c) => {
      const e = c.querySelector('[data-mjx-error]');
      return (e?.getAttribute('data-mjx-error') || c.textContent || '').trim().slice(0, 120);
    });

  // Leftover TeX delimiters in the prose of the main content.
  const main = document.querySelector('main') || document.querySelector('article');
  const leftovers = [];
  if (main) {
    const SEP = '\u2029'; // paragraph separator: delimiters must not pair across blocks
    const clone = main.cloneNode(true);
    clone
      .querySelectorAll('pre, code, .highlight, script, style, template, noscript, textarea, mjx-container')
      .forEach((el) => el.remove());
    clone
      .querySelectorAll('p, li, dt, dd, td, th, h1, h2, h3, h4, h5, h6, div, section, blockquote, figcaption, caption, br')
      .forEach((el) => el.append(SEP));
    const text = clone.textContent;
    const patterns = [
      // pandoc-style inline $...$: no space after the opening or before the
      // closing dollar, closing dollar not followed by a digit ("$5 and $10" is fine)
      /\$[^$\s\u2029](?:[^$\u2029]{0,400}?[^$\s\u2029])?\$(?!\d)/g,
      /\\\([^\u2029]{0,400}?\\\)/g,
      /\\\[[^\u2029]{0,400}?\\\]/g,
    ];
    for (const re of patterns) {
      for (const m of text.matchAll(re)) leftovers.push(m[0].replace(/\s+/g, ' ').slice(0, 80));
    }
  }
  return { count: mathEls.length, unrendered, texErrors, leftovers, hasMain: !!main };
}

// --------------------------------------------------------------- page check

function isLocalSite(urlString, origin) {
  let url;
  try {
    url = new URL(urlString);
  } catch {
    return false;
  }
  if (url.protocol === 'data:' || url.protocol === 'blob:' || url.protocol === 'about:') return true;
  if (url.protocol !== 'http:' && url.protocol !== 'https:' && url.protocol !== 'ws:' && url.protocol !== 'wss:') return false;
  const local = url.hostname === '127.0.0.1' || url.hostname === 'localhost';
  return local && url.port === origin.port;
}

function withTimeout(promise, ms, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms / 1000} s`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function newResult(relPath) {
  return { relPath, failures: [], warnings: [], charts: [], math: 0, sliders: 0, requests: 0, external: [] };
}

async function checkPage(context, baseUrl, result, opts) {
  const origin = new URL(baseUrl);
  const { relPath } = result;
  const fail = (msg) => result.failures.push(msg);
  const pageErrors = [];
  const consoleErrors = [];
  let inflight = 0;
  let lastActivity = Date.now();
  let closed = false;

  const page = await context.newPage();
  page.setDefaultTimeout(PAGE_TIMEOUT_MS);
  page.setDefaultNavigationTimeout(PAGE_TIMEOUT_MS);

  page.on('pageerror', (err) => {
    if (closed) return;
    const where = (err.stack || '').split('\n').find((l) => /^\s+at /.test(l));
    pageErrors.push(`page error: ${err.message}${where ? ` (${where.trim()})` : ''}`);
  });
  page.on('console', (msg) => {
    if (closed || msg.type() !== 'error') return;
    const loc = msg.location();
    const where = loc?.url ? ` (${loc.url.replace(baseUrl, '')}:${loc.lineNumber + 1})` : '';
    consoleErrors.push(`console error: ${msg.text().slice(0, 500)}${where}`);
  });
  page.on('request', (req) => {
    if (closed) return;
    result.requests += 1;
    inflight += 1;
    lastActivity = Date.now();
  });
  const done = (req) => {
    if (closed) return;
    inflight = Math.max(0, inflight - 1);
    lastActivity = Date.now();
  };
  page.on('requestfinished', done);
  page.on('requestfailed', (req) => {
    done(req);
    if (closed) return;
    if (isLocalSite(req.url(), origin)) {
      fail(`local request failed: ${req.url().replace(baseUrl, '')} (${req.failure()?.errorText})`);
    }
  });
  page.on('response', (res) => {
    if (closed) return;
    if (res.status() >= 400 && isLocalSite(res.url(), origin)) {
      fail(`HTTP ${res.status()} for ${res.url().replace(baseUrl, '')}`);
    }
  });

  const run = async () => { const T0=Date.now();
    const response = await page.goto(baseUrl + relPath.split('/').map(encodeURIComponent).join('/'), {
      waitUntil: 'load',
    });
    console.error("  goto", Date.now()-T0); if (!response) fail('navigation produced no response');

    // Charts: wait until every Altair output has a drawing or an error box.
    const chartCount = await page.locator(CHART_SELECTOR).count();
    if (chartCount > 0) {
      await page
        .waitForFunction(chartsSettled, CHART_SELECTOR, { timeout: CHART_WAIT_MS, polling: 100 })
        .catch(() => {});
    }

    // Math: wait for MathJax's initial typesetting, if MathJax is on the page.
    const mathState = await page.evaluate(waitForMathJax, MATH_WAIT_MS);
    console.error("  math", Date.now()-T0);

    // Let outstanding requests (fonts, lazy scripts) finish.
    const settleDeadline = Date.now() + SETTLE_MAX_MS;
    while (Date.now() < settleDeadline && (inflight > 0 || Date.now() - lastActivity < 100)) {
      await page.waitForTimeout(50);
    }

    console.error("  settle", Date.now()-T0);
    result.charts = await page.evaluate(inspectCharts, CHART_SELECTOR);
    for (const chart of result.charts) {
      if (chart.error) fail(`chart #${chart.id} shows an error: ${chart.error}`);
      else if (!chart.rendered) fail(`chart #${chart.id} did not render (no svg/canvas after ${CHART_WAIT_MS / 1000} s)`);
    }
    const rendered = result.charts.filter((c) => c.rendered);
    const unlabelled = rendered.filter((c) => !c.label);
    if (unlabelled.length) {
      const msg =
        `${unlabelled.length} of ${rendered.length} rendered chart(s) without an accessible label ` +
        `(aria-label/role="img"): ${unlabelled.map((c) => '#' + c.id).join(', ')}`;
      if (opts.requireChartLabels) fail(msg);
      else result.warnings.push(msg);
    }

    const math = await page.evaluate(inspectMath);
    result.math = math.count;
    if (math.count > 0 && mathState !== 'ready') fail(`MathJax not ready (${mathState}) on a page with ${math.count} math element(s)`);
    if (math.unrendered.length) {
      fail(`${math.unrendered.length} of ${math.count} .math element(s) not rendered by MathJax: ` +
        math.unrendered.slice(0, 5).map((t) => JSON.stringify(t)).join(', '));
    }
    for (const err of math.texErrors) fail(`MathJax TeX error: ${err}`);
    for (const text of math.leftovers) fail(`unrendered TeX in page text: ${JSON.stringify(text)}`);
    if (!math.hasMain) result.warnings.push('no <main> or <article> element: leftover-TeX text check skipped');

    // Sliders: keyboard operability of the first range input.
    const sliders = page.locator('input[type=range]');
    result.sliders = await sliders.count();
    if (result.sliders > 0) {
      const slider = sliders.first();
      const errorsBefore = pageErrors.length + consoleErrors.length;
      const info = await slider.evaluate((el) => ({
        value: el.value,
        atMax: Number(el.value) >= Number(el.max || 100),
      }));
      await slider.focus();
      const focused = await slider.evaluate((el) => document.activeElement === el);
      if (!focused) fail('first slider cannot receive keyboard focus');
      const key = info.atMax ? 'ArrowLeft' : 'ArrowRight';
      for (let i = 0; i < SLIDER_KEY_PRESSES; i++) await page.keyboard.press(key);
      await page.waitForTimeout(250); // let the chart react (and possibly throw)
      const after = await slider.inputValue();
      if (after === info.value) fail(`first slider did not change on ${key} (value stays ${info.value})`);
      const newErrors = pageErrors.length + consoleErrors.length - errorsBefore;
      if (newErrors > 0) fail(`${newErrors} new page/console error(s) after moving the first slider (listed below)`);
    }
  };

  try {
    await withTimeout(run(), PAGE_TIMEOUT_MS, 'page check');
  } catch (err) {
    fail(`check aborted: ${err.message.split('\n')[0]}`);
  } finally {
    closed = true;
    await page.close().catch(() => {});
  }

  result.failures.unshift(...result.external.map((url) => `external request blocked: ${url}`));
  result.failures.push(...pageErrors, ...consoleErrors);
  result.failures = dedupe(result.failures);
  return result;
}

function dedupe(messages) {
  const counts = new Map();
  for (const m of messages) counts.set(m, (counts.get(m) || 0) + 1);
  return [...counts].map(([m, n]) => (n > 1 ? `${m} [x${n}]` : m));
}

// --------------------------------------------------------------------- main

async function main() {
  const started = Date.now();
  let opts;
  try {
    opts = parseArgs(process.argv.slice(2));
  } catch (err) {
    console.error(`browser check: ${err.message}`);
    return 2;
  }
  const siteInfo = await stat(opts.siteDir).catch(() => null);
  if (!siteInfo?.isDirectory()) {
    console.error(`browser check: site directory not found: ${opts.siteDir}`);
    return 2;
  }
  const pages = await findPages(opts.siteDir);
  if (pages.length === 0) {
    console.error(`browser check: no .html pages under ${opts.siteDir}`);
    return 2;
  }

  let server;
  let browser;
  const results = [];
  try {
    server = await startServer(opts.siteDir);
    const baseUrl = `http://127.0.0.1:${server.address().port}/`;
    const origin = new URL(baseUrl);
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
      headless: true,
      timeout: PAGE_TIMEOUT_MS,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--disable-background-networking',
        '--no-first-run',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    const context = await browser.newContext({ serviceWorkers: 'block' });
    // Nothing leaves the machine: abort every request outside the local site.
    // Pages are checked one at a time, so a blocked request belongs to the
    // page being checked (`current`).
    let current = null;
    const blocked = (url) => {
      if (current) current.external.push(url);
      else strays.push(url);
    };
    const strays = [];
    await context.route('**/*', (route) => {
      const url = route.request().url();
      if (isLocalSite(url, origin)) return route.continue();
      blocked(url);
      return route.abort('blockedbyclient');
    });
    await context.routeWebSocket(
      (url) => !isLocalSite(url.href, origin),
      (ws) => {
        blocked(ws.url());
        return ws.close({ code: 1008, reason: 'blocked by browser check' });
      },
    );

    for (const relPath of pages) {
      const result = newResult(relPath);
      current = result;
      await checkPage(context, baseUrl, result, opts);
      current = null;
      results.push(result);
      printResult(result);
    }
    if (strays.length) {
      const result = newResult('(between pages)');
      result.external.push(...strays);
      result.failures = dedupe(strays.map((u) => `external request blocked: ${u}`));
      results.push(result);
      printResult(result);
    }
  } catch (err) {
    console.error(`browser check: setup failed: ${err.stack || err.message}`);
    return 2;
  } finally {
    if (browser) await browser.close().catch(() => {});
    await stopServer(server).catch(() => {});
  }

  const failed = results.filter((r) => r.failures.length > 0).length;
  const charts = results.reduce((n, r) => n + r.charts.filter((c) => c.rendered).length, 0);
  const math = results.reduce((n, r) => n + r.math, 0);
  const external = results.reduce((n, r) => n + r.external.length, 0);
  console.log(
    `browser check: ${results.length} pages, ${failed} failed, ${charts} charts rendered, ` +
      `${math} math elements, ${external} external requests`,
  );
  console.log(`browser check took ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return failed > 0 ? 1 : 0;
}

function printResult(r) {
  const rendered = r.charts.filter((c) => c.rendered);
  const labelled = rendered.filter((c) => c.label).length;
  const status = r.failures.length ? 'FAIL' : 'OK  ';
  console.log(
    `${status}  ${r.relPath}  charts=${rendered.length}/${r.charts.length} labelled=${labelled}/${rendered.length} ` +
      `math=${r.math} sliders=${r.sliders} requests=${r.requests}`,
  );
  for (const f of r.failures) console.log(`      - ${f}`);
  for (const w of r.warnings) console.log(`      WARNING: ${w}`);
}

process.exitCode = await main();
