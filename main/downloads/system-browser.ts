import { spawn } from 'node:child_process'
import { assertSafeSignInUrl } from '../desktop-api'

/**
 * Opens a sign-in page in the system browser from the command line: `BROWSER` when set (a command, the URL
 * appended), else xdg-open, `start` or open. Resolves once the browser command has started.
 */
export function systemBrowser(
  env: NodeJS.ProcessEnv,
  platform: NodeJS.Platform = process.platform
): (url: string) => Promise<void> {
  return async (url) => {
    assertSafeSignInUrl(url)
    const custom = env.BROWSER?.trim().split(/\s+/).filter(Boolean)
    const [command, ...args] = custom?.length
      ? [...custom, url]
      : platform === 'win32'
        ? ['cmd', '/c', 'start', '""', url.replace(/&/g, '^&')]
        : platform === 'darwin'
          ? ['open', url]
          : ['xdg-open', url]
    if (!command) return
    await new Promise<void>((resolve, reject) => {
      const child = spawn(command, args, { stdio: 'ignore', detached: true, env })
      child.once('error', (e) => reject(new Error(`The browser (${command}) could not be started: ${e.message}`)))
      child.once('spawn', () => {
        child.unref()
        resolve()
      })
    })
  }
}
