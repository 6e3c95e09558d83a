export {
  BFF_APPS,
  DEFAULT_PORTS,
  DEFAULT_MANAGEMENT_PORTS,
  DEV_ONLY_APP_ENV,
  DEV_PARTNER_ADMIN_TOKEN,
  REPO_ROOT,
  STACK_APPS,
  productionBuildLayout,
  startReplica,
  startStack,
  waitForReady,
  wiringEnv,
  type AppExit,
  type BffApp,
  type RunningStack,
  type StackApp,
  type StackOptions,
} from './stack';
export { PORT_SLICE_OFFSET_ENV, acceptsConnections, freePort } from './ports';
export { affectedSuites, type SuiteSelection } from './affected-suites';
export { bundledChromium, findSystemChromium, launchChromium, launchChromiumFrom, type ChromiumCandidate } from './browser';
export { scopesByRoute } from './route-scopes';
export { CookieJar, fetchWithCookies, type StoredCookie } from './cookie-jar';
export {
  IdpLoginError,
  OAuthError,
  buildAuthorizationRequest,
  clientCredentialsToken,
  completeIdpLogin,
  completeIdpLogout,
  createPkce,
  discover,
  introspectToken,
  loginWithPassword,
  mobileAppLogin,
  parseForms,
  refreshTokens,
  revokeToken,
  tokenRequest,
  type AuthorizationRequest,
  type AuthorizationRequestOptions,
  type ClientAuth,
  type ClientCredentialsOptions,
  type IntrospectOptions,
  type OidcDiscovery,
  type PasswordLoginOptions,
  type PasswordLoginResult,
  type PkcePair,
  type RefreshOptions,
  type RevokeOptions,
  type TokenSet,
} from './oidc';
export { WEB_SESSION_COOKIE, finishWebLogin, loginToWebBff, startWebLogin, webApi, type WebLogin } from './web-login';
export { TEST_RUN_DIR_ENV, createRunDir, killLeftovers, recordChild } from './test-run';
export {
  TEST_REDIS_CLUSTER_URL_ENV,
  TEST_REDIS_MISSING_ENV,
  TEST_REDIS_URL_ENV,
  openRedisLink,
  slotRanges,
  startSilentRedis,
  startTestRedis,
  startTestRedisCluster,
  startSentinelSet,
  testRedisClusterUrl,
  testRedisUrl,
  type RedisLink,
} from './test-redis';
export {
  deeplyNestedJson,
  describeHostileRequest,
  fuzzSeed,
  hostileRequest,
  mappedRoutes,
  sendHostileRequests,
  type HostileRequest,
  type HostileRequestOptions,
  type HostileRunOptions,
  type MappedRoute,
  type RouteInputs,
} from './hostile-requests';
export { ada, grete, order, product } from './fixtures/domain-fixtures';
export { startTestIssuer, type TestIssuer } from './test-issuer';
export { configRefusal } from './config-refusal';
export {
  assertAnswerKeepsContract,
  documentSchemaValidator,
  startContractProxy,
  violationsOf,
  type ContractProxy,
  type ContractViolation,
} from './contract-proxy';
export { eventually } from './eventually';
