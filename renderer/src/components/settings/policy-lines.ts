import type { Policy, PolicyInfo } from '../../../../common/policy'

/** One line of Settings → "Set by your organisation": what IT set, in words. */
export interface PolicyLine {
  key: keyof Policy
  label: string
  value: string
}

const levels: Record<NonNullable<Policy['logLevel']>, string> = {
  error: 'Errors only',
  warn: 'Warnings and errors',
  info: 'Normal',
  debug: 'Detailed (debug)'
}

/** What IT set, one line per policy value, in a fixed order; nothing for values IT did not set. */
export function policyLines(policy: Policy): PolicyLine[] {
  const lines: PolicyLine[] = []
  const conns = policy.defaultConnections
  if (conns)
    lines.push({
      key: 'defaultConnections',
      label: 'Connections',
      value: conns.length ? conns.map((c) => `${c.name} (${c.url})`).join(', ') : 'None'
    })
  if (policy.neverSavePasswords !== undefined)
    lines.push({
      key: 'neverSavePasswords',
      label: 'Passwords',
      value: policy.neverSavePasswords
        ? 'Never remembered on this computer'
        : 'May be remembered in the system keychain'
    })
  if (policy.updateUrl) lines.push({ key: 'updateUrl', label: 'Update server', value: policy.updateUrl })
  if (policy.logLevel) lines.push({ key: 'logLevel', label: 'Log detail', value: levels[policy.logLevel] })
  return lines
}

/** Where the policy came from, for the card's description. */
export function policySourceText(info: PolicyInfo): string {
  switch (info.source) {
    case 'registry':
      return 'Read from the Windows registry (HKLM\\Software\\Policies\\JobQueue Desktop) when the app started.'
    case 'file':
      return 'Read from policy.json beside JobQueue Desktop.exe when the app started.'
    case 'none':
      return 'Your organisation has not set any policy for JobQueue Desktop.'
  }
}
