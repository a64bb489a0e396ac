import { Option } from 'clipanion';
import { GaitCommand } from '../../gait-command.js';
import { cliVersion } from '../../version.js';
import { regressFamily } from './family.js';

/**
 * The flags `regress run` and `regress bootstrap` share. Flags must come before any positional
 * and no positional is accepted (the regress leaves do not reorder flags in the reference).
 */
export abstract class RegressRunFlags extends GaitCommand {
  static override family = regressFamily;
  static override interspersedFlags = false;

  config = Option.String('--config', 'gait.yaml', { description: 'Regress config (JSON, despite the name)' });
  output = Option.String('--output', 'regress_result.json', { description: 'Where to write the result JSON' });
  junit = Option.String('--junit', { description: 'Also write a JUnit XML report here' });
  allowNondeterministic = Option.Boolean('--allow-nondeterministic', false, {
    description: 'Accepted for compatibility with the reference; graders here are deterministic already',
  });
  contextConformance = Option.Boolean('--context-conformance', false, { description: 'Require matching context evidence from every fixture' });
  allowContextRuntimeDrift = Option.Boolean('--allow-context-runtime-drift', false, {
    description: 'Let context drift in retrieval times only pass the context check',
  });

  protected runOptions() {
    return {
      workDir: this.context.cwd,
      configPath: this.config,
      outputPath: this.output,
      ...(this.junit === undefined ? {} : { junitPath: this.junit }),
      producerVersion: cliVersion,
      contextConformance: this.contextConformance,
      allowContextRuntimeDrift: this.allowContextRuntimeDrift,
    };
  }
}
