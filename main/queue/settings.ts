import { join } from 'node:path'
import { notificationSettingsSchema, type NotificationSettings } from '../../common/queue'
import { JsonFile } from '../store/json-file'

const defaults: NotificationSettings = { myJobs: true }

/** Whether to notify about the user's own jobs; kept in the data folder. */
export class QueueSettings {
  private readonly file: JsonFile<NotificationSettings>
  private value: NotificationSettings | null = null

  constructor(dataDir: string) {
    this.file = new JsonFile({
      path: join(dataDir, 'queue-settings.json'),
      schema: notificationSettingsSchema,
      version: 1
    })
  }

  async get(): Promise<NotificationSettings> {
    if (!this.value) {
      const r = await this.file.read()
      this.value = r.status === 'ok' ? r.value : defaults
    }
    return this.value
  }

  async set(value: NotificationSettings): Promise<NotificationSettings> {
    await this.file.write(value)
    this.value = value
    return value
  }
}
