import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import { md4 } from 'hash-wasm'

/**
 * NTLMv2 messages (MS-NLMP): negotiate (type 1), challenge (type 2), authenticate (type 3), and the NTLMv2
 * response. No well-kept JavaScript NTLM library fits one got transport, so this is ours, checked against the
 * specification's test vectors (section 4.2.4). MD4 comes from hash-wasm: Node's OpenSSL 3 has none.
 */

const signature = Buffer.from('NTLMSSP\0', 'latin1')
const flag = {
  unicode: 0x00000001,
  requestTarget: 0x00000004,
  ntlm: 0x00000200,
  alwaysSign: 0x00008000,
  extendedSessionSecurity: 0x00080000,
  targetInfo: 0x00800000,
  bits128: 0x20000000,
  bits56: 0x80000000
}
const negotiateFlags =
  flag.unicode |
  flag.requestTarget |
  flag.ntlm |
  flag.alwaysSign |
  flag.extendedSessionSecurity |
  flag.bits128 |
  flag.bits56
const av = { eol: 0, computer: 1, domain: 2, timestamp: 7 }

const utf16 = (s: string): Buffer => Buffer.from(s, 'utf16le')
const hmacMd5 = (key: Buffer, ...data: Buffer[]): Buffer => {
  const h = createHmac('md5', key)
  for (const d of data) h.update(d)
  return h.digest()
}

/** Windows FILETIME: 100 ns ticks since 1601-01-01, as 8 little-endian bytes. */
export function fileTime(ms: number): Buffer {
  const b = Buffer.alloc(8)
  b.writeBigUInt64LE((BigInt(Math.round(ms)) + 11_644_473_600_000n) * 10_000n)
  return b
}
export const fileTimeMs = (b: Buffer): number => Number(b.readBigUInt64LE(0) / 10_000n - 11_644_473_600_000n)

/** NTOWFv2 = HMAC-MD5(MD4(UTF-16LE(password)), UTF-16LE(upper(user) + domain)). */
export async function ntowfv2(user: string, domain: string, password: string): Promise<Buffer> {
  const nt = Buffer.from(await md4(utf16(password)), 'hex')
  return hmacMd5(nt, utf16(user.toUpperCase() + domain))
}

function isNtlm(b: Buffer, type: number): boolean {
  return b.length >= 12 && b.subarray(0, 8).equals(signature) && b.readUInt32LE(8) === type
}

function field(b: Buffer, at: number): Buffer {
  const length = b.readUInt16LE(at)
  const offset = b.readUInt32LE(at + 4)
  if (offset + length > b.length) throw new Error('NTLM message field runs past its end')
  return b.subarray(offset, offset + length)
}

/** Writes security buffers (length, length, offset) at `at` and appends their payloads after `headerSize`. */
function layout(header: Buffer, fields: { at: number; data: Buffer }[]): Buffer {
  let offset = header.length
  for (const f of fields) {
    header.writeUInt16LE(f.data.length, f.at)
    header.writeUInt16LE(f.data.length, f.at + 2)
    header.writeUInt32LE(offset, f.at + 4)
    offset += f.data.length
  }
  return Buffer.concat([header, ...fields.map((f) => f.data)])
}

export function negotiateMessage(): Buffer {
  const b = Buffer.alloc(32)
  signature.copy(b)
  b.writeUInt32LE(1, 8)
  b.writeUInt32LE(negotiateFlags >>> 0, 12)
  return b
}

export interface Challenge {
  flags: number
  serverChallenge: Buffer
  targetInfo: Buffer
  /** The server's clock (MsvAvTimestamp), when it sends one. */
  serverTimeMs: number | null
  domain: string | null
}

export function parseAvPairs(info: Buffer): Map<number, Buffer> {
  const pairs = new Map<number, Buffer>()
  for (let at = 0; at + 4 <= info.length;) {
    const id = info.readUInt16LE(at)
    const length = info.readUInt16LE(at + 2)
    if (id === av.eol) break
    pairs.set(id, info.subarray(at + 4, at + 4 + length))
    at += 4 + length
  }
  return pairs
}

export function parseChallenge(b: Buffer): Challenge {
  if (!isNtlm(b, 2) || b.length < 48) throw new Error('not an NTLM challenge message')
  const flags = b.readUInt32LE(20)
  const targetInfo = flags & flag.targetInfo ? field(b, 40) : Buffer.alloc(0)
  const pairs = parseAvPairs(targetInfo)
  const time = pairs.get(av.timestamp)
  const domain = pairs.get(av.domain)
  return {
    flags,
    serverChallenge: Buffer.from(b.subarray(24, 32)),
    targetInfo: Buffer.from(targetInfo),
    serverTimeMs: time?.length === 8 ? fileTimeMs(time) : null,
    domain: domain ? domain.toString('utf16le') : null
  }
}

function avPair(id: number, value: Buffer): Buffer {
  const b = Buffer.alloc(4)
  b.writeUInt16LE(id, 0)
  b.writeUInt16LE(value.length, 2)
  return Buffer.concat([b, value])
}

/** The server side: a type 2 message with the challenge, names and clock the client mixes into its answer. */
export function challengeMessage(o: { serverChallenge: Buffer; domain: string; computer: string; nowMs: number }) {
  const targetInfo = Buffer.concat([
    avPair(av.domain, utf16(o.domain)),
    avPair(av.computer, utf16(o.computer)),
    avPair(av.timestamp, fileTime(o.nowMs)),
    avPair(av.eol, Buffer.alloc(0))
  ])
  const header = Buffer.alloc(48)
  signature.copy(header)
  header.writeUInt32LE(2, 8)
  header.writeUInt32LE((negotiateFlags | flag.targetInfo) >>> 0, 20)
  o.serverChallenge.copy(header, 24)
  return layout(header, [
    { at: 12, data: utf16(o.domain) },
    { at: 40, data: targetInfo }
  ])
}

export interface Credentials {
  username: string
  domain: string
  password: string
}

/** NTProofStr and the NTLMv2 response for a challenge; `temp` is the client blob. */
export async function ntlmv2Response(
  c: Credentials,
  serverChallenge: Buffer,
  clientChallenge: Buffer,
  timestamp: Buffer,
  targetInfo: Buffer
): Promise<{ ntProofStr: Buffer; nt: Buffer; lm: Buffer; sessionBaseKey: Buffer }> {
  const key = await ntowfv2(c.username, c.domain, c.password)
  const temp = Buffer.concat([
    Buffer.from([1, 1, 0, 0, 0, 0, 0, 0]),
    timestamp,
    clientChallenge,
    Buffer.alloc(4),
    targetInfo,
    Buffer.alloc(4)
  ])
  const ntProofStr = hmacMd5(key, serverChallenge, temp)
  return {
    ntProofStr,
    nt: Buffer.concat([ntProofStr, temp]),
    lm: Buffer.concat([hmacMd5(key, serverChallenge, clientChallenge), clientChallenge]),
    sessionBaseKey: hmacMd5(key, ntProofStr)
  }
}

/** "DOMAIN\user" or "user@domain" or "user". */
export function splitAccount(account: string): { username: string; domain: string } {
  const slash = account.indexOf('\\')
  if (slash >= 0) return { domain: account.slice(0, slash), username: account.slice(slash + 1) }
  const at = account.lastIndexOf('@')
  if (at > 0) return { username: account.slice(0, at), domain: account.slice(at + 1) }
  return { username: account, domain: '' }
}

/** The client's type 3 message. Its blob carries the client's own clock, so a server can check for skew. */
export async function authenticateMessage(
  c: Credentials,
  challenge: Challenge,
  o: { nowMs: number; workstation?: string; clientChallenge?: Buffer }
): Promise<Buffer> {
  const r = await ntlmv2Response(
    c,
    challenge.serverChallenge,
    o.clientChallenge ?? randomBytes(8),
    fileTime(o.nowMs),
    challenge.targetInfo
  )
  const header = Buffer.alloc(64)
  signature.copy(header)
  header.writeUInt32LE(3, 8)
  header.writeUInt32LE(negotiateFlags >>> 0, 60)
  return layout(header, [
    { at: 12, data: r.lm },
    { at: 20, data: r.nt },
    { at: 28, data: utf16(c.domain) },
    { at: 36, data: utf16(c.username) },
    { at: 44, data: utf16(o.workstation ?? 'JOBQUEUE') },
    { at: 52, data: Buffer.alloc(0) }
  ])
}

export interface Authenticate {
  username: string
  domain: string
  workstation: string
  nt: Buffer
}

export function parseAuthenticate(b: Buffer): Authenticate {
  if (!isNtlm(b, 3) || b.length < 64) throw new Error('not an NTLM authenticate message')
  return {
    nt: Buffer.from(field(b, 20)),
    domain: field(b, 28).toString('utf16le'),
    username: field(b, 36).toString('utf16le'),
    workstation: field(b, 44).toString('utf16le')
  }
}

export const messageType = (b: Buffer): number =>
  b.length >= 12 && b.subarray(0, 8).equals(signature) ? b.readUInt32LE(8) : 0

/**
 * The server side of type 3: true when the NTLMv2 answer proves `password` for the challenge sent.
 * Returns the client's clock from the blob too, for a skew check.
 */
export async function verifyAuthenticate(
  m: Authenticate,
  serverChallenge: Buffer,
  password: string
): Promise<{ ok: boolean; clientTimeMs: number | null }> {
  if (m.nt.length < 16 + 28) return { ok: false, clientTimeMs: null }
  const proof = m.nt.subarray(0, 16)
  const temp = m.nt.subarray(16)
  const key = await ntowfv2(m.username, m.domain, password)
  const expected = hmacMd5(key, serverChallenge, temp)
  return { ok: timingSafeEqual(proof, expected), clientTimeMs: fileTimeMs(temp.subarray(8, 16)) }
}
