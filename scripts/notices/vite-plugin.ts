import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Plugin } from 'vite'
import { collectNotices, licenseProblems, noticesText } from './collect'

export const NOTICES_DIR = 'notices'
export const NOTICES_JSON = 'third-party-notices.json'
export const NOTICES_TEXT = 'THIRD-PARTY-NOTICES.txt'

/**
 * Records the modules each electron-vite target bundles and, after each target, rewrites out/notices with the
 * runtime dependencies plus everything bundled so far (the last target's write holds all three).
 * One instance is shared by the main, preload and renderer builds.
 */
export function thirdPartyNotices(options: { root: string; outDir: string }): (target: string) => Plugin {
  const bundled: Record<string, Set<string>> = {}
  return (target) => ({
    name: 'jobqueue-third-party-notices',
    apply: 'build',
    generateBundle() {
      bundled[target] = new Set(this.getModuleIds())
    },
    closeBundle() {
      const notices = collectNotices(options.root, bundled)
      const problems = licenseProblems(notices)
      if (problems.length) throw new Error(`third-party licences:\n${problems.join('\n')}`)
      const dir = join(options.outDir, NOTICES_DIR)
      mkdirSync(dir, { recursive: true })
      writeFileSync(join(dir, NOTICES_JSON), JSON.stringify({ version: 1, packages: notices }))
      writeFileSync(join(dir, NOTICES_TEXT), noticesText(notices))
    }
  })
}
