/** The provider's sign-in form: user name and password of a sandbox user, or Cancel. */
export function loginPage(uid: string, clientId: string, problem: string | null): string {
  const esc = (s: string): string =>
    s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c)
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Sandbox sign-in</title></head>
<body>
<h1>Sign in to the Granta MI sandbox</h1>
<p>The application <code>${esc(clientId)}</code> asks you to sign in.</p>
${problem ? `<p role="alert">${esc(problem)}</p>` : ''}
<form method="post" action="/interaction/${esc(uid)}/login" autocomplete="off">
  <label>User name <input name="login" autofocus></label>
  <label>Password <input name="password" type="password"></label>
  <button type="submit">Sign in</button>
</form>
<form method="post" action="/interaction/${esc(uid)}/abort"><button type="submit">Cancel</button></form>
</body></html>`
}
