/** Granta MI's job queue API needs 2024 R2 = 24.2 or later. */
export const minimumVersion = '24.2'

/** Compares dotted integer versions: <0, 0 or >0. Missing parts count as 0. */
export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number)
  const pb = b.split('.').map(Number)
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0)
    if (d !== 0) return d
  }
  return 0
}

/** "24.2" → "2024 R2", for messages. */
export function releaseName(version: string): string {
  const [major, minor] = version.split('.')
  return major && minor ? `${version} (Granta MI 20${major} R${minor})` : version
}
