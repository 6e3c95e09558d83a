import { ConfigurationError, type ConfigClass, configValidator } from '@facet/platform';

/**
 * For config tests: the message with which `config` refuses an environment. Accepting it, or failing with anything
 * but a ConfigurationError, throws, so a test of a refusal cannot pass by accident.
 */
export function configRefusal(config: ConfigClass<object>): (env: Record<string, string>) => string {
  const validate = configValidator(config);
  return (env) => {
    try {
      validate(env);
    } catch (error) {
      if (error instanceof ConfigurationError) return error.message;
      throw error;
    }
    throw new Error('the configuration was accepted');
  };
}
