import { describe, expect, it } from 'vitest'
import { mount } from '@vue/test-utils'
import PrimeVue from 'primevue/config'
import { buildFacade } from '../../../common/contract'
import type { JobFile } from '../../../common/job-request'
import FileListField from '../../../renderer/src/components/wizard/FileListField.vue'
import { settle } from '../settle'

function dropEvent(files: File[]): Event {
  const event = new Event('drop', { bubbles: true, cancelable: true })
  Object.defineProperty(event, 'dataTransfer', { value: { files } })
  return event
}

function mountField(pathForFile: (file: unknown) => string) {
  const facade = buildFacade(
    () => Promise.resolve({ ok: false, error: { code: 'Internal', message: 'not used' } }),
    () => () => {},
    pathForFile
  )
  Object.defineProperty(window, 'jobqueue', { value: facade, configurable: true })
  let files: JobFile[] = []
  const wrapper = mount(FileListField, {
    global: { plugins: [PrimeVue] },
    props: {
      field: 'data',
      label: 'Data files',
      multiple: true,
      nativeDialogs: false,
      fileInfo: new Map(),
      issueFor: () => null,
      issueAt: () => null,
      warningFor: () => null,
      modelValue: files,
      'onUpdate:modelValue': (v: JobFile[]) => {
        files = v
        void wrapper.setProps({ modelValue: v })
      }
    }
  })
  return { wrapper, files: () => files }
}

describe('dropping files on a file list', () => {
  it('adds the dropped files by the paths the host reports', async () => {
    const { wrapper, files } = mountField((f) => `C:\\Data\\${(f as File).name}`)
    wrapper.find('section').element.dispatchEvent(dropEvent([new File(['a'], 'one.xlsx'), new File(['b'], 'two.xlsx')]))
    await settle()
    expect(files()).toEqual([{ path: 'C:\\Data\\one.xlsx' }, { path: 'C:\\Data\\two.xlsx' }])
  })

  it('says to type the path where the host cannot tell it (the browser host)', async () => {
    const { wrapper, files } = mountField(() => '')
    wrapper.find('section').element.dispatchEvent(dropEvent([new File(['a'], 'one.xlsx')]))
    await settle()
    expect(files()).toEqual([])
    expect(wrapper.text()).toContain('Type or paste the path instead')
  })
})
