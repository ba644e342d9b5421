// Renders assets/icons/icon.svg into the icon set electron-builder packs:
// icon.png (1024), png/<N>x<N>.png for Linux, icon.ico (16–256) for Windows.
// Run it after changing the SVG: `npm run icons` (needs Chromium: CHROMIUM_PATH or /usr/bin/chromium).
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium } from '@playwright/test'
import pngToIco from 'png-to-ico'

const iconsDir = resolve(dirname(fileURLToPath(import.meta.url)), '../assets/icons')
const pngSizes = [16, 24, 32, 48, 64, 128, 256, 512, 1024]
const icoSizes = [16, 24, 32, 48, 64, 128, 256]

const svg = await readFile(join(iconsDir, 'icon.svg'), 'utf8')
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu']
})
try {
  const page = await browser.newPage({ deviceScaleFactor: 1 })
  /** @type {Map<number, Buffer>} */
  const pngs = new Map()
  for (const size of pngSizes) {
    await page.setViewportSize({ width: size, height: size })
    await page.setContent(
      `<html><body style="margin:0;background:transparent">${svg.replace('<svg ', `<svg width="${size}" height="${size}" `)}</body></html>`
    )
    pngs.set(size, await page.screenshot({ omitBackground: true, clip: { x: 0, y: 0, width: size, height: size } }))
  }
  await mkdir(join(iconsDir, 'png'), { recursive: true })
  for (const size of pngSizes.filter((s) => s <= 512))
    await writeFile(join(iconsDir, 'png', `${size}x${size}.png`), pngs.get(size))
  await writeFile(join(iconsDir, 'icon.png'), pngs.get(1024))
  await writeFile(join(iconsDir, 'icon.ico'), await pngToIco(icoSizes.map((s) => pngs.get(s))))
  console.log(`Wrote png/ (16–512 px), icon.png and icon.ico (${icoSizes.join(', ')} px) to ${iconsDir}`)
} finally {
  await browser.close()
}
