import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { appProtocolHandler, isAppUrl, resolveAppFile } from '../../../main/app-protocol'

/** The app:// handler is plain Node (window.ts only registers it), so it is tested on real files. */
let root: string
let dir: string
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'jq-proto-'))
  dir = join(root, 'renderer')
  mkdirSync(join(dir, 'assets'), { recursive: true })
  mkdirSync(join(dir, 'fonts.d'), { recursive: true })
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>JobQueue</title>')
  writeFileSync(join(dir, 'assets', 'app-1.js'), 'console.log(1)')
  writeFileSync(join(dir, 'assets', 'style.css'), 'body{}')
  writeFileSync(join(root, 'secret.txt'), 'do not serve')
})

describe('isAppUrl', () => {
  it.each([
    ['app://jobqueue/index.html', true],
    ['app://jobqueue/', true],
    ['app://evil/index.html', false],
    ['app://jobqueue.evil/index.html', false],
    ['app://user@jobqueue/', false],
    ['https://jobqueue/', false],
    ['file:///index.html', false],
    ['garbage', false]
  ])('%s → %s', (url, ok) => expect(isAppUrl(url)).toBe(ok))
})

describe('resolveAppFile', () => {
  it('maps app URLs into the renderer folder, with index.html for / and for routes', () => {
    expect(resolveAppFile(dir, 'app://jobqueue/')).toBe(join(dir, 'index.html'))
    expect(resolveAppFile(dir, 'app://jobqueue/queue')).toBe(join(dir, 'index.html'))
    expect(resolveAppFile(dir, 'app://jobqueue/assets/app-1.js?v=1#x')).toBe(join(dir, 'assets', 'app-1.js'))
  })

  it.each([
    'app://jobqueue/../secret.txt',
    'app://jobqueue/%2e%2e/secret.txt',
    'app://jobqueue/assets/%2e%2e%2f%2e%2e%2fsecret.txt',
    'app://jobqueue/..%5csecret.txt',
    'app://jobqueue/%00.js',
    'app://jobqueue/%E0%A4%A.js',
    'app://other/index.html'
  ])('never leaves the folder: %s', (url) => {
    const file = resolveAppFile(dir, url)
    expect(file === null || file.startsWith(dir + '/')).toBe(true)
    expect(file).not.toBe(join(root, 'secret.txt'))
  })
})

describe('appProtocolHandler', () => {
  const handle = (url: string, method = 'GET') => appProtocolHandler(dir)(new Request(url, { method }))

  it('streams files with their type and the CSP header', async () => {
    const page = await handle('app://jobqueue/index.html')
    expect(page.status).toBe(200)
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8')
    expect(page.headers.get('content-security-policy')).toMatch(/script-src 'self'(;|$)/)
    expect(page.headers.get('content-security-policy')).not.toContain('unsafe-eval')
    expect(page.headers.get('x-content-type-options')).toBe('nosniff')
    expect(await page.text()).toContain('JobQueue')
    const js = await handle('app://jobqueue/assets/app-1.js')
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8')
    expect((await handle('app://jobqueue/assets/style.css')).headers.get('content-type')).toBe(
      'text/css; charset=utf-8'
    )
  })

  it('answers 404 for missing files, folders and anything outside, and 405 for writes', async () => {
    expect((await handle('app://jobqueue/assets/missing.js')).status).toBe(404)
    expect((await handle('app://jobqueue/assets')).status).toBe(200) // a route: index.html
    expect((await handle('app://jobqueue/fonts.d')).status).toBe(404)
    expect((await handle('app://jobqueue/%2e%2e/secret.txt')).status).toBe(404)
    expect((await handle('app://other/index.html')).status).toBe(404)
    expect((await handle('app://jobqueue/index.html', 'POST')).status).toBe(405)
    const missing = await handle('app://jobqueue/nothing.js')
    expect(missing.headers.get('content-security-policy')).toBeTruthy()
  })
})
