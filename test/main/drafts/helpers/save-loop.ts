/**
 * Child process for the kill test: saves drafts in a loop until it is killed.
 * argv: <dataDir> <assetsDir>. Prints "saving" once the first save has finished.
 * Each description is `<n>:<sha256 of payload>:<payload>`, so a reader can tell a whole file from a torn one.
 */
import { createHash, randomBytes } from 'node:crypto'
import { join } from 'node:path'
import { DraftService } from '../../../../main/drafts/draft-service'

const [dataDir, assets] = process.argv.slice(2)
if (!dataDir || !assets) throw new Error('usage: save-loop <dataDir> <assetsDir>')

const drafts = new DraftService({ dataDir })
const request = (n: number) => {
  const payload = randomBytes(2048 + (n % 7) * 4096).toString('base64')
  const sum = createHash('sha256').update(payload).digest('hex')
  return {
    type: 'TextImportJob' as const,
    name: `draft ${n}`,
    description: `${n}:${sum}:${payload}`,
    template: { path: join(assets, 'text_import_template.xml') },
    data: [{ path: join(assets, 'example_data.txt') }]
  }
}

const { drafts: existing } = await drafts.list()
const ids = existing.map((d) => d.id)
while (ids.length < 3) ids.push((await drafts.create(request(ids.length))).id)
let n = 0
let announced = false
for (;;) {
  const id = ids[n % ids.length] as string
  await drafts.update(id, request(n))
  if (n % 5 === 0) await drafts.rename(id, `draft ${n} renamed`)
  n++
  if (!announced) {
    announced = true
    process.stdout.write('saving\n')
  }
}
