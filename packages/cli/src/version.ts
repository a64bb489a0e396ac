import packageJson from '../package.json' with { type: 'json' };

/**
 * The CLI version, from package.json. The bundler inlines the JSON, so reading it costs nothing
 * at start-up. A leading `v` is stripped as the reference's resolver does.
 */
export const cliVersion: string = packageJson.version.replace(/^v/, '');
