import type { CommandFamily } from '../../gait-command.js';

export const jobFamily: CommandFamily = {
  name: 'job',
  explain:
    'Manage durable job lifecycle controls with deterministic status transitions, checkpoint interrupts, approvals, and resume gating.',
};
