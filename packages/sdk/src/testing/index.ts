export { fixedClock, manualClock, type SteppingClock } from './clock.js';
export { testKeyPair } from './keys.js';
export { intent, target, type IntentBuilderOptions } from './intents.js';
export { expectVerdict, readTrace, expectSignedTrace, type TraceRecord } from './assertions.js';
