import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { appHandlers } from '../../../main/app/handlers'
import { browserDesktop } from '../../../main/desktop-api'
import { readNotices } from '../../../main/app/notices'
import { readPolicy } from '../../../main/policy/reader'
import { stringMatching } from '../../helpers/match'

const dir = mkdtempSync(join(tmpdir(), 'jq-about-'))
const noticesFile = join(dir, 'third-party-notices.json')
writeFileSync(
  noticesFile,
  JSON.stringify({
    version: 1,
    packages: [
      { name: 'vue', version: '3.5.45', license: 'MIT', text: 'MIT License …', shippedAs: ['bundled:renderer'] },
      { name: 'broken', version: 7 },
      { name: 'buffers', version: '0.1.1', license: 'MIT', text: null, shippedAs: ['runtime'] }
    ]
  })
)

describe('app.notices', () => {
  it('reads the build’s notices, skipping an entry that does not parse', async () => {
    const notices = await readNotices({ noticesFile, chromiumLicencesFile: join(dir, 'LICENSES.chromium.html') })
    expect(notices.packages.map((p) => p.name)).toEqual(['vue', 'buffers'])
    expect(notices.chromiumLicences).toBe(false)
  })

  it('says Chromium’s licences are there when the file sits beside the executable', async () => {
    const chromium = join(dir, 'LICENSES.chromium.html')
    writeFileSync(chromium, '<html></html>')
    expect((await readNotices({ noticesFile, chromiumLicencesFile: chromium })).chromiumLicences).toBe(true)
  })

  it('answers a missing notices file with an error that speaks to the user', async () => {
    await expect(readNotices({ noticesFile: join(dir, 'nope.json') })).rejects.toMatchObject({
      code: 'FileNotFound',
      message: stringMatching(/Reinstall/)
    })
  })

  it('refuses to open Chromium’s licences when the app has none (the browser host)', async () => {
    const handlers = appHandlers({
      host: 'browser',
      dataDir: dir,
      clock: () => new Date(0),
      notices: { noticesFile },
      desktop: browserDesktop(() => {}),
      policy: () => readPolicy([])
    })
    await expect(
      Promise.resolve(handlers['app.openChromiumLicences'](undefined, { transport: 'browser' }))
    ).rejects.toMatchObject({
      code: 'FileNotFound'
    })
  })
})
