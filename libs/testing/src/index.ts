export {
  DEFAULT_PORTS,
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
