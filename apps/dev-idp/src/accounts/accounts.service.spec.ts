import { DEV_USER_PASSWORD } from '@facet/sandbox';
import { AccountsService } from './accounts.service';

describe('AccountsService', () => {
  const accounts = new AccountsService();

  it('authenticates a seeded user by email (any case) and the development password', () => {
    expect(accounts.authenticate('ada@example.test', DEV_USER_PASSWORD)?.id).toBe('u_0001');
    expect(accounts.authenticate(' Grace@Example.TEST ', DEV_USER_PASSWORD)?.id).toBe('u_0002');
  });

  it('refuses a wrong password and an unknown email', () => {
    expect(accounts.authenticate('ada@example.test', `${DEV_USER_PASSWORD}x`)).toBeUndefined();
    expect(accounts.authenticate('ada@example.test', '')).toBeUndefined();
    expect(accounts.authenticate('nobody@example.test', DEV_USER_PASSWORD)).toBeUndefined();
  });

  it('finds an account by user id with its standard claims', async () => {
    const account = accounts.findAccount('u_0001');
    expect(account?.accountId).toBe('u_0001');
    expect(await account?.claims('id_token', 'openid profile email', {}, [])).toEqual({
      sub: 'u_0001',
      name: 'Ada Lovelace',
      given_name: 'Ada',
      family_name: 'Lovelace',
      email: 'ada@example.test',
      email_verified: true,
    });
    expect(accounts.findAccount('u_9999')).toBeUndefined();
  });
});
