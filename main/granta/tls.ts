import { readFile } from 'node:fs/promises'
import { X509Certificate } from 'node:crypto'
import tls from 'node:tls'
import { AppError } from '../../common/errors'

export interface TlsSettings {
  /** A PEM file with one or more extra certificate authorities (corporate root, TLS inspection proxy). */
  caFile?: string
  /** Trust the operating system's certificate store too, where this Node has it (newer Node / Electron). Default: on where available. */
  useSystemStore?: boolean
}

export interface ResolvedTls {
  /** The full list of trusted roots, or undefined to keep Node's defaults. */
  ca?: string[]
  /** What is trusted, for the connection test and logs. */
  description: string
}

type GetCaCertificates = (type?: 'default' | 'system' | 'bundled' | 'extra') => string[]

/** `tls.getCACertificates` exists in Node 22.15+/23.5+; feature-detect it. */
function caGetter(): GetCaCertificates | undefined {
  const fn = (tls as unknown as { getCACertificates?: GetCaCertificates }).getCACertificates
  return typeof fn === 'function' ? fn.bind(tls) : undefined
}

/**
 * Builds the trusted roots: Node's bundled roots (and NODE_EXTRA_CA_CERTS), the OS store when asked and
 * available, and the extra CA file. Certificate checks always stay on.
 */
export async function resolveTls(settings: TlsSettings | undefined): Promise<ResolvedTls> {
  const get = caGetter()
  // The OS store is on by default where this Node can read it (Electron's newer Node), so corporate roots just work.
  const useSystem = settings?.useSystemStore ?? get !== undefined
  if (!settings?.caFile && !(useSystem && get)) {
    return {
      description: settings?.useSystemStore
        ? "Node's built-in certificate authorities (the operating system store is not available in this Node version)"
        : "Node's built-in certificate authorities"
    }
  }
  const roots = new Set<string>(get ? get('default') : tls.rootCertificates)
  const parts = ["Node's built-in certificate authorities"]
  if (useSystem) {
    if (get) {
      for (const c of get('system')) roots.add(c)
      parts.push("the operating system's certificate store")
    } else {
      parts.push('(the operating system store is not available in this Node version)')
    }
  }
  if (settings?.caFile) {
    for (const c of await readCaFile(settings.caFile)) roots.add(c)
    parts.push(`the certificates in ${settings.caFile}`)
  }
  return { ca: [...roots], description: parts.join(', ') }
}

const pemBlock = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g

export async function readCaFile(path: string): Promise<string[]> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code
    throw new AppError(
      code === 'ENOENT' ? 'FileNotFound' : 'Tls',
      `The certificate authority file "${path}" could not be read${code === 'ENOENT' ? ': it does not exist' : ` (${code ?? 'error'})`}. Choose the file again in the connection settings.`,
      { field: 'tls.caFile', step: 'probe' }
    )
  }
  const blocks = text.match(pemBlock) ?? []
  const valid = blocks.filter((b) => {
    try {
      new X509Certificate(b)
      return true
    } catch {
      return false
    }
  })
  if (valid.length === 0) {
    throw new AppError(
      'Tls',
      `"${path}" holds no PEM certificate (text starting with -----BEGIN CERTIFICATE-----). Export the authority's certificate as Base-64 (PEM) and choose that file.`,
      { field: 'tls.caFile', step: 'probe' }
    )
  }
  return valid
}
