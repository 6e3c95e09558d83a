import { errorPage, escapeHtml, loginPage, logoutConfirmPage } from './pages';

const SCRIPT = '<script>alert(1)</script>';

describe('dev-idp pages', () => {
  it('escapes HTML metacharacters', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
  });

  it('labels the login inputs and posts to the interaction', () => {
    const html = loginPage({ action: '/interaction/abc/login', clientName: 'Facet web' });
    expect(html).toContain('<form method="post" action="/interaction/abc/login">');
    expect(html).toContain('<label for="email">Email</label>');
    expect(html).toMatch(/<input id="email" name="email" type="email"/);
    expect(html).toContain('<label for="password">Password</label>');
    expect(html).toMatch(/<input id="password" name="password" type="password"/);
    expect(html).toContain('<button type="submit">Sign in</button>');
    expect(html).not.toContain('role="alert"');
  });

  it('shows a refusal as an alert tied to the inputs, keeping the email', () => {
    const html = loginPage({
      action: '/interaction/abc/login',
      clientName: 'Facet web',
      email: 'ada@example.test',
      error: 'Wrong email or password.',
    });
    expect(html).toContain('<p id="login-error" role="alert">Wrong email or password.</p>');
    expect(html).toContain('value="ada@example.test" aria-invalid="true" aria-describedby="login-error"');
  });

  it('escapes everything it did not write itself', () => {
    const html = loginPage({ action: '/interaction/"x"/login', clientName: SCRIPT, email: `"><script>`, error: SCRIPT });
    const error = errorPage(SCRIPT, SCRIPT, { [SCRIPT]: SCRIPT });
    for (const page of [html, error]) {
      expect(page).not.toContain('<script>');
      expect(page).toContain('&lt;script&gt;');
    }
    expect(html).toContain('action="/interaction/&quot;x&quot;/login"');
  });

  it('has no scripts or inline styles (a strict Content-Security-Policy holds)', () => {
    const pages = [
      loginPage({ action: '/interaction/abc/login', clientName: 'Facet web', error: 'x' }),
      logoutConfirmPage('<form id="op.logoutForm" method="post" action="/session/end/confirm"></form>', 'Facet web'),
      errorPage('Oops', 'Something'),
    ];
    for (const page of pages) expect(page).not.toMatch(/<script|<style|\sstyle=|\son[a-z]+=/i);
  });

  it('puts the logout buttons on the provider form', () => {
    const html = logoutConfirmPage('<form id="op.logoutForm"></form>');
    expect(html).toContain('<button type="submit" form="op.logoutForm" name="logout" value="yes">Sign out</button>');
    expect(html).toContain('<button type="submit" form="op.logoutForm">Stay signed in</button>');
  });
});
