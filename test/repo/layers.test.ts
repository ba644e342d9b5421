import { join } from 'node:path'
import { RuleTester } from 'eslint'
import { describe, it } from 'vitest'
import layers from '../../eslint/layers.js'

RuleTester.describe = describe
RuleTester.it = it
const root = join(import.meta.dirname, '../..')
const at = (file: string, code: string) => ({ filename: join(root, file), code })
const bad = (file: string, code: string) => ({ ...at(file, code), errors: 1 })
const tester = new RuleTester({ languageOptions: { ecmaVersion: 2022, sourceType: 'module' } })

tester.run('layers/imports', layers.rules.imports, {
  valid: [
    at('common/channels/queue.ts', "import { x } from '../domain'"),
    at('common/domain.ts', "import { z } from 'zod'"),
    at('renderer/src/stores/queue.ts', "import { can } from '../permissions'"),
    at('renderer/src/views/JobView.vue', "import Row from '../components/Row.vue'"),
    at('main/app.ts', "import { x } from '../common/contract'"),
    at('main/index.ts', "import { app } from 'electron'"),
    at('preload/index.ts', "import { contextBridge } from 'electron'"),
    at('test/main/electron/window.test.ts', "import { BrowserWindow } from 'electron'"),
    at('main/updater.ts', "import { autoUpdater } from 'electron-updater'"),
    at('main/updater.ts', "import { app } from 'electron'"),
    at('test/main/electron/updater.test.ts', "vi.mock('electron-updater'); const m = import('electron-updater')"),
    at('main/updates/feed.ts', "import { load } from 'js-yaml'")
  ],
  invalid: [
    bad('common/domain.ts', "import { x } from '../main/granta'"),
    bad('common/channels/queue.ts', "import { x } from '../../renderer/src/api'"),
    bad('common/domain.ts', "import { readFile } from 'node:fs'"),
    bad('common/domain.ts', "import { join } from 'path'"),
    bad('renderer/src/api.ts', "import { x } from '../../main/app'"),
    bad('renderer/src/api.ts', "const m = import('../../main/app')"),
    bad('renderer/src/stores/queue.ts', "import Row from '../components/Row.vue'"),
    bad('renderer/src/stores/queue.ts', "export { x } from '../views/util'"),
    bad('main/app.ts', "import { x } from '../renderer/src/permissions'"),
    bad('main/app.ts', "import { app } from 'electron'"),
    bad('renderer/src/api.ts', "const { ipcRenderer } = require('electron')"),
    bad('main/app.ts', "import { autoUpdater } from 'electron-updater'"),
    bad('main/updates/update-service.ts', "import { autoUpdater } from 'electron-updater'"),
    bad('main/updates/node-engine.ts', "const u = require('electron-updater/out/main')"),
    bad('main/updates/feed.ts', "import { app } from 'electron'")
  ]
})
