#!/usr/bin/env node
// Runs labs the way a student does: in JupyterLab, in a browser, with "Run All Cells".
//
// Usage: node scripts/lab_ui_check.mjs --url=http://127.0.0.1:PORT --token=TOKEN
//            [--summary-json=FILE] [--screenshots=DIR] LAB.ipynb [LAB.ipynb ...]
// Each LAB is a path relative to the JupyterLab server's root directory.
//
// For each lab, in headless Chromium (playwright-core driving the system
// Chromium; CHROMIUM overrides the path), in a fresh browser context:
//   1. opens <url>/lab/tree/<lab> (logging in with the token) and waits for the
//      notebook and an idle kernel;
//   2. clicks the menu Run > Run All Cells;
//   3. waits until no cell is running and the kernel is idle again;
//   4. fails the lab if any code cell with source has no execution number (the
//      run stopped early), if any output shows an error or anything on stderr
//      (JupyterLab renders both with the stderr MIME type), if the kernel died,
//      or if the setup cell's output does not end with "ready".
// Requests to hosts other than the server are aborted (the test runs offline);
// the failed loads of Altair's CDN scripts that follow are counted, not failed.
// Run the server with JupyterLab's windowing off (windowingMode "none"), so
// that every cell is in the page; tests/test_launch.py and tests/test_lab.py do.
//
// Exit status: 0 every lab passed, 1 some lab failed, 2 usage/setup error.

import { writeFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import process from 'node:process';
import { chromium } from 'playwright-core';

const RUN_TIMEOUT_MS = 300_000;
const OPEN_TIMEOUT_MS = 120_000;

function parseArgs(argv) {
  const opts = { labs: [] };
  for (const arg of argv) {
    const m = arg.match(/^--([\w-]+)=(.*)$/);
    if (m) opts[m[1]] = m[2];
    else if (arg.startsWith('--')) throw new Error(`unknown option ${arg}`);
    else opts.labs.push(arg);
  }
  if (!opts.url || !opts.token || opts.labs.length === 0) {
    throw new Error('usage: lab_ui_check.mjs --url=URL --token=TOKEN LAB.ipynb ...');
  }
  return opts;
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// The state of the open notebook, read from JupyterLab's DOM.
function notebookState() {
  const panel = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden)');
  if (!panel) return null;
  const indicator = panel.querySelector('.jp-Notebook-ExecutionIndicator');
  const cells = [...panel.querySelectorAll('.jp-Notebook .jp-CodeCell')].map((cell) => {
    const prompt = (cell.querySelector('.jp-InputArea-prompt')?.textContent || '').trim();
    const source = (cell.querySelector('.cm-content')?.textContent || '').trim();
    const outputs = [...cell.querySelectorAll('.jp-OutputArea-output')];
    const stderr = outputs
      .filter((o) => o.getAttribute('data-mime-type') === 'application/vnd.jupyter.stderr')
      .map((o) => o.textContent.trim().slice(0, 2000));
    const text = outputs.map((o) => o.textContent).join('\n').trim();
    return { prompt, hasSource: source.length > 0, stderr, text };
  });
  return {
    kernel: indicator ? indicator.getAttribute('data-status') : null,
    cells,
    dialog: document.querySelector('.jp-Dialog')?.textContent?.trim() || null,
  };
}

async function runLab(browser, opts, lab) {
  const result = { lab, ok: false, problems: [], cells: 0, seconds: null };
  const origin = new URL(opts.url).origin;
  const opened = Date.now();
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
  const page = await context.newPage();
  await page.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith(origin) || url.startsWith('data:') || url.startsWith('blob:')) return route.continue();
    return route.abort();
  });
  const pageErrors = [];
  page.on('pageerror', (err) => pageErrors.push(String(err)));
  try {
    const target = `${opts.url}/lab/tree/${lab.split('/').map(encodeURIComponent).join('/')}` +
      `?reset&token=${encodeURIComponent(opts.token)}`;
    await page.goto(target, { timeout: OPEN_TIMEOUT_MS });
    await page.waitForSelector('.jp-NotebookPanel .jp-Notebook .jp-CodeCell', { timeout: OPEN_TIMEOUT_MS });
    // Ready: the notebook has loaded (no spinner), its kernel has started (the
    // toolbar names it) and is idle, and no dialog is asking anything.
    await page.waitForFunction(() => {
      const panel = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden)');
      if (!panel || panel.querySelector('.jp-Spinner') || document.querySelector('.jp-Dialog')) return false;
      const name = (panel.querySelector('.jp-Toolbar-kernelName')?.textContent || '').trim();
      const status = panel.querySelector('.jp-Notebook-ExecutionIndicator')?.getAttribute('data-status');
      return name !== '' && !/No Kernel/i.test(name) && status === 'idle';
    }, null, { timeout: OPEN_TIMEOUT_MS, polling: 500 });
    if (opts.screenshots) {
      await mkdir(opts.screenshots, { recursive: true });
      await page.screenshot({ path: path.join(opts.screenshots, `${path.basename(lab, '.ipynb')}-opened.png`) });
    }
    const before = await page.evaluate(notebookState);
    if (before.dialog) result.problems.push(`a dialog was open before Run All: ${before.dialog.slice(0, 300)}`);
    if (before.cells.some((c) => c.prompt.includes('*'))) result.problems.push('a cell was running before Run All');

    result.openSeconds = (Date.now() - opened) / 1000;
    const start = Date.now();
    await page.locator('.lm-MenuBar-itemLabel', { hasText: /^Run$/ }).click();
    await page.locator('.lm-Menu-itemLabel', { hasText: /^Run All Cells$/ }).click();
    // Running: wait for the first cell to be queued or numbered, then for quiet.
    await page.waitForFunction(
      () => [...document.querySelectorAll('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-CodeCell .jp-InputArea-prompt')]
        .some((p) => /\[(\*|\d+)\]/.test(p.textContent)),
      null, { timeout: OPEN_TIMEOUT_MS });
    let quiet = 0;
    let state = null;
    while (Date.now() - start < RUN_TIMEOUT_MS) {
      state = await page.evaluate(notebookState);
      const running = state.cells.some((c) => c.prompt.includes('*'));
      if (!running && state.kernel === 'idle') quiet += 1; else quiet = 0;
      if (quiet >= 3 || state.dialog || state.kernel === 'dead') break;
      await sleep(500);
    }
    result.seconds = (Date.now() - start) / 1000;
    result.cells = state.cells.length;
    if (quiet < 3 && !state.dialog && state.kernel !== 'dead') result.problems.push(`still running after ${RUN_TIMEOUT_MS / 1000} s (kernel: ${state.kernel})`);
    if (state.dialog) result.problems.push(`a dialog opened: ${state.dialog.slice(0, 300)}`);
    if (state.kernel === 'dead') result.problems.push('the kernel died');
    state.cells.forEach((c, i) => {
      if (c.hasSource && !/\[\d+\]/.test(c.prompt)) result.problems.push(`code cell ${i + 1} did not run (prompt ${c.prompt || 'empty'})`);
      for (const text of c.stderr) result.problems.push(`code cell ${i + 1} shows an error or stderr output:\n${text}`);
    });
    const setup = state.cells[0]?.text || '';
    if (!/ready$/.test(setup)) result.problems.push(`the setup cell did not print "ready" (it printed ${JSON.stringify(setup.slice(-200))})`);
    // Altair's HTML output asks a CDN for Vega; the test runs offline, so those
    // script loads fail by design (on Binder they succeed). Any other page error fails.
    const offline = pageErrors.filter((e) => /Error loading script: https?:\/\//.test(e)
      && !e.includes(origin));
    result.offlineScriptErrors = offline.length;
    const real = pageErrors.filter((e) => !offline.includes(e));
    if (real.length) result.problems.push(...real.map((e) => `page error: ${e}`));
    if (opts.screenshots) {
      await mkdir(opts.screenshots, { recursive: true });
      await page.screenshot({ path: path.join(opts.screenshots, `${path.basename(lab, '.ipynb')}.png`) });
    }
    result.ok = result.problems.length === 0;
  } catch (err) {
    result.problems.push(`driver error: ${err.message.split('\n')[0]}`);
  } finally {
    // Shut the lab's kernel down (through the server's API), so that labs do not
    // pile up running kernels.
    try {
      const headers = { Authorization: `token ${opts.token}` };
      const sessions = await (await context.request.get(`${opts.url}/api/sessions`, { headers })).json();
      for (const session of sessions.filter((x) => x.path === lab)) {
        await context.request.delete(`${opts.url}/api/sessions/${session.id}`, { headers });
      }
    } catch (err) {
      console.log(`  (could not shut down the kernel of ${lab}: ${err.message.split('\n')[0]})`);
    }
    await context.close();
  }
  return result;
}

async function main() {
  let opts;
  try {
    opts = parseArgs(process.argv.slice(2));
  } catch (err) {
    console.error(err.message);
    return 2;
  }
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking',
      '--no-first-run', '--disable-component-update', '--disable-sync'],
  });
  const results = [];
  try {
    for (const lab of opts.labs) {
      const r = await runLab(browser, opts, lab);
      results.push(r);
      const time = r.seconds === null ? '' : ` (${r.cells} code cells, opened in ${r.openSeconds?.toFixed(1)} s, ran in ${r.seconds.toFixed(1)} s)`;
      console.log(`${r.ok ? 'PASS' : 'FAIL'} ${lab}${time}`);
      for (const p of r.problems) console.log(`  - ${p}`);
    }
  } finally {
    await browser.close();
  }
  if (opts['summary-json']) await writeFile(opts['summary-json'], JSON.stringify(results, null, 2));
  const failed = results.filter((r) => !r.ok).length;
  console.log(`${results.length - failed} passed, ${failed} failed`);
  return failed ? 1 : 0;
}

process.exitCode = await main();
