import { defineConfig } from 'vitest/config'
import vue from '@vitejs/plugin-vue'

export default defineConfig({
  plugins: [vue()],
  test: {
    reporters: ['default'],
    // Vitest's default on a 2-core machine is one worker; most files wait on sockets and timers: three side by side
    // (2 workers: 148 s, 3: 120 s on CI's 2 cores, both at ~75 % CPU).
    maxWorkers: 3,
    projects: [
      {
        extends: true,
        test: {
          name: 'node',
          environment: 'node',
          include: [
            'test/main/**/*.test.ts',
            'test/common/**/*.test.ts',
            'test/house/**/*.test.ts',
            'test/repo/**/*.test.ts'
          ],
          exclude: ['test/main/electron/**'],
          // Files share a worker's module cache: loading fastify, exceljs and got once per worker, not once per file,
          // halves the run. Tests keep no module-level state; the ones that mock `electron` run isolated below.
          isolate: false,
          testTimeout: 30_000,
          hookTimeout: 30_000
        }
      },
      {
        extends: true,
        test: {
          name: 'electron',
          environment: 'node',
          include: ['test/main/electron/**/*.test.ts'],
          testTimeout: 30_000
        }
      },
      {
        extends: true,
        test: {
          name: 'renderer',
          environment: 'happy-dom',
          include: ['test/renderer/**/*.test.ts'],
          isolate: false
        }
      },
      {
        extends: true,
        test: {
          name: 'keychain',
          environment: 'node',
          include: ['test/keychain/**/*.test.ts'],
          testTimeout: 30_000
        }
      }
    ]
  }
})
