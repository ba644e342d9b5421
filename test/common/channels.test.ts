import { describe, expect, it } from 'vitest'
import { appChannels, appEvents } from '../../common/channels/app'
import { connectionChannels, connectionEvents } from '../../common/channels/connections'
import { downloadChannels, downloadEvents } from '../../common/channels/downloads'
import { draftChannels, draftEvents } from '../../common/channels/drafts'
import { fileChannels } from '../../common/channels/files'
import { insightChannels } from '../../common/channels/insights'
import { outputChannels } from '../../common/channels/outputs'
import { queueChannels, queueEvents } from '../../common/channels/queue'
import { eventChannelNames, invokeChannelNames } from '../../common/contract'

/** Each feature file and the prefixes it owns; contract.ts spreads them, so a name declared twice would be lost. */
const features: [string, Record<string, unknown>, Record<string, unknown>, string[]][] = [
  ['app', appChannels, appEvents, ['app']],
  ['connections', connectionChannels, connectionEvents, ['connections', 'session', 'keychain']],
  ['queue', queueChannels, queueEvents, ['queue', 'jobs']],
  ['outputs', outputChannels, {}, ['outputs']],
  ['drafts', draftChannels, draftEvents, ['drafts']],
  ['downloads', downloadChannels, downloadEvents, ['downloads']],
  ['files', fileChannels, {}, ['files', 'desktop']],
  ['insights', insightChannels, {}, ['insights', 'history']]
]

describe('the channel files', () => {
  it.each(features)('%s declares only channels of its own prefixes', (_name, invoke, events, prefixes) => {
    const names = [...Object.keys(invoke), ...Object.keys(events)]
    expect(names.length).toBeGreaterThan(0)
    for (const name of names) expect(prefixes).toContain(name.slice(0, name.indexOf('.')))
  })

  it('assemble into the contract with no name declared twice and none left out', () => {
    const invoke = features.flatMap(([, channels]) => Object.keys(channels))
    const events = features.flatMap(([, , e]) => Object.keys(e))
    expect(new Set(invoke).size).toBe(invoke.length)
    expect(new Set(events).size).toBe(events.length)
    expect([...invoke].sort()).toEqual([...invokeChannelNames].sort())
    expect([...events].sort()).toEqual([...eventChannelNames].sort())
  })
})
