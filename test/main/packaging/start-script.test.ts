import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'

/** `npm start` without an Electron binary: one line that says so, then the browser host and its URL. */
function electronBinaryInstalled(): boolean {
  try {
    const path: unknown = createRequire(import.meta.url)('electron')
    return typeof path === 'string' && existsSync(path)
  } catch {
    return false
  }
}

describe('scripts/start.mjs', () => {
  it.skipIf(electronBinaryInstalled())(
    'falls back to the browser host in one line when the Electron binary is missing',
    async () => {
      const child = spawn(
        process.execPath,
        [
          resolve('scripts/start.mjs'),
          '--data',
          mkdtempSync(join(tmpdir(), 'jq-start-')),
          '--renderer',
          mkdtempSync(join(tmpdir(), 'jq-r-'))
        ],
        { stdio: ['ignore', 'pipe', 'pipe'] }
      )
      let stdout = ''
      let stderr = ''
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
      const exited = new Promise<number | null>((res) => child.on('exit', (code) => res(code)))
      try {
        await new Promise<void>((res, rej) => {
          child.stdout.on('data', (d: Buffer) => {
            stdout += d.toString()
            if (/Open: \S+\n/.test(stdout)) res()
          })
          child.on('exit', (code) =>
            rej(new Error(`start.mjs exited (${code}) before printing a URL:\n${stdout}\n${stderr}`))
          )
        })
        const lines = stdout.trim().split('\n')
        expect(lines).toHaveLength(2)
        expect(lines[0]).toMatch(/^The Electron binary is not installed .*browser mode instead\.$/)
        expect(lines[1]).toMatch(/Open: http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]{32,}$/)
      } finally {
        child.kill('SIGTERM')
      }
      // The signal reaches the host, which shuts down cleanly.
      expect(await exited, stderr).toBe(0)
    },
    90_000
  )
})
