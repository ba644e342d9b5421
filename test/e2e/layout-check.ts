import type { Page } from '@playwright/test'

/**
 * What a laptop user would call a broken layout, read from the live page: the page or its main area scrolls
 * sideways, or a control's label is cut (a button, tab, select, chip or placeholder wider than its box, or a
 * control that sticks out of the window). Data cells that are meant to ellipsize (`.cell`, `[data-ellipsis]`)
 * are fine.
 */
export function layoutProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = []
    const describe = (el: Element) => {
      const id = el.getAttribute('data-testid') ?? el.getAttribute('aria-label') ?? el.className.toString()
      return `${el.tagName.toLowerCase()} "${(el.textContent ?? '').trim().slice(0, 40) || id}" (${id})`
    }
    const width = document.documentElement.clientWidth
    for (const el of [document.documentElement, document.querySelector('.app-main')]) {
      if (el && el.scrollWidth > el.clientWidth + 1)
        problems.push(`${describe(el)} scrolls sideways: ${el.scrollWidth} > ${el.clientWidth}`)
    }
    const controls = document.querySelectorAll(
      'button, [role="button"], [role="tab"], label, .p-button-label, .p-select-label, .p-multiselect-label, .p-tag, .p-chip, .head-label'
    )
    for (const el of controls) {
      if (!(el instanceof HTMLElement) || !el.checkVisibility() || el.closest('.cell:not(.head-cell), [data-ellipsis]'))
        continue
      const box = el.getBoundingClientRect()
      if (box.width === 0) continue
      // An icon button's padding may overflow its border box by a pixel; what counts is that the icon shows whole.
      const icon = el.matches('.p-button-icon-only') ? el.querySelector('.p-button-icon') : null
      if (icon) {
        const i = icon.getBoundingClientRect()
        if (i.left < box.left || i.right > box.right) problems.push(`${describe(el)} cuts its icon`)
      } else if (el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX !== 'visible')
        problems.push(`${describe(el)} is cut: ${el.scrollWidth} > ${el.clientWidth}`)
      if (box.right > width + 1)
        problems.push(`${describe(el)} sticks out of the window: ${Math.round(box.right)} > ${width}`)
    }
    // A placeholder wider than its input reads as cut ("Search name and descri").
    const ctx = document.createElement('canvas').getContext('2d')
    for (const input of document.querySelectorAll('input[placeholder]')) {
      if (!(input instanceof HTMLInputElement) || input.value || !input.checkVisibility() || !ctx) continue
      const style = getComputedStyle(input)
      ctx.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`
      const room = input.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight)
      if (ctx.measureText(input.placeholder).width > room + 1)
        problems.push(`placeholder "${input.placeholder}" is cut`)
    }
    return problems
  })
}
