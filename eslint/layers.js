import { builtinModules } from 'node:module'
import { dirname, isAbsolute, relative, resolve } from 'node:path'

// Which part of the app may import which. Relative imports are resolved to a path from the project root,
// so `../domain` from common/channels/ stays inside common/ while `../main/x` from common/ does not.
const root = resolve(import.meta.dirname, '..')
const shellFiles = ['main/index.ts', 'main/window.ts', 'main/desktop.ts', 'main/ipc/electron.ts', 'main/updater.ts']
// scripts/start.mjs, the launcher, only asks the electron package where its binary is.
const electronAllowed = (file) =>
  [...shellFiles, 'scripts/start.mjs'].includes(file) || /^(preload|test\/electron|test\/main\/electron)\//.test(file)
const builtins = new Set(builtinModules)
const isNodeBuiltin = (source) => source.startsWith('node:') || builtins.has(source.split('/')[0])

/** @type {{ files: RegExp, check: (target: { path: string | null, source: string }, file: string) => string | null }[]} */
const layers = [
  {
    files: /^common\//,
    check: ({ path, source }) => {
      if (path !== null && !path.startsWith('common/')) return 'common/ imports nothing outside common/.'
      if (isNodeBuiltin(source)) return 'common/ runs in the renderer too: no Node modules.'
      return null
    }
  },
  {
    files: /^renderer\//,
    check: ({ path, source }) => {
      if (path?.startsWith('main/')) return 'The renderer never imports main/: it talks to it through window.jobqueue.'
      if (isNodeBuiltin(source)) return 'The renderer runs in Chromium: no Node modules.'
      return null
    }
  },
  {
    files: /^renderer\/src\/stores\//,
    check: ({ path }) =>
      path !== null && (/^renderer\/src\/(components|views)\//.test(path) || path.endsWith('.vue'))
        ? 'Stores never import components or views.'
        : null
  },
  {
    files: /^main\//,
    check: ({ path }) => (path?.startsWith('renderer/') ? 'main/ never imports renderer/.' : null)
  },
  {
    // electron-updater loads electron, so it is held to the same rule.
    files: /./,
    check: ({ source }, file) =>
      /^electron(-updater)?(\/|$)/.test(source) && !electronAllowed(file)
        ? `Only ${shellFiles.join(', ')}, preload/ and the electron tests import electron or electron-updater.`
        : null
  }
]

/** @type {import('eslint').Rule.RuleModule} */
const rule = {
  meta: { type: 'problem', schema: [], docs: { description: 'Import-layer rules of the project' } },
  create(context) {
    const file = relative(root, context.filename).split('\\').join('/')
    const active = layers.filter((l) => l.files.test(file))
    if (active.length === 0 || file.startsWith('..') || isAbsolute(file)) return {}
    const check = (node) => {
      const source = node?.type === 'Literal' && typeof node.value === 'string' ? node.value : null
      if (source === null) return
      const path = source.startsWith('.')
        ? relative(root, resolve(dirname(context.filename), source))
            .split('\\')
            .join('/')
        : null
      for (const layer of active) {
        const message = layer.check({ path, source }, file)
        if (message) context.report({ node, message })
      }
    }
    return {
      ImportDeclaration: (node) => check(node.source),
      ExportNamedDeclaration: (node) => check(node.source),
      ExportAllDeclaration: (node) => check(node.source),
      ImportExpression: (node) => check(node.source),
      'CallExpression[callee.name="require"]': (node) => check(node.arguments[0])
    }
  }
}

export default { rules: { imports: rule } }
