export { runDoctor, DOCTOR_SCHEMA_ID, type DoctorOptions, type DoctorResult } from './doctor.js';
export { shellQuote, type DoctorCheck, type CheckStatus, type CheckScope } from './check.js';
export { onboardingMode, type OnboardingMode } from './checks/mode.js';
export { satisfiesEngines } from './checks/runtime.js';
export { REQUIRED_SCHEMAS } from './checks/repo.js';
export { OSS_PROD_TEMPLATE_PATH } from './template.js';
export { adoptionReport, type AdoptionReport } from './adoption.js';
