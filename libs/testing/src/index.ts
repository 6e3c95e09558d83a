export {
  DEFAULT_PORTS,
  DEV_ONLY_APP_ENV,
  REPO_ROOT,
  STACK_APPS,
  freePort,
  startStack,
  waitForReady,
  wiringEnv,
  type RunningStack,
  type StackApp,
  type StackOptions,
} from './stack';
