import type { BearerPrincipal } from '@facet/auth';
import { UsersService } from './users.service';

const principal = (subject: string, isUser: boolean): BearerPrincipal => ({
  subject,
  clientId: isUser ? 'facet-mobile' : subject,
  scopes: [],
  isUser,
  token: 't',
  claims: {},
});

describe('UsersService', () => {
  const users = new UsersService();
  const ada = principal('u_0001', true);
  const service = principal('facet-web-bff', false);

  it("shows a user's token only that user, answering any other as not found", () => {
    expect(users.get(ada, 'u_0001').email).toBe('ada@example.test');
    expect(() => users.get(ada, 'u_0002')).toThrow(expect.objectContaining({ status: 404 }));
    expect(users.batch(ada, ['u_0002', 'u_0001'])).toMatchObject({ items: [{ id: 'u_0001' }], missing: ['u_0002'] });
  });

  it('shows a service token every user', () => {
    const { items, missing } = users.batch(service, ['u_0002', 'u_0999', 'u_0001']);
    expect(items.map((user) => user.id)).toEqual(['u_0002', 'u_0001']);
    expect(missing).toEqual(['u_0999']);
    expect(() => users.get(service, 'u_0999')).toThrow(expect.objectContaining({ status: 404 }));
  });
});
