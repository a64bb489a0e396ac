/**
 * Every `gait` command. `runCli` registers each class exported here, so adding a command is one
 * line: write `src/commands/<family>/<name>.ts` with a class that extends `GaitCommand` (static
 * `paths`, `usage`, and `explain`/`family` where the reference has them), then export it below,
 * e.g. `export { GateEvalCommand } from './gate/eval.js';`. Keep command files light: load the
 * engine with `await import(...)` inside `run()`, so `gait version` loads no engine.
 */
export { KeysInitCommand } from './keys/init.js';
export { KeysRotateCommand } from './keys/rotate.js';
export { KeysVerifyCommand } from './keys/verify.js';
export { VersionCommand } from './version.js';
export { DemoCommand } from './demo.js';
export { VerifyCommand } from './verify.js';
export { VerifySessionChainCommand } from './verify-session-chain.js';
export { RunRecordCommand } from './run/record.js';
export { RunInspectCommand } from './run/inspect.js';
export { RunDiffCommand } from './run/diff.js';
export { RunReplayCommand } from './run/replay.js';
export { RunReceiptCommand } from './run/receipt.js';
export { RunSessionStartCommand } from './run/session/start.js';
export { RunSessionAppendCommand } from './run/session/append.js';
export { RunSessionStatusCommand } from './run/session/status.js';
export { RunSessionCheckpointCommand } from './run/session/checkpoint.js';
export { RegressInitCommand } from './regress/init.js';
export { RegressRunCommand } from './regress/run.js';
export { RegressBootstrapCommand } from './regress/bootstrap.js';
export { GateEvalCommand } from './gate/eval.js';
export { ApproveCommand } from './approve.js';
export { DelegateMintCommand } from './delegate/mint.js';
export { DelegateVerifyCommand } from './delegate/verify.js';
export { TraceVerifyCommand } from './trace/verify.js';
export { PolicyInitCommand } from './policy/init.js';
export { PolicyValidateCommand } from './policy/validate.js';
export { PolicyFmtCommand } from './policy/fmt.js';
export { PolicyTestCommand } from './policy/test.js';
export { PolicySimulateCommand } from './policy/simulate.js';
export { JobSubmitCommand } from './job/submit.js';
export { JobStatusCommand } from './job/status.js';
export { JobCheckpointAddCommand } from './job/checkpoint-add.js';
export { JobCheckpointListCommand } from './job/checkpoint-list.js';
export { JobCheckpointShowCommand } from './job/checkpoint-show.js';
export { JobPauseCommand } from './job/pause.js';
export { JobApproveCommand } from './job/approve.js';
export { JobResumeCommand } from './job/resume.js';
export { JobCancelCommand } from './job/cancel.js';
export { JobStopCommand } from './job/stop.js';
export { JobInspectCommand } from './job/inspect.js';
export { JobRecoverCommand } from './job/recover.js';
export { RunReduceCommand } from './run/reduce.js';
export { RunSessionCompactCommand } from './run/session/compact.js';
export { DoctorCommand } from './doctor/doctor.js';
export { TourCommand } from './tour/tour.js';
export { MigrateCommand } from './migrate/migrate.js';
export { PackBuildCommand } from './pack/build.js';
export { PackVerifyCommand } from './pack/verify.js';
export { PackInspectCommand } from './pack/inspect.js';
export { PackDiffCommand } from './pack/diff.js';
export { VoicePackBuildCommand } from './voice/pack-build.js';
export { VoicePackVerifyCommand } from './voice/pack-verify.js';
export { VoicePackInspectCommand } from './voice/pack-inspect.js';
export { VoicePackDiffCommand } from './voice/pack-diff.js';
export { GuardPackCommand } from './guard/pack.js';
export { GuardVerifyCommand } from './guard/verify.js';
export { GuardEncryptCommand, GuardDecryptCommand } from './guard/encrypt.js';
export { GuardRetainCommand } from './guard/retain.js';
export { IncidentPackCommand } from './incident/pack.js';
export { VerifyChainCommand } from './verify-chain.js';
export { DoctorAdoptionCommand } from './doctor/adoption.js';
export { McpProxyCommand } from './mcp/proxy.js';
export { McpServeCommand } from './mcp/serve.js';
export { McpVerifyCommand } from './mcp/verify.js';
export { ScoutSnapshotCommand } from './scout/snapshot.js';
export { ScoutDiffCommand } from './scout/diff.js';
export { ScoutSignalCommand } from './scout/signal.js';
export { RegistryInstallCommand } from './registry/install.js';
export { RegistryListCommand } from './registry/list.js';
export { RegistryVerifyCommand } from './registry/verify.js';
export { UiCommand } from './ui/ui.js';
