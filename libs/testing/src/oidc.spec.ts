import { createHash } from 'node:crypto';
import { createPkce, parseForms } from './oidc';

describe('parseForms', () => {
  it('reads action, method, hidden values and input names the way a browser submits them', () => {
    const html = `<form id="op.logoutForm" method="post" action="http://localhost:4000/session/end/confirm"><input type="hidden" name="xsrf" value="a&amp;b"/></form>
      <form method="post" action="/interaction/abc/login">
        <input id="email" name="email" type="email" value="ada@example.test" required>
        <input id="password" name="password" type="password" value="leaked?" required>
        <button type="submit">Sign in</button>
      </form>`;
    expect(parseForms(html, 'http://localhost:4000/interaction/abc')).toEqual([
      { action: 'http://localhost:4000/session/end/confirm', method: 'post', fields: { xsrf: 'a&b' }, inputs: ['xsrf'] },
      {
        action: 'http://localhost:4000/interaction/abc/login',
        method: 'post',
        fields: { email: 'ada@example.test' },
        inputs: ['email', 'password'],
      },
    ]);
  });

  it('submits to the page itself, with GET, when the form says nothing', () => {
    expect(parseForms('<form><input name="q"></form>', 'http://localhost:4000/search?x=1')).toEqual([
      { action: 'http://localhost:4000/search?x=1', method: 'get', fields: {}, inputs: ['q'] },
    ]);
  });
});

describe('createPkce', () => {
  it('makes an S256 challenge from a fresh 43-character verifier', () => {
    const first = createPkce();
    expect(first.verifier).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(first.challenge).toBe(createHash('sha256').update(first.verifier).digest('base64url'));
    expect(createPkce().verifier).not.toBe(first.verifier);
  });
});
