import { resolve } from 'node:path'
import { defineConfig } from 'electron-vite'
import vue from '@vitejs/plugin-vue'
import { thirdPartyNotices } from './scripts/notices/vite-plugin'

// Writes out/notices/ (third-party licences) from what each target really bundles plus the runtime dependencies.
const notices = thirdPartyNotices({ root: resolve('.'), outDir: resolve('out') })

export default defineConfig({
  main: {
    plugins: [notices('main')],
    build: {
      // The built-in sandbox runs in a worker thread (main/connections/sandbox-thread.ts): its entry is a file of its own.
      rollupOptions: {
        input: { index: resolve('main/index.ts'), 'sandbox-worker': resolve('main/sandbox/worker.ts') },
        // A native, optional dependency: loaded from node_modules at run time, never bundled.
        external: ['kerberos']
      }
    }
  },
  preload: {
    plugins: [notices('preload')],
    // A sandboxed preload can require nothing but electron: bundle zod into it, emit CommonJS.
    build: {
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve('preload/index.ts') },
        external: ['electron'],
        output: { format: 'cjs', entryFileNames: '[name].cjs' }
      }
    }
  },
  renderer: {
    root: resolve('renderer'),
    plugins: [vue(), notices('renderer')],
    build: {
      rollupOptions: {
        input: {
          index: resolve('renderer/index.html'),
          'browser-shim': resolve('renderer/shim/browser-shim.ts')
        },
        output: {
          entryFileNames: (chunk) => (chunk.name === 'browser-shim' ? 'browser-shim.js' : 'assets/[name]-[hash].js')
        }
      }
    }
  }
})
