import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import type { CallContext } from '../../../common/contract'
import { createApp } from '../../../main/app'
import { browserDesktop, type Desktop } from '../../../main/desktop-api'
import { createDispatch } from '../../../main/ipc/dispatch'
import { copyAssets, excelImport } from '../drafts/helpers/files'
import { testLogger } from '../../helpers/logger'
import { stringMatching } from '../../helpers/match'

/**
 * Every channel that reads, writes, opens, reveals or uploads a user path, through the real app (Electron host):
 * a path never granted, a UNC path and a `\\?\` path are refused with Forbidden; the same path after the user
 * picks it in a "native dialog" works. The Desktop stands in for Electron's dialogs: a scripted user who picks
 * what the test says and declines every typed-path question.
 */
const picks: { files: string[]; folder: string | null; save: string | null } = { files: [], folder: null, save: null }
const opened: string[] = []
const asked: string[] = []
const desktop: Desktop = {
  ...browserDesktop(),
  hasNativeDialogs: true,
  hasNativeNotifications: true,
  openFiles: () => Promise.resolve(picks.files),
  chooseFolder: () => Promise.resolve(picks.folder),
  saveFile: () => Promise.resolve(picks.save),
  openPath: (p) => Promise.resolve(void opened.push(p)),
  showItemInFolder: (p) => void opened.push(p),
  confirmPath: (p) => Promise.resolve((asked.push(p), false)),
  confirmOpen: (p) => Promise.resolve((asked.push(p), false))
}
const dataDir = mkdtempSync(join(tmpdir(), 'jq-grants-'))
const app = createApp({ dataDir, host: 'electron', desktop, reconnectOnStart: false })
afterAll(() => app.dispose())
const dispatch = createDispatch(app.handlers, testLogger())
const ctx: CallContext = { transport: 'electron' }
const call = (channel: string, input: unknown) => dispatch(channel, input, ctx)

const work = mkdtempSync(join(tmpdir(), 'jq-grants-work-'))
const UNC = '\\\\fileserver\\share\\x.jqdraft'
const DEVICE = '\\\\?\\C:\\Users\\me\\x.jqdraft'

async function pickFile(path: string) {
  picks.files = [path]
  expect(await call('desktop.openFiles', {})).toMatchObject({ ok: true, value: { paths: [path] } })
}
async function pickFolder(path: string) {
  picks.folder = path
  expect(await call('desktop.chooseFolder', {})).toMatchObject({ ok: true, value: { path } })
}

interface Case {
  channel: string
  /** A fresh local path for this case, created as the channel needs it. */
  local: () => Promise<string> | string
  input: (path: string) => unknown
  grant: (path: string) => Promise<void>
}

const draftWithFiles = async () => {
  const dir = copyAssets(['import_template.xlsx', 'data_file_1.xlsx', 'data_file_2.xlsx'])
  const r = await call('drafts.create', { request: excelImport(dir) })
  if (!r.ok) throw new Error(r.error.message)
  return { id: (r.value as { id: string }).id, file: join(dir, 'data_file_1.xlsx') }
}
const draftId = async () => (await draftWithFiles()).id
let n = 0
const file =
  (name: string, text = '10\n11\n') =>
  () => {
    const p = join(work, `${n++}-${name}`)
    writeFileSync(p, text)
    return p
  }
const folder = () => {
  const p = join(work, `folder-${n++}`)
  mkdirSync(p)
  return p
}

const cases: Case[] = [
  { channel: 'files.readRecordList', local: file('records.csv'), input: (path) => ({ path }), grant: pickFile },
  {
    channel: 'drafts.export',
    local: () => join(work, `${n++}-out.jqdraft`),
    input: async (path) => ({ id: await draftId(), path }),
    grant: async (path) => {
      picks.save = path
      expect(await call('desktop.saveFile', {})).toMatchObject({ ok: true, value: { path } })
    }
  },
  {
    channel: 'drafts.import',
    local: async () => {
      const exported = join(work, `${n++}-out.jqdraft`)
      picks.save = exported
      await call('desktop.saveFile', {})
      expect(await call('drafts.export', { id: await draftId(), path: exported })).toMatchObject({ ok: true })
      // A copy somewhere the user never chose.
      const path = join(work, `${n++}-in.jqdraft`)
      copyFileSync(exported, path)
      return path
    },
    input: (path) => ({ path }),
    grant: pickFile
  },
  {
    channel: 'drafts.relink (one file)',
    local: file('data.xlsx'),
    input: async (to) => {
      const { id, file } = await draftWithFiles()
      return { id, from: file, to }
    },
    grant: pickFile
  },
  {
    channel: 'drafts.relink (a folder)',
    local: folder,
    input: async (folder) => ({ id: await draftId(), folder }),
    grant: pickFolder
  },
  { channel: 'desktop.openPath', local: file('report.txt'), input: (path) => ({ path }), grant: pickFile },
  { channel: 'desktop.showItemInFolder', local: file('report.txt'), input: (path) => ({ path }), grant: pickFile },
  {
    channel: 'downloads.preview',
    local: folder,
    input: (destination) => ({ connectionId: 'sandbox', source: { kind: 'jobs', jobIds: ['j1'] }, destination }),
    grant: pickFolder
  }
]

describe('path channels refuse what the user did not grant', () => {
  for (const c of cases) {
    it(`${c.channel}: never granted, UNC and \\\\?\\ paths are Forbidden; the same path works once picked`, async () => {
      const name = c.channel.split(' ')[0] as string
      const local = await c.local()
      for (const bad of [local, UNC, DEVICE]) {
        const r = await call(name, await c.input(bad))
        expect(r, `${c.channel} with ${bad}`).toMatchObject({ ok: false, error: { code: 'Forbidden' } })
        if (!r.ok) expect(r.error.message).toMatch(/choose|Browse/i)
      }
      await c.grant(local)
      const r = await call(name, await c.input(local))
      // Past the grant check: the channel did its work, or failed for its own reason (no connection for downloads).
      if (!r.ok) expect(r.error.code).toBe('NotConnected')
    })
  }

  it('files.inspect answers for each path; one not granted is described, never stat-ed', async () => {
    const granted = file('a.xlsx')()
    const other = file('b.xlsx')()
    await pickFile(granted)
    const r = await call('files.inspect', { paths: [granted, other, UNC] })
    expect(r).toMatchObject({
      ok: true,
      value: {
        files: [
          { path: granted, exists: true, readable: true, problem: null },
          { path: other, exists: false, problem: stringMatching(/only use files .* chose/) },
          { path: UNC, exists: false, problem: stringMatching(/network or device path/) }
        ]
      }
    })
  })

  it('drafts.submit refuses a draft whose files were typed, and submits once they are picked', async () => {
    const dir = copyAssets(['import_template.xlsx', 'data_file_1.xlsx', 'data_file_2.xlsx'])
    const created = await call('drafts.create', { request: excelImport(dir) })
    if (!created.ok) throw new Error(created.error.message)
    const draft = created.value as { id: string; state: string; reasons: { message: string }[] }
    expect(draft.state).toBe('needsAttention')
    expect(draft.reasons[0]?.message).toMatch(/only use files you chose/)
    expect(await call('drafts.submit', { ids: [draft.id] })).toMatchObject({ ok: false, error: { code: 'Forbidden' } })
    await pickFolder(dir)
    expect(await call('drafts.submit', { ids: [draft.id] })).toMatchObject({ ok: true })
  })

  it('a typed path the user declines is refused; opening an executable asks first and says where it came from', async () => {
    const typed = file('typed.csv')()
    asked.length = 0
    expect(await call('files.readRecordList', { path: typed })).toMatchObject({
      ok: false,
      error: { code: 'Forbidden' }
    })
    expect(asked).toEqual([typed])
    const exe = file('setup.exe', 'MZ')()
    await pickFile(exe)
    opened.length = 0
    expect(await call('desktop.openPath', { path: exe })).toMatchObject({ ok: false, error: { code: 'Cancelled' } })
    expect(asked).toContain(exe)
    expect(opened).toEqual([])
  })

  it('keeps download folders and drafts files granted across a restart, and nothing else', async () => {
    const keptFolder = folder()
    await pickFolder(keptFolder)
    await call('downloads.add', {
      connectionId: 'sandbox',
      source: { kind: 'jobs', jobIds: ['j1'] },
      destination: keptFolder
    })
    const oneOff = file('once.csv')()
    await pickFile(oneOff)
    await app.grants.flushed()
    const again = createApp({ dataDir, host: 'electron', desktop, reconnectOnStart: false })
    try {
      await again.grants.load()
      expect(again.grants.isGranted(join(keptFolder, 'job', 'out.xlsx'))).toBe(true)
      expect(again.grants.isGranted(oneOff)).toBe(false)
    } finally {
      await again.dispose()
    }
  })
})
