/**
 * dev-idp's HTML pages: plain, accessible, with every dynamic value escaped and no scripts or inline styles, so
 * they work under a strict Content-Security-Policy.
 */

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => HTML_ESCAPES[char]);
}

function layout(title: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(title)} · Facet dev IdP</title>
</head>
<body>
<main>
<h1>${escapeHtml(title)}</h1>
${body}
</main>
<footer><p><small>Facet's development identity provider: for development and tests only.</small></p></footer>
</body>
</html>
`;
}

export interface LoginPageModel {
  /** Where the form posts: the interaction's own URL, bound to its cookie (oidc-provider's CSRF protection). */
  action: string;
  clientName: string;
  email?: string;
  error?: string;
}

export function loginPage({ action, clientName, email = '', error }: LoginPageModel): string {
  const invalid = error ? ' aria-invalid="true" aria-describedby="login-error"' : '';
  return layout(
    'Sign in',
    `<p>Sign in to continue to <strong>${escapeHtml(clientName)}</strong>.</p>
${error ? `<p id="login-error" role="alert">${escapeHtml(error)}</p>\n` : ''}<form method="post" action="${escapeHtml(action)}">
<p><label for="email">Email</label><br>
<input id="email" name="email" type="email" autocomplete="username" required value="${escapeHtml(email)}"${invalid}></p>
<p><label for="password">Password</label><br>
<input id="password" name="password" type="password" autocomplete="current-password" required${invalid}></p>
<p><button type="submit">Sign in</button></p>
</form>
<p>Every seeded user, such as ada@example.test, signs in with the development password from docs/reference-world.md.</p>`,
  );
}

/** RP-initiated logout asks before ending the session; `form` is oidc-provider's (it carries the XSRF token). */
export function logoutConfirmPage(form: string, clientName?: string): string {
  return layout(
    'Sign out',
    `<p>Sign out of Facet${clientName ? ` (${escapeHtml(clientName)})` : ''}?</p>
${form}
<p><button type="submit" form="op.logoutForm" name="logout" value="yes">Sign out</button>
<button type="submit" form="op.logoutForm">Stay signed in</button></p>`,
  );
}

export function signedOutPage(): string {
  return layout('Signed out', '<p>You are signed out of Facet.</p>');
}

export function errorPage(title: string, message: string, details: Record<string, string> = {}): string {
  const rows = Object.entries(details)
    .map(([name, value]) => `<dt>${escapeHtml(name)}</dt><dd>${escapeHtml(value)}</dd>`)
    .join('\n');
  return layout(title, `<p role="alert">${escapeHtml(message)}</p>${rows ? `\n<dl>\n${rows}\n</dl>` : ''}`);
}
