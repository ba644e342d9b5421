import { describe, expect, it } from 'vitest'
import {
  authenticateMessage,
  challengeMessage,
  fileTimeMs,
  messageType,
  negotiateMessage,
  ntlmv2Response,
  ntowfv2,
  parseAuthenticate,
  parseChallenge,
  splitAccount,
  verifyAuthenticate
} from '../../../main/granta/ntlm'

const hex = (s: string) => Buffer.from(s.replace(/\s+/g, ''), 'hex')
const user = { username: 'User', domain: 'Domain', password: 'Password' }
// MS-NLMP 4.2.4.3: the CHALLENGE_MESSAGE of the NTLMv2 examples (server "Server", domain "Domain").
const specChallenge = hex(
  '4e544c4d53535000020000000c000c003800000033828ae20123456789abcdef00000000000000002400240044000000' +
    '060070170000000f53006500720076006500720002000c0044006f006d00610069006e0001000c005300650072007600' +
    '6500720000000000'
)
const specTargetInfo = hex('02000c0044006f006d00610069006e0001000c0053006500720076006500720000000000')

describe('NTLMv2 against the MS-NLMP test vectors (4.2.4)', () => {
  it('NTOWFv2 (4.2.4.1.1)', async () => {
    expect((await ntowfv2('User', 'Domain', 'Password')).toString('hex')).toBe('0c868a403bfd7a93a3001ef22ef02e3f')
  })

  it('LMv2 and NTLMv2 responses and the session base key (4.2.4.2)', async () => {
    const r = await ntlmv2Response(
      user,
      hex('0123456789abcdef'),
      hex('aaaaaaaaaaaaaaaa'),
      Buffer.alloc(8),
      specTargetInfo
    )
    expect(r.lm.toString('hex')).toBe('86c35097ac9cec102554764a57cccc19aaaaaaaaaaaaaaaa')
    expect(r.ntProofStr.toString('hex')).toBe('68cd0ab851e51c96aabc927bebef6a1c')
    expect(r.sessionBaseKey.toString('hex')).toBe('8de40ccadbc14a82f15cb0ad0de95ca3')
  })

  it('reads the specification challenge message', () => {
    const c = parseChallenge(specChallenge)
    expect(c.serverChallenge.toString('hex')).toBe('0123456789abcdef')
    expect(c.targetInfo.equals(specTargetInfo)).toBe(true)
    expect(c.domain).toBe('Domain')
    expect(c.serverTimeMs).toBeNull()
  })

  it('builds an AUTHENTICATE_MESSAGE whose NTLMv2 proof is the specification one', async () => {
    const m = await authenticateMessage(user, parseChallenge(specChallenge), {
      nowMs: fileTimeMs(Buffer.alloc(8)),
      clientChallenge: hex('aaaaaaaaaaaaaaaa'),
      workstation: 'COMPUTER'
    })
    expect(messageType(m)).toBe(3)
    const parsed = parseAuthenticate(m)
    expect(parsed).toMatchObject({ username: 'User', domain: 'Domain', workstation: 'COMPUTER' })
    expect(parsed.nt.subarray(0, 16).toString('hex')).toBe('68cd0ab851e51c96aabc927bebef6a1c')
  })
})

describe('a whole handshake between our client and server halves', () => {
  const nowMs = Date.UTC(2026, 11, 1, 12, 0, 0)
  const type2 = () =>
    challengeMessage({ serverChallenge: hex('1122334455667788'), domain: 'SANDBOX', computer: 'GRANTA', nowMs })

  it('verifies the right password and the client clock, refuses a wrong one', async () => {
    expect(messageType(negotiateMessage())).toBe(1)
    const challenge = parseChallenge(type2())
    expect(challenge).toMatchObject({ domain: 'SANDBOX', serverTimeMs: nowMs })
    const creds = { username: 'writer', domain: 'SANDBOX', password: 'writer-pass' }
    const answer = parseAuthenticate(await authenticateMessage(creds, challenge, { nowMs: nowMs + 1000 }))
    expect(await verifyAuthenticate(answer, challenge.serverChallenge, 'writer-pass')).toEqual({
      ok: true,
      clientTimeMs: nowMs + 1000
    })
    expect((await verifyAuthenticate(answer, challenge.serverChallenge, 'wrong')).ok).toBe(false)
    // A replay against another challenge fails too.
    expect((await verifyAuthenticate(answer, hex('0000000000000000'), 'writer-pass')).ok).toBe(false)
  })

  it('splits DOMAIN\\user, user@domain and a bare user', () => {
    expect(splitAccount('CORP\\jane')).toEqual({ domain: 'CORP', username: 'jane' })
    expect(splitAccount('jane@corp.example')).toEqual({ domain: 'corp.example', username: 'jane' })
    expect(splitAccount('jane')).toEqual({ domain: '', username: 'jane' })
  })

  it('refuses messages of the wrong type', () => {
    expect(() => parseChallenge(negotiateMessage())).toThrow(/not an NTLM challenge/)
    expect(() => parseAuthenticate(type2())).toThrow(/not an NTLM authenticate/)
  })
})
