#!/usr/bin/env node
// Browser gate for the built Monoculture site.
//
// Usage: node scripts/browser_check.mjs [SITE_DIR=_build/html] [options]
//   --require-chart-labels  fail (instead of warn) on charts without a description
//   --jobs=N                pages checked in parallel (default: the number of CPUs, at most 4)
//   --verbose               print per-chart details (renderer, accessible label)
//   --artifacts=DIR         where screenshots go (default artifacts/browser)
//   --no-a11y               skip the accessibility audit (axe, contrast, dark pass)
//   --summary-json=FILE     write per-page results (axe counts, charts, contrast) as JSON
//   --axe-fail-on=IMPACT    lowest axe-core impact that fails a page: critical, serious
//                           (the default), moderate or minor (make test: minor, i.e. any)
//   --dark-reload           run the dark pass on a fresh load of the page in a new
//                           context (a first visit in dark mode) instead of switching
//                           the checked tab to dark in place (slower: loads, draws
//                           and typesets every page twice)
//
// Serves SITE_DIR on 127.0.0.1 (random free port), opens every HTML page in
// headless Chromium (playwright-core driving the system Chromium; CHROMIUM
// overrides the path), each page in a fresh browser context (a first-time
// visitor), and fails a page on:
//   - any request leaving the local site (aborted, never sent; data:/blob: are fine),
//   - page errors (uncaught exceptions) and console errors,
//   - local responses with status >= 400 and failed local requests (a request the
//     browser aborted is a warning when the server gives the file on a retry),
//   - Altair charts that did not render (no svg/canvas, or Altair's error box),
//   - math left unrendered (.math without mjx-container, MathJax TeX errors,
//     leftover $...$, \(...\) or \[...\] in the text of <main>/<article>),
//   - the first visible range slider not reacting to the keyboard, or errors
//     appearing when it moves.
// Charts whose svg/canvas or container has no aria-label (or only Vega's
// generic "Vega visualization") give a WARNING, or fail with --require-chart-labels.
//
// Accessibility audit (issue 8), on every page, in a light and a dark pass
// (prefers-color-scheme emulated, switched in the same tab after the light
// audit; the book theme follows it, data-theme is checked to have switched):
//   - axe-core (via @axe-core/playwright, WCAG 2.0/2.1/2.2 A and AA plus
//     best-practice rules; the inside of chart SVGs is left to the chart checks
//     below, the <svg> element itself is audited): any violation of impact "serious" or "critical"
//     fails the page (or, with --axe-fail-on, any violation at or above the
//     given impact); lower ones are listed as warnings;
//   - every <img> has an alt attribute (counted; missing alt fails);
//   - chart contrast, from the rendered SVG: every chart text against the
//     chart background >= 4.5:1 (3:1 for large text), every opaque data mark
//     and legend symbol >= 3:1 (WCAG 1.4.11); marks drawn at an effective
//     opacity below 0.5 (confidence bands, context) are counted, not checked.
//     The background is composited from the SVG and the page behind it, so a
//     transparent chart on the dark page is judged against the dark page;
//   - dark pass only: a screenshot of each chart is decoded in the browser and
//     its dominant (rendered) colour must contrast >= 4.5:1 with every chart
//     text colour (catches CSS filters or transparency the DOM check misses);
//     screenshots of the first chart of each chart page, light and dark, are
//     saved under --artifacts=DIR (default artifacts/browser; git-ignored);
//   - keyboard: every visible slider must be reached with Tab from the
//     focusable element before it, change value on the arrow keys, and make
//     its chart redraw.
//
// Exit status: 0 all pages passed, 1 some page failed, 2 usage/setup error.

import { createServer } from 'node:http';
import { createReadStream } from 'node:fs';
import { mkdir, readFile, readdir, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import process from 'node:process';
import { chromium } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';

// Hang guards, not speed budgets: every wait ends as soon as its condition holds,
// so these limits cost nothing on success, and they are generous so that a slow
// or busy machine (one core, other work) does not fail the check.
// What axe-core skips: the marks and texts inside a chart, which the chart checks cover.
const CHART_INTERNALS = '.vega-embed svg > *';
// axe-core rules that depend on colours, so on the theme: all the dark pass runs.
const DARK_RULES = ['color-contrast', 'link-in-text-block'];
const PAGE_TIMEOUT_MS = 600_000; // hard limit for everything done on one page (a hang guard: a busy one-core machine needs minutes)
// ... per pass: a page checked in light and (in the same tab) dark gets twice that,
// as it did when the dark pass loaded the page again with a limit of its own.
const passesPerTab = (opts) => (opts.a11y && !opts.darkReload ? 2 : 1);
const CHART_WAIT_MS = 180_000; // how long charts may take to appear
const MATH_WAIT_MS = 180_000; // how long MathJax may take to typeset
const REDIRECT_WAIT_MS = 30_000; // meta-refresh stubs must land within this
const SETTLE_MAX_MS = 5_000; // wait for in-flight requests to finish, at most
const CLOSE_TIMEOUT_MS = 30_000; // closing a tab or the browser
const SLIDER_REDRAW_MS = 60_000; // how long a chart may take to redraw after a slider moves
const SLIDER_KEY_PRESSES = 3;
const THEME_WAIT_MS = 60_000; // how long the book theme may take to follow a colour-scheme switch
// Pages checked in parallel (one tab each, one shared Chromium): one per CPU, at
// most 4 (more only makes the tabs compete for the same cores).
const DEFAULT_JOBS = Math.max(1, Math.min(4, os.availableParallelism?.() ?? os.cpus().length));
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
  return (
    'usage: node scripts/browser_check.mjs [SITE_DIR=_build/html] [--require-chart-labels] [--jobs=N] [--verbose]\n' +
    '       [--artifacts=DIR] [--no-a11y] [--summary-json=FILE] [--axe-fail-on=IMPACT] [--dark-reload]'
  );
}

function parseArgs(argv) {
  const opts = {
    siteDir: '_build/html',
    requireChartLabels: false,
    verbose: false,
    jobs: DEFAULT_JOBS,
    a11y: true,
    artifacts: 'artifacts/browser',
    summaryJson: null,
    axeFailOn: 'serious',
    darkReload: false,
  };
  const positional = [];
  for (const arg of argv) {
    if (arg === '--require-chart-labels') opts.requireChartLabels = true;
    else if (arg === '--verbose' || arg === '-v') opts.verbose = true;
    else if (/^--jobs=\d+$/.test(arg)) opts.jobs = Math.max(1, Number(arg.slice(7)));
    else if (arg === '--no-a11y') opts.a11y = false;
    else if (arg === '--dark-reload') opts.darkReload = true;
    else if (/^--artifacts=.+/.test(arg)) opts.artifacts = arg.slice('--artifacts='.length);
    else if (/^--summary-json=.+/.test(arg)) opts.summaryJson = arg.slice('--summary-json='.length);
    else if (/^--axe-fail-on=.+/.test(arg)) {
      opts.axeFailOn = arg.slice('--axe-fail-on='.length);
      if (!IMPACTS.includes(opts.axeFailOn)) throw new Error(`--axe-fail-on must be one of ${IMPACTS.join(', ')}\n${usage()}`);
    }
    else if (arg === '-h' || arg === '--help') {
      console.log(usage());
      process.exit(0);
    } else if (arg.startsWith('-')) throw new Error(`unknown option ${arg}\n${usage()}`);
    else positional.push(arg);
  }
  if (positional.length > 1) throw new Error(`too many arguments\n${usage()}`);
  if (positional.length === 1) opts.siteDir = positional[0];
  opts.siteDir = path.resolve(opts.siteDir);
  opts.artifacts = path.resolve(opts.artifacts);
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
  // Vega's default description: what a chart without `description` is labelled with.
  const GENERIC_LABELS = new Set(['vega visualization']);
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
        labelledBy =
          el === drawing
            ? drawing.tagName.toLowerCase()
            : el === div
              ? 'output div'
              : `${el.tagName.toLowerCase()}${el.classList[0] ? '.' + el.classList[0] : ''}`;
      }
    }
    const generic = GENERIC_LABELS.has(label.toLowerCase());
    return {
      id: div.id,
      rendered: !!drawing && !errorEl,
      kind: drawing ? drawing.tagName.toLowerCase() : null,
      error: errorEl ? errorEl.textContent.trim().slice(0, 300) : null,
      label: generic ? '' : label,
      genericLabel: generic ? label : '',
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


// ------------------------------------------------- accessibility (in page)

const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];
const IMPACTS = ['minor', 'moderate', 'serious', 'critical']; // axe-core, lowest first
let FAILING_IMPACTS = new Set(['serious', 'critical']); // set from --axe-fail-on
const TEXT_MIN = 4.5; // WCAG 1.4.3, normal text
const LARGE_TEXT_MIN = 3; // WCAG 1.4.3, large text (>= 24 px, or >= 18.66 px bold)
const MARK_MIN = 3; // WCAG 1.4.11, graphical objects
const MARK_ALPHA_CHECKED = 0.5; // marks drawn more transparent than this are context (bands), counted only

// axe-core through @axe-core/playwright: it injects axe into the page and its
// frames and runs it; we keep only the summary we report.
async function runAxe(page, tags, rules = null) {
  // The inside of a chart's SVG (thousands of marks on some pages) is left to the
  // chart checks below (contrast of every text and mark, the chart's description);
  // axe still audits the <svg> element itself (its role and accessible name). On
  // chapter 2 this makes axe about 8 times faster.
  // Legacy mode runs axe.run() in the page itself (same-origin frames included).
  // The default mode runs axe.runPartial() and then opens a blank tab, injects
  // axe-core there a second time and ships it every partial result to finish the
  // run: the same rules and results, two to three times slower. What legacy mode
  // leaves out, cross-origin frames, cannot occur here: every request leaving
  // the local site is blocked (and fails the page).
  const builder = new AxeBuilder({ page })
    .setLegacyMode(true)
    .options({ resultTypes: ['violations'] })
    .withTags(tags)
    .exclude(CHART_INTERNALS);
  if (rules) builder.withRules(rules);
  const res = await builder.analyze();
  return {
    passes: res.passes.length,
    incomplete: res.incomplete.length,
    violations: res.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.length,
      targets: v.nodes.slice(0, 3).map((n) => n.target.join(' ')),
    })),
  };
}

// Colour contrast of chart text and marks, from the rendered SVG. Runs in the page.
function inspectChartContrast([selector, limits]) {
  const ctx = document.createElement('canvas').getContext('2d');
  const SENTINEL = 'rgba(1, 2, 3, 0.5)';
  const parse = (css) => {
    if (!css || css === 'none') return null;
    ctx.fillStyle = SENTINEL;
    ctx.fillStyle = css;
    const n = ctx.fillStyle;
    if (n === SENTINEL && css.replace(/\s/g, '') !== 'rgba(1,2,3,0.5)') return null; // url(#...) etc.
    if (n.startsWith('#')) return [1, 3, 5].map((i) => parseInt(n.slice(i, i + 2), 16)).concat(1);
    const m = n.match(/rgba?\(([^)]+)\)/);
    if (!m) return null;
    const p = m[1].split(',').map(Number);
    return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
  };
  const over = (top, bottom) => {
    // top: [r,g,b,a]; bottom: opaque [r,g,b]
    const a = top[3];
    return [0, 1, 2].map((i) => top[i] * a + bottom[i] * (1 - a));
  };
  const lum = (rgb) => {
    const lin = rgb.map((c) => {
      const v = c / 255;
      return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2];
  };
  const ratio = (a, b) => {
    const la = lum(a);
    const lb = lum(b);
    return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
  };
  const hex = (rgb) => '#' + rgb.map((c) => Math.round(c).toString(16).padStart(2, '0')).join('');
  // Opaque colour behind an element: composite the backgrounds of its
  // ancestors (HTML background-color, Vega's group background paths) over
  // the canvas, from the root down.
  const backdrop = (el) => {
    const layers = [];
    for (let node = el.parentElement; node; node = node.parentElement) {
      const cs = getComputedStyle(node);
      if (node instanceof SVGElement && node.tagName.toLowerCase() === 'g' && node.classList.contains('mark-group')) {
        const bgPath = node.querySelector(':scope > g > path.background');
        if (bgPath) {
          const c = parse(getComputedStyle(bgPath).fill);
          const op = Number(getComputedStyle(bgPath).fillOpacity || 1);
          if (c && c[3] * op > 0) layers.push([c[0], c[1], c[2], c[3] * op]);
        }
      } else if (!(node instanceof SVGElement) || node.tagName.toLowerCase() === 'svg') {
        const c = parse(cs.backgroundColor);
        if (c && c[3] > 0) layers.push(c);
      }
    }
    let color = [255, 255, 255]; // the browser canvas
    for (const layer of layers.reverse()) color = over(layer, color);
    return color;
  };
  const opacityChain = (el, stop) => {
    let o = 1;
    for (let node = el; node && node !== stop.parentElement; node = node.parentElement) {
      o *= Number(getComputedStyle(node).opacity || 1);
    }
    return o;
  };
  const visible = (el) => {
    const cs = getComputedStyle(el);
    return cs.display !== 'none' && cs.visibility !== 'hidden';
  };

  return [...document.querySelectorAll(selector)].map((div) => {
    const svg = div.querySelector('svg.marks') || div.querySelector('svg');
    const out = { id: div.id, svg: !!svg, texts: 0, marks: 0, translucent: 0, failures: [], minText: null, minMark: null, textColors: [], background: null, backgroundOpaque: null };
    if (!svg) return out;
    const svgBg = parse(getComputedStyle(svg).backgroundColor);
    out.backgroundOpaque = !!svgBg && svgBg[3] >= 1;
    out.background = hex(backdrop(svg.querySelector('g') || svg));
    const seen = new Set();
    const textColors = new Set();
    const record = (kind, color, bg, r, need) => {
      const key = `${kind} ${hex(color)} on ${hex(bg)}`;
      if (r < need && !seen.has(key)) {
        seen.add(key);
        out.failures.push(`${key}: ${r.toFixed(2)}:1 < ${need}:1`);
      }
    };
    for (const t of svg.querySelectorAll('text')) {
      if (!t.textContent.trim() || !visible(t)) continue;
      const cs = getComputedStyle(t);
      const c = parse(cs.fill);
      if (!c) continue;
      const alpha = c[3] * Number(cs.fillOpacity || 1) * opacityChain(t, svg);
      if (alpha <= 0) continue;
      const bg = backdrop(t);
      const color = over([c[0], c[1], c[2], alpha], bg);
      const size = parseFloat(cs.fontSize);
      const bold = Number(cs.fontWeight) >= 700 || cs.fontWeight === 'bold';
      const need = size >= 24 || (size >= 18.66 && bold) ? limits.largeText : limits.text;
      const r = ratio(color, bg);
      out.texts += 1;
      textColors.add(hex([c[0], c[1], c[2]]));
      out.minText = out.minText === null ? r : Math.min(out.minText, r);
      record('text', color, bg, r, need);
    }
    const markEls = svg.querySelectorAll(
      'g[class*="role-mark"] path, g[class*="role-mark"] line, g[class*="role-mark"] rect, g[class*="role-mark"] circle, ' +
        'g[class*="role-legend-symbol"] path',
    );
    for (const m of markEls) {
      if (!visible(m) || m.classList.contains('background')) continue;
      const cs = getComputedStyle(m);
      const chain = opacityChain(m, svg);
      const paints = [];
      const fill = parse(cs.fill);
      if (fill) paints.push([fill, Number(cs.fillOpacity || 1)]);
      const stroke = parse(cs.stroke);
      if (stroke && parseFloat(cs.strokeWidth || '1') > 0) paints.push([stroke, Number(cs.strokeOpacity || 1)]);
      for (const [c, op] of paints) {
        const alpha = c[3] * op * chain;
        if (alpha <= 0) continue;
        if (alpha < limits.markAlpha) {
          out.translucent += 1;
          continue;
        }
        const bg = backdrop(m);
        const color = over([c[0], c[1], c[2], alpha], bg);
        const r = ratio(color, bg);
        out.marks += 1;
        out.minMark = out.minMark === null ? r : Math.min(out.minMark, r);
        record('mark', color, bg, r, limits.mark);
      }
    }
    out.textColors = [...textColors];
    return out;
  });
}

// Decode a PNG screenshot in the page and return its dominant colour and
// the contrast of given text colours against it. Runs in the page.
async function dominantColour([dataUrl, textColors]) {
  const img = new Image();
  img.src = dataUrl;
  await img.decode();
  const canvas = document.createElement('canvas');
  canvas.width = img.naturalWidth;
  canvas.height = img.naturalHeight;
  const c = canvas.getContext('2d');
  c.drawImage(img, 0, 0);
  const data = c.getImageData(0, 0, canvas.width, canvas.height).data;
  const counts = new Map();
  for (let i = 0; i < data.length; i += 16) {
    const key = (data[i] << 16) | (data[i + 1] << 8) | data[i + 2];
    counts.set(key, (counts.get(key) || 0) + 1);
  }
  let best = 0;
  let bestN = -1;
  for (const [k, n] of counts) if (n > bestN) [best, bestN] = [k, n];
  const rgb = [(best >> 16) & 255, (best >> 8) & 255, best & 255];
  const lum = (x) => {
    const lin = x.map((v) => {
      const s = v / 255;
      return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2];
  };
  const ratio = (a, b) => (Math.max(lum(a), lum(b)) + 0.05) / (Math.min(lum(a), lum(b)) + 0.05);
  const share = bestN / (data.length / 16);
  return {
    dominant: '#' + rgb.map((v) => v.toString(16).padStart(2, '0')).join(''),
    share,
    ratios: textColors.map((h) => [h, ratio([1, 3, 5].map((i) => parseInt(h.slice(i, i + 2), 16)), rgb)]),
  };
}

function inspectImages() {
  const imgs = [...document.querySelectorAll('img')];
  return {
    total: imgs.length,
    withAlt: imgs.filter((i) => (i.getAttribute('alt') || '').trim()).length,
    decorative: imgs.filter((i) => i.getAttribute('alt') === '' || i.getAttribute('role') === 'presentation').length,
    missing: imgs.filter((i) => !i.hasAttribute('alt') && i.getAttribute('role') !== 'presentation' && !i.closest('[aria-hidden="true"]')).map((i) => i.getAttribute('src') || '(no src)'),
  };
}

// The focusable element just before `el` in tab order (DOM order, tabindex >= 0).
function focusPrevious(el) {
  const sel = 'a[href], button, input, select, textarea, summary, [tabindex]';
  const all = [...document.querySelectorAll(sel)].filter((e) => {
    if (e.disabled || e.tabIndex < 0) return false;
    const r = e.getBoundingClientRect();
    const cs = getComputedStyle(e);
    return r.width > 0 && r.height > 0 && cs.visibility !== 'hidden';
  });
  const i = all.indexOf(el);
  if (i <= 0) {
    document.activeElement?.blur();
    return i;
  }
  all[i - 1].focus();
  return document.activeElement === all[i - 1] ? i : -2;
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

// Wall-clock time of each phase of a page's check (summary JSON: `seconds` and
// `phases`, in seconds; with --jobs > 1 the pages share the CPU, so these are
// times under that load). lap(name) adds the time since the previous lap.
function phaseTimer(result) {
  const start = Date.now();
  let last = start;
  const ms = {};
  const lap = (name) => {
    const now = Date.now();
    ms[name] = (ms[name] || 0) + (now - last);
    last = now;
  };
  lap.finish = () => {
    result.seconds = Math.round(Date.now() - start) / 1000;
    result.phases = Object.fromEntries(Object.entries(ms).map(([k, v]) => [k, v / 1000]));
  };
  return lap;
}

function newResult(relPath) {
  return {
    relPath,
    failures: [],
    warnings: [],
    charts: [],
    math: 0,
    sliders: 0,
    slidersOperable: 0,
    requests: 0,
    external: [],
    axe: {}, // theme -> {passes, incomplete, violations}
    contrast: {}, // theme -> per-chart contrast results
    images: null,
    screenshots: [],
  };
}

// ------------------------------------------------------ accessibility audit

function safeName(relPath) {
  return relPath.replace(/\.html$/, '').replace(/[^A-Za-z0-9_-]+/g, '_');
}

// axe-core, images, chart contrast and (for chart pages) a screenshot of the
// first chart, in the page's current theme.
async function auditPage(page, result, theme, opts, fail, lap = () => {}) {
  const tag = `[${theme}]`;
  // The dark pass differs from the light one only in colour: there axe runs the
  // rules that depend on colour; the light pass runs every rule.
  const axe = await runAxe(page, AXE_TAGS, theme === 'dark' ? DARK_RULES : null);
  result.axe[theme] = axe;
  lap(`axe ${theme}`);
  for (const v of axe.violations) {
    const msg = `axe ${tag} ${v.impact}: ${v.id} (${v.help}) on ${v.nodes} element(s): ${v.targets.join(' | ')}`;
    if (FAILING_IMPACTS.has(v.impact)) fail(msg);
    else result.warnings.push(msg);
  }
  if (theme === 'light') {
    result.images = await page.evaluate(inspectImages);
    if (result.images.missing.length) fail(`${result.images.missing.length} image(s) without alt text: ${result.images.missing.slice(0, 5).join(', ')}`);
  }
  const limits = { text: TEXT_MIN, largeText: LARGE_TEXT_MIN, mark: MARK_MIN, markAlpha: MARK_ALPHA_CHECKED };
  const contrast = await page.evaluate(inspectChartContrast, [CHART_SELECTOR, limits]);
  result.contrast[theme] = contrast;
  lap(`contrast ${theme}`);
  for (const c of contrast) {
    if (!c.svg) continue;
    // Text below AA (4.5:1, large text 3:1) and opaque marks below 3:1 fail.
    for (const f of c.failures) fail(`chart #${c.id} contrast ${tag}: ${f}`);
    if (!c.backgroundOpaque) result.warnings.push(`chart #${c.id} ${tag} has a transparent background (judged against the page behind it)`);
  }
  const first = page.locator(`${CHART_SELECTOR} svg`).first();
  if (contrast.some((c) => c.svg) && (await first.count())) {
    const buf = await first.screenshot({ timeout: CHART_WAIT_MS }).catch(() => null);
    if (!buf) {
      fail(`${tag} could not take a screenshot of the first chart`);
      return;
    }
    await mkdir(opts.artifacts, { recursive: true });
    const file = path.join(opts.artifacts, `${safeName(result.relPath)}--${theme}.png`);
    await writeFile(file, buf);
    result.screenshots.push(path.relative(process.cwd(), file));
    // The rendered chart, as pixels: its dominant colour is the background a
    // reader sees; every chart text colour must stand out against it.
    const colours = contrast.find((c) => c.svg)?.textColors ?? [];
    const px = await page.evaluate(dominantColour, [`data:image/png;base64,${buf.toString('base64')}`, colours]);
    result.pixels = { ...(result.pixels || {}), [theme]: px };
    for (const [hex, r] of px.ratios) {
      if (r < TEXT_MIN) fail(`${tag} screenshot: chart text ${hex} on rendered background ${px.dominant}: ${r.toFixed(2)}:1 < ${TEXT_MIN}:1`);
    }
    lap(`screenshot ${theme}`);
  }
}

// The dark pass in the checked tab itself: switch it to prefers-color-scheme:
// dark, audit, switch back. The book theme follows the media query live
// (pydata-sphinx-theme sets data-theme on the query's change event, the CSS
// media queries apply at once; checked below), so this is the page a dark-mode
// reader sees, without loading, drawing and typesetting it a second time. It
// runs before the sliders move, so it sees the charts as first drawn.
async function darkInPlace(page, result, opts, fail, lap = () => {}) {
  const themeIs = (want) =>
    page
      .waitForFunction((t) => document.documentElement.dataset.theme === t, want, { timeout: THEME_WAIT_MS, polling: 50 })
      .then(
        () => want,
        () => page.evaluate(() => document.documentElement.dataset.theme || ''),
      );
  await page.emulateMedia({ colorScheme: 'dark' });
  const theme = await themeIs('dark');
  result.darkTheme = theme;
  if (theme !== 'dark') fail(`[dark] the book theme did not switch to dark (data-theme="${theme}")`);
  // Let the restyle reach the screen before anything reads colours or pixels.
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  lap('dark switch');
  await auditPage(page, result, 'dark', opts, fail, lap);
  await page.emulateMedia({ colorScheme: 'light' });
  const back = await themeIs('light');
  if (back !== 'light') fail(`the book theme did not switch back to light after the dark pass (data-theme="${back}")`);
  lap('dark switch');
}

// --dark-reload: the same page again in a fresh context with prefers-color-scheme: dark.
async function darkPass(browser, baseUrl, relPath, result, opts, lap = () => {}) {
  const origin = new URL(baseUrl);
  let closed = false;
  const fail = (msg) => {
    if (!closed) result.failures.push(msg);
  };
  let context;
  let page;
  try {
    ({ context, page } = await withTimeout(newIsolatedPage(browser, origin, result, 'dark'), PAGE_TIMEOUT_MS, 'opening a tab'));
  } catch (err) {
    fail(`[dark] could not open a browser tab: ${err.message.split('\n')[0]}`);
    return;
  }
  lap('dark open');
  page.setDefaultTimeout(PAGE_TIMEOUT_MS);
  page.on('pageerror', (err) => fail(`[dark] page error: ${err.message}`));
  const run = async () => {
    await page.goto(baseUrl + relPath.split('/').map(encodeURIComponent).join('/'), { waitUntil: 'load' });
    if (opts.isRedirectStub(relPath)) {
      await page.waitForURL((url) => !url.href.endsWith(relPath), { waitUntil: 'load', timeout: REDIRECT_WAIT_MS }).catch(() => {});
    }
    lap('dark load');
    if ((await page.locator(CHART_SELECTOR).count()) > 0) {
      await page.waitForFunction(chartsSettled, CHART_SELECTOR, { timeout: CHART_WAIT_MS, polling: 100 }).catch(() => {});
    }
    lap('dark charts');
    await page.evaluate(waitForMathJax, MATH_WAIT_MS);
    lap('dark math');
    const theme = await page.evaluate(() => document.documentElement.dataset.theme || '');
    result.darkTheme = theme;
    if (theme !== 'dark') fail(`[dark] the book theme did not switch to dark (data-theme="${theme}")`);
    await auditPage(page, result, 'dark', opts, fail, lap);
  };
  try {
    await withTimeout(run(), PAGE_TIMEOUT_MS, 'dark-mode check');
  } catch (err) {
    fail(`[dark] check aborted: ${err.message.split('\n')[0]}`);
  } finally {
    closed = true;
    await withTimeout(context.close(), CLOSE_TIMEOUT_MS, 'closing the tab').catch(() => {});
    lap('dark close');
  }
}

// Each page gets a fresh browser context (empty storage, like a first-time
// visitor), so the result for a page never depends on which pages ran before.
async function newIsolatedPage(browser, origin, result, colorScheme = 'light') {
  const context = await browser.newContext({ serviceWorkers: 'block', colorScheme, viewport: { width: 1280, height: 900 } });
  // Nothing leaves the machine: abort every request outside the local site.
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (isLocalSite(url, origin)) return route.continue().catch(() => {});
    result.external.push(url);
    return route.abort('blockedbyclient').catch(() => {});
  });
  await context.routeWebSocket(
    (url) => !isLocalSite(url.href, origin),
    (ws) => {
      result.external.push(ws.url());
      return ws.close({ code: 1008, reason: 'blocked by browser check' });
    },
  );
  const page = await context.newPage();
  return { context, page };
}

async function checkPage(browser, baseUrl, relPath, opts) {
  const origin = new URL(baseUrl);
  const result = newResult(relPath);
  const lap = phaseTimer(result);
  let closed = false; // once set, late events from the dying tab are ignored
  const fail = (msg) => {
    if (!closed) result.failures.push(msg);
  };
  const pageErrors = [];
  const consoleErrors = []; // {text, url, line}
  const badUrls = new Set(); // local URLs already reported with their HTTP status
  const failedLocal = []; // local requests that failed without an HTTP status
  let inflight = 0;
  let lastActivity = Date.now();
  let sliderWindow = null; // which errors appeared while the slider moved

  let context;
  let page;
  try {
    ({ context, page } = await withTimeout(newIsolatedPage(browser, origin, result), PAGE_TIMEOUT_MS, 'opening a tab'));
  } catch (err) {
    fail(`could not open a browser tab: ${err.message.split('\n')[0]}`);
    lap.finish();
    return result;
  }
  lap('open');
  page.setDefaultTimeout(PAGE_TIMEOUT_MS);
  page.setDefaultNavigationTimeout(PAGE_TIMEOUT_MS);

  page.on('pageerror', (err) => {
    if (closed) return;
    const where = (err.stack || '').split('\n').find((l) => /^\s+at /.test(l));
    pageErrors.push(`page error: ${err.message}${where ? ` (${where.trim().replaceAll(baseUrl, '')})` : ''}`);
  });
  page.on('console', (msg) => {
    if (closed || msg.type() !== 'error') return;
    const loc = msg.location();
    consoleErrors.push({ text: msg.text(), url: loc?.url || '', line: (loc?.lineNumber ?? 0) + 1 });
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
    if (isLocalSite(req.url(), origin)) failedLocal.push({ url: req.url(), error: req.failure()?.errorText });
  });
  page.on('response', (res) => {
    if (closed) return;
    if (res.status() >= 400 && isLocalSite(res.url(), origin)) {
      badUrls.add(res.url());
      fail(`HTTP ${res.status()} for ${res.url().replace(baseUrl, '')}`);
    }
  });

  const run = async () => {
    const startUrl = baseUrl + relPath.split('/').map(encodeURIComponent).join('/');
    const response = await page.goto(startUrl, { waitUntil: 'load' });
    if (!response) fail('navigation produced no response');

    // Redirect stubs (Jupyter Book's root index.html is a bare meta refresh):
    // follow the redirect and check the page it lands on.
    // (Read the file itself: the response body may be gone once the redirect ran.)
    if (opts.isRedirectStub(relPath)) {
      await page
        .waitForURL((url) => url.href !== startUrl, { waitUntil: 'load', timeout: REDIRECT_WAIT_MS })
        .then(() => {
          result.redirect = page.url().replace(baseUrl, '');
        })
        .catch(() => fail(`meta refresh did not lead anywhere within ${REDIRECT_WAIT_MS / 1000} s`));
    }
    lap('load');

    // Charts: wait until every Altair output has a drawing or an error box.
    const chartCount = await page.locator(CHART_SELECTOR).count();
    if (chartCount > 0) {
      await page
        .waitForFunction(chartsSettled, CHART_SELECTOR, { timeout: CHART_WAIT_MS, polling: 100 })
        .catch(() => {});
    }
    lap('charts');

    // Math: wait for MathJax's initial typesetting, if MathJax is on the page.
    const mathState = await page.evaluate(waitForMathJax, MATH_WAIT_MS);
    lap('math');

    // Let outstanding requests (fonts, lazy scripts) finish.
    const settleDeadline = Date.now() + SETTLE_MAX_MS;
    while (Date.now() < settleDeadline && (inflight > 0 || Date.now() - lastActivity < 100)) {
      await page.waitForTimeout(50);
    }
    lap('settle');

    result.charts = await page.evaluate(inspectCharts, CHART_SELECTOR);
    for (const chart of result.charts) {
      if (chart.error) fail(`chart #${chart.id} shows an error: ${chart.error}`);
      else if (!chart.rendered) fail(`chart #${chart.id} did not render (no svg/canvas after ${CHART_WAIT_MS / 1000} s)`);
    }
    const rendered = result.charts.filter((c) => c.rendered);
    const unlabelled = rendered.filter((c) => !c.label);
    if (unlabelled.length) {
      const msg =
        `${unlabelled.length} of ${rendered.length} rendered chart(s) without a description for screen readers ` +
        `(no aria-label, or only Vega's generic one; set .properties(description=...)): ` +
        unlabelled.map((c) => '#' + c.id).join(', ');
      if (opts.requireChartLabels) fail(msg);
      else result.warnings.push(msg);
    }

    const math = await page.evaluate(inspectMath);
    result.math = math.count;
    if (math.count > 0 && mathState !== 'ready') fail(`MathJax not ready (${mathState}) on a page with ${math.count} math element(s)`);
    if (math.unrendered.length) {
      const more = math.unrendered.length > 5 ? ` and ${math.unrendered.length - 5} more` : '';
      fail(`${math.unrendered.length} of ${math.count} .math element(s) not rendered by MathJax: ` +
        math.unrendered.slice(0, 5).map((t) => JSON.stringify(t)).join(', ') + more);
    }
    for (const err of new Set(math.texErrors)) fail(`MathJax TeX error: ${err}`);
    if (math.leftovers.length) {
      const distinct = [...new Set(math.leftovers)];
      const shown = distinct.slice(0, 5).map((t) => JSON.stringify(t)).join(', ');
      const more = distinct.length > 5 ? ` and ${distinct.length - 5} more` : '';
      fail(`${math.leftovers.length} unrendered TeX fragment(s) in the page text: ${shown}${more}`);
    }
    if (!math.hasMain) result.warnings.push('no <main> or <article> element: leftover-TeX text check skipped');
    lap('inspect');

    // Accessibility audit of the page as first loaded (light theme), before
    // any slider moves: axe-core, image alt text, chart contrast, screenshot.
    if (opts.a11y) await auditPage(page, result, 'light', opts, fail, lap);
    if (opts.a11y && !opts.darkReload) await darkInPlace(page, result, opts, fail, lap);

    // Sliders: every visible range input must be reached with Tab, change on
    // the arrow keys and make its chart redraw (one inside a collapsed
    // section cannot be reached, and is not a defect).
    const sliders = page.locator('input[type=range]');
    result.sliders = await sliders.count();
    const visibleSliders = sliders.filter({ visible: true });
    const nVisible = await visibleSliders.count();
    if (result.sliders > 0 && nVisible === 0) {
      result.warnings.push(`${result.sliders} slider(s), none visible: keyboard check skipped`);
    } else if (result.sliders > 0) {
      const pageErrorsBefore = pageErrors.length;
      const consoleBefore = consoleErrors.length;
      result.slidersOperable = 0;
      for (let n = 0; n < nVisible; n++) {
        const slider = visibleSliders.nth(n);
        const name = `slider ${n + 1} (${(await slider.getAttribute('name')) || 'unnamed'})`;
        await slider.scrollIntoViewIfNeeded();
        // The chart's drawing before the keys are pressed stays in the page (it can be
        // megabytes of SVG): only whether it changed comes back.
        const info = await slider.evaluate((el) => {
          const svg = el.closest('div[id^="altair-viz-"]')?.querySelector('svg');
          el.__browserCheckChartBefore = svg ? svg.innerHTML : null;
          return { value: el.value, atMax: Number(el.value) >= Number(el.max || 100), hasChart: !!svg };
        });
        // Reached with Tab: focus the focusable element before it, press Tab.
        const prev = await slider.evaluate(focusPrevious);
        if (prev === -2) {
          await slider.focus();
        } else {
          await page.keyboard.press('Tab');
        }
        let focused = await slider.evaluate((el) => document.activeElement === el);
        if (!focused) {
          fail(`${name} is not reached with the Tab key`);
          await slider.focus();
          focused = await slider.evaluate((el) => document.activeElement === el);
          if (!focused) {
            fail(`${name} cannot receive keyboard focus`);
            continue;
          }
        }
        const key = info.atMax ? 'ArrowLeft' : 'ArrowRight';
        for (let i = 0; i < SLIDER_KEY_PRESSES; i++) await page.keyboard.press(key);
        // Let the chart react (and possibly throw): poll in the page until it redraws,
        // up to the limit (a value that did not change ends the wait at once).
        const after = await slider.evaluate(
          async (el, [value, hasChart, limitMs]) => {
            const by = Date.now() + limitMs;
            const html = () => el.closest('div[id^="altair-viz-"]')?.querySelector('svg')?.innerHTML ?? null;
            const before = el.__browserCheckChartBefore;
            let redrawn;
            do {
              await new Promise((r) => setTimeout(r, 50));
              redrawn = html() !== before;
            } while (el.value !== value && hasChart && !redrawn && Date.now() < by);
            delete el.__browserCheckChartBefore;
            return { value: el.value, redrawn };
          },
          [info.value, info.hasChart, SLIDER_REDRAW_MS],
        );
        if (after.value === info.value) fail(`${name} did not change on ${key} (value stays ${info.value})`);
        else if (info.hasChart && !after.redrawn)
          fail(`${name} changed (${info.value} -> ${after.value}) but its chart did not redraw`);
        else result.slidersOperable += 1;
      }
      // Counted at the end, once echoes of already-reported loads are filtered out.
      sliderWindow = { pageErrors: [pageErrorsBefore, pageErrors.length], console: [consoleBefore, consoleErrors.length] };
    }
    lap('sliders');
  };

  try {
    await withTimeout(run(), passesPerTab(opts) * PAGE_TIMEOUT_MS, 'page check');
  } catch (err) {
    fail(`check aborted: ${err.message.split('\n')[0]}`);
  } finally {
    closed = true;
    // A hung renderer must not hang the check: bound the clean-up too.
    await withTimeout(context.close(), CLOSE_TIMEOUT_MS, 'closing the tab').catch((err) =>
      result.failures.push(`check aborted: ${err.message}`),
    );
    lap('close');
  }

  if (opts.a11y && opts.darkReload) await darkPass(browser, baseUrl, relPath, result, opts, lap);

  result.failures.unshift(...result.external.map((url) => `external request blocked: ${url}`));
  // Chromium echoes every failed load as a console error ("Failed to load
  // resource: ..."). For loads already reported above (blocked, HTTP >= 400)
  // that echo adds nothing; every other console error is reported as is.
  for (const f of failedLocal) {
    // A 404 script also shows up as an aborted request; report it once.
    if (badUrls.has(f.url)) continue;
    const where = f.url.replace(baseUrl, '');
    // Chromium cancels a load now and then on a busy machine (net::ERR_ABORTED) and
    // loads the file again. Only a file the server cannot give is a defect: ask the
    // server once more, and count the abort as a warning when the file is there.
    if (/ERR_ABORTED/.test(f.error || '') && (await servedOk(f.url))) {
      result.warnings.push(`local request aborted by the browser, file served fine on a retry: ${where}`);
    } else {
      result.failures.push(`local request failed: ${where} (${f.error})`);
    }
  }
  const reported = new Set([...badUrls, ...result.external]);
  const reportable = (c) => !(c.text.startsWith('Failed to load resource') && reported.has(c.url));
  if (sliderWindow) {
    const [p0, p1] = sliderWindow.pageErrors;
    const [c0, c1] = sliderWindow.console;
    const n = p1 - p0 + consoleErrors.slice(c0, c1).filter(reportable).length;
    if (n > 0) result.failures.push(`${n} new page/console error(s) after moving the first slider (listed below)`);
  }
  const consoleLines = consoleErrors
    .filter(reportable)
    .map((c) => `console error: ${c.text.slice(0, 500)}${c.url ? ` (${c.url.replace(baseUrl, '')}:${c.line})` : ''}`);
  result.failures.push(...pageErrors, ...consoleLines);
  result.failures = dedupe(result.failures);
  lap('report');
  lap.finish();
  return result;
}

// True when the local server answers the URL with a 2xx status.
async function servedOk(url) {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(CLOSE_TIMEOUT_MS) });
    await res.arrayBuffer();
    return res.ok;
  } catch {
    return false;
  }
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
    FAILING_IMPACTS = new Set(IMPACTS.slice(IMPACTS.indexOf(opts.axeFailOn)));
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
  const stubs = new Set();
  for (const relPath of pages) {
    const head = (await readFile(path.join(opts.siteDir, relPath), 'utf8')).slice(0, 4096);
    if (/<meta[^>]+http-equiv\s*=\s*["']?refresh/i.test(head)) stubs.add(relPath);
  }
  opts.isRedirectStub = (relPath) => stubs.has(relPath);
  if (pages.length === 0) {
    console.error(`browser check: no .html pages under ${opts.siteDir}`);
    return 2;
  }

  // Last line of defence against a hang anywhere: every page has its own
  // time limit, so the whole run can never legitimately take longer than this.
  const passes = opts.a11y ? 2 : 1; // light, and dark (in the same tab or a second one)
  const budgetMs = 60_000 + Math.ceil(pages.length / opts.jobs) * passes * (PAGE_TIMEOUT_MS + 2 * CLOSE_TIMEOUT_MS);
  const watchdog = setTimeout(() => {
    console.error(`browser check: still running after ${budgetMs / 1000} s, giving up`);
    process.exit(2); // playwright kills the browser it launched on exit
  }, budgetMs);
  watchdog.unref();

  let server;
  let browser;
  const results = [];
  try {
    server = await startServer(opts.siteDir);
    const baseUrl = `http://127.0.0.1:${server.address().port}/`;
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
    // A small pool of tabs; results are printed in page order.
    const jobs = Math.max(1, Math.min(opts.jobs, pages.length));
    const pending = pages.map(() => null);
    let next = 0;
    let printed = 0;
    const worker = async () => {
      while (next < pages.length) {
        const index = next++;
        pending[index] = await checkPage(browser, baseUrl, pages[index], opts);
        while (printed < pages.length && pending[printed]) {
          results.push(pending[printed]);
          printResult(pending[printed], opts);
          printed += 1;
        }
      }
    };
    await Promise.all(Array.from({ length: jobs }, worker));
  } catch (err) {
    console.error(`browser check: setup failed: ${err.stack || err.message}`);
    return 2;
  } finally {
    if (browser) await withTimeout(browser.close(), CLOSE_TIMEOUT_MS, 'closing the browser').catch(() => {});
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
  if (opts.a11y) {
    const count = (t, impacts) =>
      results.reduce((n, r) => n + (r.axe[t]?.violations || []).filter((v) => impacts.includes(v.impact)).length, 0);
    const serious = (t) => count(t, ['serious', 'critical']);
    const other = (t) => count(t, ['moderate', 'minor']);
    const labelled = results.reduce((n, r) => n + r.charts.filter((c) => c.rendered && c.label).length, 0);
    const imgs = results.reduce((a, r) => [a[0] + (r.images?.total || 0), a[1] + (r.images?.withAlt || 0) + (r.images?.decorative || 0)], [0, 0]);
    const sliders = results.reduce((a, r) => [a[0] + r.slidersOperable, a[1] + r.sliders], [0, 0]);
    const shots = results.flatMap((r) => r.screenshots);
    console.log(
      `accessibility: axe serious/critical light ${serious('light')}, dark ${serious('dark')}; moderate/minor light ${other('light')}, dark ${other('dark')} ` +
        `(failing from impact ${opts.axeFailOn}); ` +
        `charts with a description ${labelled}/${charts}; images with alt ${imgs[1]}/${imgs[0]}; sliders operable by keyboard ${sliders[0]}/${sliders[1]}; ` +
        `${shots.length} screenshot(s) in ${path.relative(process.cwd(), opts.artifacts) || '.'}`,
    );
  }
  if (opts.summaryJson) {
    await mkdir(path.dirname(path.resolve(opts.summaryJson)), { recursive: true });
    await writeFile(opts.summaryJson, JSON.stringify(results, null, 1) + '\n');
  }
  printSlowest(results);
  console.log(`browser check took ${((Date.now() - started) / 1000).toFixed(1)} s with ${opts.jobs} job(s)`);
  // The closing line CI reads: pages checked, as tests.
  console.log(`browser: ${results.length - failed} passed, ${failed} failed`);
  return failed > 0 ? 1 : 0;
}

// The slowest pages and where their time went: what to look at when the check gets slow.
function printSlowest(results, n = 5) {
  const timed = results.filter((r) => typeof r.seconds === 'number');
  if (!timed.length) return;
  const total = timed.reduce((s, r) => s + r.seconds, 0);
  console.log(`slowest pages (of ${timed.length}, ${total.toFixed(1)} s of page time in all):`);
  for (const r of [...timed].sort((a, b) => b.seconds - a.seconds).slice(0, n)) {
    const phases = Object.entries(r.phases || {})
      .filter(([, s]) => s >= 0.05)
      .sort((a, b) => b[1] - a[1])
      .map(([k, s]) => `${k} ${s.toFixed(1)}`)
      .join(', ');
    console.log(`  ${r.seconds.toFixed(1)} s  ${r.relPath}: ${phases}`);
  }
}

function printResult(r, opts = {}) {
  const rendered = r.charts.filter((c) => c.rendered);
  const labelled = rendered.filter((c) => c.label).length;
  const status = r.failures.length ? 'FAIL' : 'OK  ';
  console.log(
    `${status}  ${r.relPath}${r.redirect ? ` -> ${r.redirect}` : ''}  charts=${rendered.length}/${r.charts.length} labelled=${labelled}/${rendered.length} ` +
      `math=${r.math} sliders=${r.sliders} requests=${r.requests}`,
  );
  if (r.axe.light || r.axe.dark) {
    const axeLine = ['light', 'dark']
      .filter((t) => r.axe[t])
      .map((t) => {
        const by = { critical: 0, serious: 0, moderate: 0, minor: 0 };
        for (const v of r.axe[t].violations) by[v.impact] = (by[v.impact] || 0) + 1;
        return `${t}: ${r.axe[t].violations.length} violation(s) (critical ${by.critical}, serious ${by.serious}, moderate ${by.moderate}, minor ${by.minor}), ${r.axe[t].passes} rules passed`;
      })
      .join('; ');
    console.log(`      axe ${axeLine}`);
    const cl = r.contrast.light || [];
    const cd = r.contrast.dark || [];
    const min = (list, key) => {
      const v = list.map((c) => c[key]).filter((x) => x !== null && x !== undefined);
      return v.length ? Math.min(...v).toFixed(2) : '-';
    };
    const imgs = r.images ? `images ${r.images.withAlt} with alt, ${r.images.decorative} decorative, ${r.images.missing.length} missing` : '';
    if (cl.length) {
      console.log(
        `      contrast min text ${min(cl, 'minText')}/${min(cd, 'minText')}, marks ${min(cl, 'minMark')}/${min(cd, 'minMark')} (light/dark); ` +
          `${cl.reduce((n, c) => n + c.texts, 0)} texts, ${cl.reduce((n, c) => n + c.marks, 0)} marks checked, ` +
          `${cl.reduce((n, c) => n + c.translucent, 0)} translucent marks; sliders operable ${r.slidersOperable}/${r.sliders}; ${imgs}`,
      );
    } else if (imgs) console.log(`      ${imgs}`);
  }
  for (const f of r.failures) console.log(`      - ${f}`);
  for (const w of r.warnings) console.log(`      WARNING: ${w}`);
  if (opts.verbose) {
    for (const c of r.charts) {
      const how = c.label
        ? `label on ${c.labelledBy}: ${JSON.stringify(c.label.slice(0, 120))}`
        : c.genericLabel
          ? `only the generic label ${JSON.stringify(c.genericLabel)}`
          : 'no label';
      console.log(`      chart #${c.id}: ${c.rendered ? `rendered (${c.kind})` : 'NOT rendered'}, ${how}${c.roleImg ? ', role=img' : ''}`);
    }
  }
}

// Exit explicitly: nothing left behind (a stray socket or timer) may keep the
// process alive after the verdict.
process.exit(await main());
