export { OidcFlow, defaultSignInTimeoutMs, type OidcFlowOptions, type Tokens } from './flow'
export { OidcSession, type OidcSessionOptions, type RefreshTokenStore } from './session'
export { bearerChallenge, isLoopbackHttp, type BearerChallenge } from './challenge'
