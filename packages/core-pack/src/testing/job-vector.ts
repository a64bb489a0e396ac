/** The durable demo job of artifacts.md §11.2 D (`state.json` and `events.jsonl`), as parsed records. */
export const demoJobState = {
  schema_id: 'gait.job.runtime',
  schema_version: '1.0.0',
  created_at: '2026-02-14T00:00:00Z',
  updated_at: '2026-02-14T00:05:00Z',
  producer_version: '0.0.0-dev',
  job_id: 'job_demo_durable',
  status: 'completed',
  stop_reason: 'completed',
  status_reason_code: 'completed',
  environment_fingerprint: 'envfp:demo-durable',
  revision: 5,
  checkpoints: [
    { checkpoint_id: 'cp_0001', created_at: '2026-02-14T00:01:00Z', type: 'decision-needed', summary: 'approval required to continue', required_action: 'security_review', reason_code: 'checkpoint_decision_needed', actor: 'demo.user' },
    { checkpoint_id: 'cp_0002', created_at: '2026-02-14T00:05:00Z', type: 'completed', summary: 'durable demo complete', reason_code: 'checkpoint_completed', actor: 'demo.user' },
  ],
  approvals: [{ created_at: '2026-02-14T00:03:00Z', actor: 'demo.approver', reason: 'approved_for_resume' }],
};

const event = (revision: number, minute: number, type: string, actor: string, reason_code: string, payload: Record<string, unknown>) => ({
  schema_id: 'gait.job.event',
  schema_version: '1.0.0',
  created_at: `2026-02-14T00:0${minute}:00Z`,
  job_id: 'job_demo_durable',
  revision,
  type,
  actor,
  reason_code,
  payload,
});

export const demoJobEvents = [
  event(1, 0, 'submitted', 'demo.user', 'submitted', { environment_fingerprint: 'envfp:demo-durable' }),
  event(2, 1, 'checkpoint_added', 'demo.user', 'checkpoint_decision_needed', { checkpoint_id: 'cp_0001', checkpoint_type: 'decision-needed', required_action: 'security_review' }),
  event(3, 3, 'approved', 'demo.approver', 'approval_recorded', { reason: 'approved_for_resume' }),
  event(4, 4, 'resumed', 'demo.user', 'resumed', { reason: 'approved_resume' }),
  event(5, 5, 'checkpoint_added', 'demo.user', 'checkpoint_completed', { checkpoint_id: 'cp_0002', checkpoint_type: 'completed', required_action: '' }),
];
