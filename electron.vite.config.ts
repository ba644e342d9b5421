import { resolve } from 'node:path'
import { defineConfig } from 'electron-vite'
import vue from '@vitejs/plugin-vue'

export default defineConfig({
  main: {
    build: {
      rollupOptions: { input: { index: resolve('main/index.ts') } }
    }
  },
  preload: {
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
    plugins: [vue()],
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
