import { describe, expect, it } from 'vitest'
import { mount } from '@vue/test-utils'
import { createMemoryHistory } from 'vue-router'
import type { ErrorValue } from '../../common/errors'
import ErrorNotice from '../../renderer/src/components/ErrorNotice.vue'
import { installRenderer } from '../../renderer/src/setup'

function show(error: ErrorValue) {
  return mount(ErrorNotice, {
    props: { error },
    global: { plugins: [{ install: (app) => void installRenderer(app, { history: createMemoryHistory() }) }] }
  })
}

describe('ErrorNotice', () => {
  it('shows the hint headline and main’s message', () => {
    const w = show({ code: 'Timeout', message: 'No answer after 30 s.' })
    expect(w.text()).toContain('The server took too long to answer')
    expect(w.text()).toContain('No answer after 30 s.')
  })

  it('links to the screen that fixes it', () => {
    const w = show({ code: 'Unauthorized', message: 'Wrong password.' })
    const link = w.find('a')
    expect(link.text()).toBe('Re-enter password')
    expect(link.attributes('href')).toBe('/connections')
  })

  it('emits retry for errors worth retrying', async () => {
    const w = show({ code: 'Network', message: 'Offline.' })
    await w.find('button').trigger('click')
    expect(w.emitted('retry')).toHaveLength(1)
    expect(w.emitted('action')).toBeUndefined()
  })

  it('hands other actions to the view', async () => {
    const w = show({ code: 'FileNotFound', message: 'C:\\data\\a.xlsx is gone.' })
    await w.find('button').trigger('click')
    expect(w.emitted('action')).toEqual([['choose-file']])
  })

  it('offers no button when there is nothing to do', () => {
    const w = show({ code: 'Forbidden', message: 'Readers cannot delete jobs.' })
    expect(w.find('button').exists()).toBe(false)
    expect(w.find('a').exists()).toBe(false)
  })
})
