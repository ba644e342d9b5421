// `npm start` after the build: launches Electron on this folder, or, where the Electron binary was never
// downloaded (ELECTRON_SKIP_BINARY_DOWNLOAD=1), says so in one line and starts the browser host instead.
import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const require = createRequire(import.meta.url)

/** The Electron executable, or null when the package has no binary (its require throws then). */
function electronBinary() {
  try {
    /** @type {unknown} */
    const path = require('electron')
    return typeof path === 'string' && existsSync(path) ? path : null
  } catch {
    return null
  }
}

/**
 * @param {string} command
 * @param {string[]} args
 * @param {NodeJS.ProcessEnv} env
 */
function run(command, args, env) {
  const child = spawn(command, args, { cwd: root, stdio: 'inherit', env })
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal))
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)))
}

const electron = electronBinary()
if (electron) {
  const env = { ...process.env }
  delete env.ELECTRON_RUN_AS_NODE
  run(electron, ['.', ...process.argv.slice(2)], env)
} else {
  console.log(
    'The Electron binary is not installed (installed with ELECTRON_SKIP_BINARY_DOWNLOAD=1?), so JobQueue Desktop starts in browser mode instead.'
  )
  run(
    process.execPath,
    ['--import', 'tsx', resolve(root, 'main/browser-host.ts'), ...process.argv.slice(2)],
    process.env
  )
}
