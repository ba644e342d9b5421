import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import vue from 'eslint-plugin-vue'
import globals from 'globals'
import prettier from 'eslint-config-prettier'
import layers from './eslint/layers.js'

const runtimeOnlyGlobals = [...new Set([...Object.keys(globals.browser), ...Object.keys(globals.node)])].filter(
  (name) => !(name in globals.browser && name in globals.node) && !(name in globals.es2021)
)

export default tseslint.config(
  {
    ignores: [
      '.scratch/**',
      'node_modules/',
      'out/',
      'dist/',
      'release/',
      'test-results/',
      'playwright-report/',
      'sandbox-data/'
    ]
  },
  js.configs.recommended,
  // Type-aware (issue 11): before the Vue configs, so that .vue files keep vue-eslint-parser.
  ...tseslint.configs.recommendedTypeChecked,
  ...vue.configs['flat/recommended'],
  prettier,
  {
    // The project service finds each file's tsconfig; an explicit `project` list measured no faster.
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname, extraFileExtensions: ['.vue'] }
    }
  },
  {
    files: ['**/*.vue'],
    languageOptions: { parserOptions: { parser: tseslint.parser } }
  },
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      'vue/multi-word-component-names': 'off',
      'vue/max-attributes-per-line': 'off',
      'vue/singleline-html-element-content-newline': 'off',
      'vue/html-self-closing': 'off'
    }
  },
  {
    // The lint configuration itself (plain JavaScript) is in no TypeScript project.
    files: ['eslint.config.js', 'eslint/**/*.js', 'eslint/**/*.d.ts'],
    ...tseslint.configs.disableTypeChecked
  },
  {
    // Import layers: which part of the app may import which (eslint/layers.js).
    files: ['**/*.ts', '**/*.vue', '**/*.js', '**/*.mjs'],
    plugins: { layers },
    rules: { 'layers/imports': 'error' }
  },
  {
    // common/ runs in both the renderer and main: only what every runtime has (no window, document, process, Buffer).
    files: ['common/**'],
    rules: {
      'no-restricted-globals': [
        'error',
        ...runtimeOnlyGlobals.map((name) => ({ name, message: 'common/ runs in both the renderer and main.' }))
      ]
    }
  }
)
