import { describe, expect, it } from 'vitest'
import { defineComponent } from 'vue'
import { mount } from '@vue/test-utils'
import { vFollowFocus } from '../../../renderer/src/directives/follow-focus'

const Form = defineComponent({
  directives: { FollowFocus: vFollowFocus },
  template: `<form v-follow-focus><input id="name" autofocus /><input id="url" /><button id="ok" type="button">OK</button></form>`
})

describe('v-follow-focus', () => {
  it('moves the autofocus mark to the field the user focuses, so a late autofocus keeps them there', () => {
    const wrapper = mount(Form, { attachTo: document.body })
    const marked = () => wrapper.findAll('[autofocus]').map((e) => e.element.id)
    expect(marked()).toEqual(['name'])
    wrapper.get<HTMLInputElement>('#url').element.focus()
    expect(marked()).toEqual(['url'])
    wrapper.get<HTMLButtonElement>('#ok').element.focus()
    expect(marked()).toEqual(['ok'])
    wrapper.unmount()
  })

  it('stops following once unmounted', () => {
    const wrapper = mount(Form, { attachTo: document.body })
    const form = wrapper.get('form').element
    wrapper.unmount()
    document.body.append(form)
    form.querySelector<HTMLInputElement>('#url')?.focus()
    expect(form.querySelector('#name')?.hasAttribute('autofocus')).toBe(true)
    expect(form.querySelector('#url')?.hasAttribute('autofocus')).toBe(false)
    form.remove()
  })
})
