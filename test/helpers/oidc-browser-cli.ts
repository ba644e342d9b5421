/**
 * A stand-in system browser for command-line tests: `BROWSER="node --import tsx test/helpers/oidc-browser-cli.ts"`.
 * It signs in on the real provider page as OIDC_TEST_LOGIN / OIDC_TEST_PASSWORD and follows the answer back.
 */
import { scriptedBrowser } from './oidc-browser'

const url = process.argv[2]
if (!url) throw new Error('usage: oidc-browser-cli.ts URL')
const browser = scriptedBrowser({
  login: process.env.OIDC_TEST_LOGIN ?? '',
  password: process.env.OIDC_TEST_PASSWORD ?? ''
})
await browser.open(url)
await browser.done
