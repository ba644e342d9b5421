import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { HandOff } from '../../../common/channels/drafts'
import type { DraftList, DraftView } from '../../../common/drafts'
import { createApp, type AppServices } from '../../../main/app'
import { createDispatch } from '../../../main/ipc/dispatch'
import { DraftHandOff } from '../../../main/drafts/hand-off'
import { PathGrants } from '../../../main/files/path-grants'
import { testLogger } from '../../helpers/logger'
import { copyAssets, tempDir, textImport } from './helpers/files'

const ctx = { transport: 'browser' as const }
const apps: AppServices[] = []
afterEach(async () => {
  for (const app of apps.splice(0)) await app.dispose()
})

function newApp(): AppServices {
  const app = createApp({ dataDir: tempDir('jq-handoff-'), host: 'browser', reconnectOnStart: false })
  apps.push(app)
  return app
}

/** A call as the renderer makes it: input and output checked by the contract. */
async function call<T>(app: AppServices, channel: string, input: unknown): Promise<T> {
  const result = await createDispatch(app.handlers, testLogger())(channel, input, ctx)
  if (!result.ok) throw new Error(`${channel}: ${result.error.message}`)
  return result.value as T
}

/** A colleague's .jqdraft, exported by another installation of the app. */
async function colleaguesDraft(name: string): Promise<string> {
  const theirs = newApp()
  const request = textImport(copyAssets(['text_import_template.xml', 'example_data.txt']), name)
  const draft = await call<DraftView>(theirs, 'drafts.create', { request })
  const out = await call<{ path: string }>(theirs, 'drafts.export', {
    id: draft.id,
    path: join(tempDir('jq-mail-'), name)
  })
  return out.path
}

describe('draft files handed to the app', () => {
  it('a second start with --import FILE opens it: granted, imported as a new draft, announced, taken once', async () => {
    const file = await colleaguesDraft('Tensile week 12')
    const app = newApp()
    let announced = 0
    app.events.subscribe((event) => event === 'drafts.handedOff' && announced++)
    expect(app.grants.isGranted(file)).toBe(false)

    await app.handOff.receive(['JobQueue Desktop.exe', '--import', file], '/')
    expect(announced).toBe(1)
    expect(app.grants.isGranted(file)).toBe(true)
    const taken = await call<HandOff[]>(app, 'drafts.takeHandOffs', undefined)
    expect(taken).toEqual([{ file, draft: { id: expect.any(String) as string, name: 'Tensile week 12' } }])
    const { drafts } = await call<DraftList>(app, 'drafts.list', undefined)
    const [item] = taken
    expect(item && 'draft' in item && drafts.find((d) => d.id === item.draft.id)).toMatchObject({
      name: 'Tensile week 12'
    })
    expect(await call<HandOff[]>(app, 'drafts.takeHandOffs', undefined)).toEqual([])
  })

  it('one bad file is reported and the others still open; a command line naming no draft does nothing', async () => {
    const good = await colleaguesDraft('Good one')
    const broken = join(tempDir('jq-mail-'), 'broken.jqdraft')
    writeFileSync(broken, '{"format": "something else"}')
    const app = newApp()
    let announced = 0
    app.events.subscribe((event) => event === 'drafts.handedOff' && announced++)
    await app.handOff.receive(['--import', 'notes.txt', broken, good], '/home/me')
    const taken = await call<HandOff[]>(app, 'drafts.takeHandOffs', undefined)
    expect(taken.map((t) => ('draft' in t ? t.draft.name : t.error.code))).toEqual([
      'Validation',
      'Validation',
      'Good one'
    ])
    expect(taken[0]).toMatchObject({
      file: 'notes.txt',
      error: { message: expect.stringContaining('.jqdraft') as string }
    })
    expect(taken[1]).toMatchObject({ file: broken })

    await app.handOff.receive(['JobQueue Desktop.exe', '.', '--no-sandbox'], '/')
    expect(announced).toBe(1)
  })

  it('a draft file on a network share is refused: no SMB lookup leaves the PC', async () => {
    const imported: string[] = []
    const handOff = new DraftHandOff({
      grants: new PathGrants({ file: null, platform: 'win32', log: () => {} }),
      importDraft: (path) => (imported.push(path), Promise.reject(new Error('must not be read'))),
      announce: () => {},
      logger: testLogger(),
      platform: 'win32'
    })
    await handOff.receive(['--import', '\\\\fileserver\\share\\x.jqdraft', '\\\\?\\C:\\x.jqdraft'], 'C:\\')
    const taken = handOff.take()
    expect(taken.map((t) => ('error' in t ? t.error.code : 'opened'))).toEqual(['Forbidden', 'Forbidden'])
    expect(imported).toEqual([])
  })
})
