import { cpSync, existsSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { chromium, type Page } from '@playwright/test'
import { chromiumArgs } from '../../playwright.config'
import { startSandbox, type Sandbox } from '../../main/sandbox'
import { startHostProcess, type HostProcess } from '../helpers/browser-host-process'
import type { JobQueueFacade } from '../../common/contract'
import type { BenchRow } from './run'

/** What the page callbacks use (this file is type-checked without the DOM library). */
interface PageGlobals {
  document: { querySelector(selector: string): { getAttribute(name: string): string | null } | null }
  jobqueue: JobQueueFacade
}

/** The baseline's queue: a handful of jobs, so the ratio shows what 10,000 cost over the app itself. */
const FEW_JOBS = 20
const RUNS = 5

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.floor(s.length / 2)] ?? Number.NaN
}

/** Signs the page's app in to a sandbox as the reader (a saved connection, password not kept). */
async function signIn(page: Page, sandbox: Sandbox, name: string): Promise<void> {
  const ok = await page.evaluate(
    async ({ url, name }) => {
      const { jobqueue } = globalThis as unknown as PageGlobals
      const created = await jobqueue.connections.create({ name, url, auth: 'basic', username: 'reader' })
      if (!created.ok) return created.error.message
      const session = await jobqueue.session.connect({
        id: created.value.id,
        password: 'reader-pass',
        remember: 'none'
      })
      return session.ok ? 'ok' : session.error.message
    },
    { url: sandbox.url, name }
  )
  if (ok !== 'ok') throw new Error(`could not connect to the ${name} sandbox: ${ok}`)
}

/**
 * Milliseconds from navigation start until `selector` is on screen, measured in the page on animation frames.
 * The page is left first: going to the URL it already shows is only a hash change, and `performance.now()`
 * would count from the first load.
 */
async function timeToFirst(page: Page, url: string, selector: string): Promise<number> {
  await page.goto('about:blank')
  await page.goto(url)
  const handle = await page.waitForFunction(
    (sel) => ((globalThis as unknown as PageGlobals).document.querySelector(sel) ? performance.now() : false),
    selector,
    {
      polling: 'raf',
      timeout: 60_000
    }
  )
  return (await handle.jsonValue()) as number
}

/**
 * Scrolls the queue table to its end, a screenful per frame, and returns every frame's duration.
 * A string, not a function: tsx would add helpers (`__name`) that do not exist in the page.
 */
const scrollScript = `new Promise((done) => {
  const grid = document.querySelector('[data-testid=queue-table]')
  if (!grid) return done([])
  const frames = []
  let last = performance.now()
  const step = () => {
    const now = performance.now()
    frames.push(now - last)
    last = now
    if (grid.scrollTop + grid.clientHeight >= grid.scrollHeight - 1) return done(frames.slice(1))
    grid.scrollTop += grid.clientHeight
    requestAnimationFrame(step)
  }
  requestAnimationFrame(step)
})`

async function scrollFrames(page: Page): Promise<number[]> {
  return await page.evaluate<number[]>(scrollScript)
}

const p95Of = (frames: number[]): number => [...frames].sort((a, b) => a - b)[Math.floor(frames.length * 0.95)] ?? NaN

/**
 * The same scroll over a plain element as tall as the table, in the same browser: the frame rate's floor on this
 * machine (an idle page's animation frames jitter around 16.7 ms too).
 */
async function plainScrollP95(page: Page, rows: number): Promise<number> {
  await page.goto('about:blank')
  await page.setContent(
    `<div data-testid="queue-table" style="height:100vh;overflow:auto"><div style="height:${rows * 36}px;background:repeating-linear-gradient(#fff 0 35px,#ddd 35px 36px)"></div></div>`
  )
  return p95Of(await scrollFrames(page))
}

/**
 * The Queue view with `JOBS` jobs, in Chromium through the browser host: time from navigation to the first
 * rendered rows. Baseline: the same navigation and measurement with 20 jobs (the cost of the app itself).
 * The note adds the 95th-percentile frame time while scrolling to the last row, against the 16.7 ms of 60 fps.
 */
export const queueUiRow = (JOBS: number): BenchRow => ({
  name: `Queue view, ${JOBS.toLocaleString('en-US')} jobs: navigation → first rows`,
  async run() {
    if (!existsSync(resolve('out/renderer/index.html'))) throw new Error('build first: npx electron-vite build')
    const renderer = join(mkdtempSync(join(tmpdir(), 'jq-bench-renderer-')), 'renderer')
    cpSync(resolve('out/renderer'), renderer, { recursive: true })
    const quiet = { pollingIntervalMs: 3_600_000 }
    const full = await startSandbox({
      port: 0,
      dataDir: mkdtempSync(join(tmpdir(), 'jq-bench-full-')),
      seedJobs: JOBS,
      processing: quiet
    })
    const few = await startSandbox({
      port: 0,
      dataDir: mkdtempSync(join(tmpdir(), 'jq-bench-few-')),
      seedJobs: FEW_JOBS,
      processing: quiet
    })
    let host: HostProcess | undefined
    const browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: chromiumArgs
    })
    try {
      host = await startHostProcess({ args: ['--renderer', renderer] })
      const page = await browser.newPage({ viewport: { width: 1280, height: 800 } })
      const queueUrl = host.url.replace(/#.*$/, '') + '#/queue'

      await page.goto(host.url)
      await signIn(page, full, `Bench ${JOBS}`)
      const allRows = (n: number) =>
        (globalThis as unknown as PageGlobals).document
          .querySelector('[data-testid=queue-table]')
          ?.getAttribute('data-rows') === String(n)
      await page.waitForFunction(allRows, JOBS, {
        timeout: 300_000
      })
      const ours: number[] = []
      for (let i = 0; i < RUNS + 1; i++) ours.push(await timeToFirst(page, queueUrl, '[data-testid=queue-row]'))
      ours.shift()
      await page.waitForFunction(allRows, JOBS, { timeout: 60_000 })
      // Let the freshly loaded page settle (fonts, the first poll) before the frames are counted.
      await page.waitForTimeout(1_000)
      const frames = (await scrollFrames(page)).sort((a, b) => a - b)
      const p95 = p95Of(frames)
      const worst = frames[frames.length - 1] ?? Number.NaN
      const lastRow = await page.locator('[data-testid=queue-row]').last().getAttribute('aria-rowindex')
      if (lastRow !== String(JOBS + 1))
        throw new Error(`scrolling did not reach the last row (aria-rowindex ${lastRow})`)

      await page.evaluate(() => (globalThis as unknown as PageGlobals).jobqueue.session.disconnect())
      await signIn(page, few, 'Bench few')
      await page.goto(queueUrl)
      await page.waitForFunction(allRows, FEW_JOBS, { timeout: 60_000 })
      const base: number[] = []
      for (let i = 0; i < RUNS + 1; i++) base.push(await timeToFirst(page, queueUrl, '[data-testid=queue-row]'))
      base.shift()

      const floor = await plainScrollP95(page, JOBS)
      return {
        ours: median(ours),
        baseline: median(base),
        unit: 'ms',
        note: `baseline: same navigation, ${FEW_JOBS} jobs; median of ${RUNS}. Scrolling ${JOBS} rows to the end: p95 frame ${p95.toFixed(1)} ms (budget 16.7; a plain element scrolled alike: ${floor.toFixed(1)}), worst ${worst.toFixed(1)} ms over ${frames.length} frames`
      }
    } finally {
      await browser.close()
      await host?.stop()
      await full.stop()
      await few.stop()
    }
  }
})
