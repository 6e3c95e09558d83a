export { DAY_MS, SEED_EPOCH, SeededRandom, padId } from './seed/random';
export { DEV_USER_PASSWORD, SEED_USER_COUNT, findSeedUserByEmail, seedUsers, type SeedAddress, type SeedUser } from './seed/users';
