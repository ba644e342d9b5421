import { existsSync } from 'node:fs'
import { mkdtemp, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { HandlerTable } from '../../../common/contract'
import { browserDesktop, type Desktop } from '../../../main/desktop-api'
import { DownloadEngine } from '../../../main/downloads/engine'
import { sanitizeSegment } from '../../../main/downloads/sanitize'
import { downloadPlaces } from '../../../main/downloads/targets'
import { markFromInternet, zoneIdentifier } from '../../../main/downloads/zone'
import { fileHandlers } from '../../../main/files/handlers'
import { PathGate } from '../../../main/files/path-gate'
import { PathGrants } from '../../../main/files/path-grants'
import { createDispatch } from '../../../main/ipc/dispatch'
import { startSandbox } from '../../../main/sandbox/index'
import { connectWriter, seedOutputJobs } from './fixtures'
import { testLogger } from '../../helpers/logger'

const cleanups: (() => unknown)[] = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})
async function tempDir(prefix: string): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), prefix))
  cleanups.push(() => rm(d, { recursive: true, force: true }))
  return d
}

const RLO = '\u202e'
const CF = /\p{Cf}/u

describe('downloaded files are named and marked safely', () => {
  it('a name with U+202E and setup.exe from the sandbox: no Cf character on disk, a Zone.Identifier on each, the .exe asks before it opens', async () => {
    const sbDir = await tempDir('jq-risky-sb-')
    const names = [`invoice${RLO}fdp.exe`, 'setup.exe', 'desktop.ini', 'shortcut.lnk', 'report\u200b.xlsx']
    const seeded = await seedOutputJobs(sbDir, [{ name: 'Risky', outputs: names.map((name) => ({ name, size: 64 })) }])
    const sandbox = await startSandbox({ port: 0, dataDir: sbDir })
    cleanups.push(() => sandbox.stop())
    const client = await connectWriter(sandbox.url)
    cleanups.push(() => client.close())

    const marks: [string, string][] = []
    const engine = new DownloadEngine({
      dataDir: await tempDir('jq-risky-data-'),
      clients: () => client,
      // The Windows writer, with its platform and file write injected: Linux has no alternate data streams.
      markDownloaded: async (file) =>
        void (await markFromInternet(file, sandbox.url, {
          platform: 'win32',
          write: (p, t) => Promise.resolve(void marks.push([p, t]))
        }))
    })
    cleanups.push(() => engine.close())
    await engine.start()
    const dest = await tempDir('jq-risky-dest-')
    await engine.add({
      connectionId: 'sandbox',
      source: { kind: 'jobs', jobIds: [seeded[0]!.jobId] },
      destination: dest,
      template: '{fileName}',
      collision: 'rename'
    })
    await engine.whenIdle()
    const items = engine.itemsOf()
    expect(items.map((i) => i.state)).toEqual(names.map(() => 'done'))

    const onDisk = await readdir(dest)
    expect(onDisk.filter((n) => CF.test(n))).toEqual([])
    expect(onDisk.sort()).toEqual(['desktop.ini_', 'invoicefdp.exe', 'report.xlsx', 'setup.exe', 'shortcut.lnk_'])
    const origin = new URL(sandbox.url)
    for (const i of items) {
      expect(marks).toContainEqual([`${i.targetPath}.part:Zone.Identifier`, zoneIdentifier(sandbox.url)])
    }
    expect(marks[0]?.[1]).toBe(
      `[ZoneTransfer]\r\nZoneId=3\r\nHostUrl=${origin.protocol}//${origin.host}${origin.pathname}\r\n`
    )

    // Opening: a finished download is reachable without a grant; an executable asks first, naming where it came from.
    const questions: [string, string][] = []
    const opened: string[] = []
    const desktop: Desktop = {
      ...browserDesktop(),
      openPath: (p) => Promise.resolve(void opened.push(p)),
      confirmOpen: (p, from) => Promise.resolve((questions.push([p, from]), false))
    }
    const gate = new PathGate(new PathGrants({ file: null, log: () => {} }), {
      mode: 'confirm',
      confirm: () => Promise.resolve(false)
    })
    const table = fileHandlers({
      desktop,
      gate,
      downloads: downloadPlaces(() => engine.list()),
      originOf: (id) => Promise.resolve(`connection ${id} (${sandbox.url})`)
    })
    const dispatch = createDispatch(table as unknown as HandlerTable, testLogger())
    const ctx = { transport: 'electron' as const }
    const exe = join(dest, 'setup.exe')
    expect(await dispatch('desktop.openPath', { path: exe }, ctx)).toMatchObject({
      ok: false,
      error: { code: 'Cancelled' }
    })
    expect(questions).toEqual([[exe, `connection sandbox (${sandbox.url})`]])
    expect(opened).toEqual([])
    const xlsx = join(dest, 'report.xlsx')
    expect(await dispatch('desktop.openPath', { path: xlsx }, ctx)).toMatchObject({ ok: true })
    expect(opened).toEqual([xlsx])
    expect(await dispatch('desktop.openPath', { path: join(dest, 'not-downloaded.txt') }, ctx)).toMatchObject({
      ok: false,
      error: { code: 'Forbidden' }
    })
  }, 60_000)

  it('writes no stream where there is none (not Windows), and never puts credentials in HostUrl', async () => {
    const dir = await tempDir('jq-zone-')
    expect(
      await markFromInternet(join(dir, 'a.txt'), 'https://mi.example/mi_servicelayer/', { platform: 'linux' })
    ).toBe(false)
    expect(existsSync(join(dir, 'a.txt:Zone.Identifier'))).toBe(false)
    expect(zoneIdentifier('https://user:pw@mi.example/mi_servicelayer/?token=x\r\nZoneId=0')).toBe(
      '[ZoneTransfer]\r\nZoneId=3\r\nHostUrl=https://mi.example/mi_servicelayer/\r\n'
    )
    expect(sanitizeSegment(`a${RLO}b\u200d\ufeffc.txt`)).toBe('abc.txt')
    expect(sanitizeSegment('AUTORUN.INF')).toBe('AUTORUN.INF_')
    expect(sanitizeSegment('x.URL')).toBe('x.URL_')
    expect(sanitizeSegment('x.scf')).toBe('x.scf_')
  })
})
